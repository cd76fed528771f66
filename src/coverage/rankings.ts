/**
 * Orders and ranks of territories for tables, charts and the département pages. A territory
 * without data (see `TerritoryCoverage.hasData`) is never ranked: it comes last, by name, whatever
 * its figures, since a 100 % « beyond 10 km » there says only that no listing covers it.
 */
import { DISTANCE_THRESHOLDS_KM, type TerritoryCoverage } from './compute.ts';

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Index of `km` in `DISTANCE_THRESHOLDS_KM` (and in `shareBeyondKm`). */
export function thresholdIndex(km: (typeof DISTANCE_THRESHOLDS_KM)[number]): number {
  return DISTANCE_THRESHOLDS_KM.indexOf(km);
}

/** Territories with data first, the largest share of the population beyond `km` first; then those without data, by name. */
export function byShareBeyond(km: (typeof DISTANCE_THRESHOLDS_KM)[number]): (a: TerritoryCoverage, b: TerritoryCoverage) => number {
  const i = thresholdIndex(km);
  return (a, b) =>
    Number(b.hasData) - Number(a.hasData) ||
    (a.hasData ? b.shareBeyondKm[i]! - a.shareBeyondKm[i]! || b.populationBeyondKm[i]! - a.populationBeyondKm[i]! : 0) ||
    byName.compare(a.nom, b.nom) ||
    a.code.localeCompare(b.code);
}

export interface Ranks {
  /** Rank by venues per 10,000 inhabitants, 1 = the most venues per inhabitant. */
  venuesPer10k: number;
  /** Rank by share of the population beyond 10 km, 1 = the largest share far from any venue. */
  beyond10km: number;
  /** How many territories with data were ranked. */
  of: number;
}

/** Competition ranking (« 1, 2, 2, 4 ») of `value` among the territories with data, largest first. */
function rankBy(list: readonly TerritoryCoverage[], value: (t: TerritoryCoverage) => number): Map<string, number> {
  const sorted = list.filter((t) => t.hasData).sort((a, b) => value(b) - value(a));
  const ranks = new Map<string, number>();
  sorted.forEach((t, i) => ranks.set(t.code, i > 0 && value(sorted[i - 1]!) === value(t) ? ranks.get(sorted[i - 1]!.code)! : i + 1));
  return ranks;
}

/** Ranks of each territory with data among `list` (usually the départements); none for the others. */
export function territoryRanks(list: readonly TerritoryCoverage[]): Map<string, Ranks> {
  const tenKm = thresholdIndex(10);
  const density = rankBy(list, (t) => t.venuesPer10k);
  const far = rankBy(list, (t) => t.shareBeyondKm[tenKm]!);
  const of = density.size;
  return new Map([...density].map(([code, rank]) => [code, { venuesPer10k: rank, beyond10km: far.get(code)!, of }]));
}

export interface EpciHighlights {
  /** The EPCIs with the largest share of their population beyond 10 km, nationally. */
  national: TerritoryCoverage[];
  /** The same within each région (by the région of each EPCI's most populous commune). */
  byRegion: Map<string, TerritoryCoverage[]>;
}

/** The EPCIs farthest from any venue, nationally and per région: those with data only. */
export function epciHighlights(epcis: readonly TerritoryCoverage[], count = 10): EpciHighlights {
  const sorted = epcis.filter((e) => e.hasData).sort(byShareBeyond(10));
  const byRegion = new Map<string, TerritoryCoverage[]>();
  for (const epci of sorted) {
    if (epci.region === null) continue;
    const list = byRegion.get(epci.region) ?? [];
    if (list.length < count) list.push(epci);
    byRegion.set(epci.region, list);
  }
  return { national: sorted.slice(0, count), byRegion };
}
