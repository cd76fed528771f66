/**
 * The per-page facts of the venue pages, computed once for the whole build in getStaticPaths:
 * titles that tell namesakes apart, the schedule, the nearby venues and where the venue sits in
 * the territory pages. Kept out of the page template so that it can be tested.
 */
import type { WeeklySchedule } from '../common/opening.ts';
import { foldText } from '../common/text.ts';
import type { Venue } from '../pipeline/types.ts';
import type { TerritoryTree } from './territory-view.ts';
import { nearbyVenues } from './venue-view.ts';

export interface VenuePageProps {
  venue: Venue;
  schedule: WeeklySchedule | null;
  /** Unique among venue pages. */
  title: string;
  nearby: Array<{ slug: string; nom: string; commune: string; km: number }>;
  departement: { code: string; nom: string } | null;
  commune: { nom: string; slug: string } | null;
}

/**
 * Page titles must tell venues apart: « name (commune) », plus street and postal code for
 * namesakes (a chain's branches in one city, or « Saint-Pierre » in several départements).
 */
export function venueTitles(venues: readonly Venue[], communeName: (venue: Venue) => string): Map<string, string> {
  const titleKey = (venue: Venue) => `${foldText(venue.record.nom)}\u0000${foldText(communeName(venue))}`;
  const namesakes = new Map<string, number>();
  for (const venue of venues) namesakes.set(titleKey(venue), (namesakes.get(titleKey(venue)) ?? 0) + 1);
  const titles = new Map<string, string>();
  for (const venue of venues) {
    const { nom, adresse, code_postal } = venue.record;
    const commune = communeName(venue);
    const title =
      (namesakes.get(titleKey(venue)) ?? 0) < 2
        ? `${nom} (${commune})`
        : `${nom} (${[adresse, `${code_postal} ${commune}`.trim()].filter(Boolean).join(', ')})`;
    titles.set(venue.slug, title);
  }
  return titles;
}

export function venuePageProps(venues: readonly Venue[], schedules: readonly WeeklySchedule[], tree: TerritoryTree): VenuePageProps[] {
  const nearby = nearbyVenues(venues);
  const communeName = (venue: Venue) => tree.places.get(venue.slug)?.commune?.commune.nom ?? venue.record.commune;
  const titles = venueTitles(venues, communeName);
  return venues.map((venue) => {
    const place = tree.places.get(venue.slug);
    return {
      venue,
      schedule: venue.schedule < 0 ? null : schedules[venue.schedule]!,
      title: titles.get(venue.slug)!,
      nearby: (nearby.get(venue.slug) ?? []).map(({ venue: other, km }) => ({
        slug: other.slug,
        nom: other.record.nom,
        commune: other.record.commune,
        km,
      })),
      departement: place ? { code: place.departement.departement.code, nom: place.departement.departement.nom } : null,
      commune: place?.commune ? { nom: place.commune.commune.nom, slug: place.commune.slug } : null,
    };
  });
}
