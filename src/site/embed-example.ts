/**
 * The live example of `/integrer/`: a département and a service chosen from the published
 * venues, so that the example shows venues whatever the data (the demo's or the national file):
 * the département with the most venues, and the service its venues offer most often. Venues are
 * counted as the finder counts them: one card per place (`venueCards`, in the list's order), in
 * the département its `dep=` reads, that of the commune, else of the postal code.
 */
import { departementOfCode } from '../common/geography.ts';
import type { Vocabulary } from '../common/search-format.ts';
import { compareVenues } from '../pipeline/6-outputs/search-index.ts';
import { venueCards } from '../pipeline/6-outputs/venue-cards.ts';
import type { Departement, Venue } from '../pipeline/types.ts';

export interface EmbedExample {
  departement: Departement;
  service: { label: string; slug: string };
  /** Venues the example shows (places: a source's doubles of one place count once). */
  venues: number;
}

/** The most frequent key of `keys`, ties going to the first in `localeCompare` order; null when empty. */
function mostFrequent(keys: Iterable<string>): { key: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: { key: string; count: number } | null = null;
  for (const [key, count] of counts) {
    if (!best || count > best.count || (count === best.count && key.localeCompare(best.key) < 0)) best = { key, count };
  }
  return best;
}

/** `services`: the finder's vocabulary of services, whose slugs the `services=` parameter takes. */
export function embedExample(published: readonly Venue[], departements: readonly Departement[], services: Vocabulary): EmbedExample | null {
  const names = new Map(departements.map((d) => [d.code, d]));
  const venues = venueCards([...published].sort(compareVenues)).map((card) => card.venue);
  const departementOf = (v: Venue): string | undefined => departementOfCode(v.geo.codeInsee || v.record.code_postal);
  const departement = mostFrequent(venues.flatMap((v) => {
    const code = departementOf(v);
    return code && names.has(code) ? [code] : [];
  }));
  if (!departement) return null;
  const local = venues.filter((v) => departementOf(v) === departement.key);
  const service = mostFrequent(local.flatMap((v) => v.record.services.filter((label) => services.values.includes(label))));
  if (!service) return null;
  return {
    departement: names.get(departement.key)!,
    service: { label: service.key, slug: services.slugs[services.values.indexOf(service.key)]! },
    venues: service.count,
  };
}
