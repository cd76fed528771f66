/**
 * The home page's search over the compact venue data: text search (typo- and accent-tolerant),
 * place search (commune name or postal code, offline), filters, and sorting by distance.
 * No DOM here, so that it runs in tests as it runs in the browser.
 */
import { departementOfCode } from '../../common/departement.ts';
import { distanceKm } from '../../common/distance.ts';
import { isOpenAt, localWeekTime, type WeekTime } from '../../common/opening.ts';
import {
  FLAG_ACCESSIBILITY,
  FLAG_BOOKING,
  FLAG_WEEKEND,
  type CommuneTable,
  type SearchIndex,
} from '../../common/search-format.ts';
import { editDistance, foldText } from '../../common/text.ts';
import { LIST_FILTERS, type FlagFilter, type HomeState } from '../../common/url-state.ts';
import { TextSearch } from './text-search.ts';

/** A point results are sorted around: a commune found by the search, or the visitor. */
export interface Origin {
  lat: number;
  lon: number;
  /** « Niort (79000) », « votre position ». */
  label: string;
  /** Where the place came from: the search text or the device's location. */
  kind: 'place' | 'device';
}

export interface Results {
  /** Venue positions in the index, in display order. */
  order: number[];
  /** Distance in km of each venue of `order` from `origin`, same order; empty without origin. */
  distances: number[];
  origin: Origin | null;
}

/** Around a place with no text to match: venues within this radius... */
const NEARBY_RADIUS_KM = 30;
/** ...or at least this many of the nearest ones, so a remote village still gets answers. */
const NEARBY_MINIMUM = 20;
/** Typo tolerance applies to communes at least this populous (fewer surprises on venue names). */
const TYPO_MIN_POPULATION = 2000;

const FLAG_BITS: Record<Exclude<FlagFilter, 'ouvert'>, number> = {
  rdv: FLAG_BOOKING,
  accessibilite: FLAG_ACCESSIBILITY,
  weekend: FLAG_WEEKEND,
};

/** The commune table indexed for lookups on every keystroke. */
interface CommuneLookup {
  table: CommuneTable;
  /** Folded name → the most populous commune of that name. */
  byName: Map<string, number>;
  /** Postal code → the most populous commune it serves. */
  byPostalCode: Map<string, number>;
  /** Communes open to typo matching, by first letter of their folded name. */
  typoCandidates: Map<string, Array<{ i: number; folded: string }>>;
}

function indexCommunes(table: CommuneTable): CommuneLookup {
  const lookup: CommuneLookup = { table, byName: new Map(), byPostalCode: new Map(), typoCandidates: new Map() };
  const morePopulous = (i: number, current: number | undefined) =>
    current === undefined || table.population[i]! > table.population[current]!;
  for (let i = 0; i < table.count; i++) {
    const folded = foldText(table.name[i]!);
    if (morePopulous(i, lookup.byName.get(folded))) lookup.byName.set(folded, i);
    for (const code of table.postalCodes[i]!.split(' ')) {
      if (morePopulous(i, lookup.byPostalCode.get(code))) lookup.byPostalCode.set(code, i);
    }
    if (table.population[i]! >= TYPO_MIN_POPULATION) {
      const group = lookup.typoCandidates.get(folded[0]!);
      if (group) group.push({ i, folded });
      else lookup.typoCandidates.set(folded[0]!, [{ i, folded }]);
    }
  }
  return lookup;
}

export class VenueSearch {
  readonly index: SearchIndex;
  private communes: CommuneLookup | null = null;
  // Built on first use (or `prepare()` when the search field gets focus), not with the page: the
  // alphabetical list shown first needs neither, and building them blocks the main thread.
  private textIndex: TextSearch | null = null;
  private communeVenues: Map<string, number[]> | null = null;

  constructor(index: SearchIndex) {
    this.index = index;
    const v = index.venues;
  }

  /** Builds the text-search structures ahead of the first keystroke. */
  prepare(): void {
    void this.text;
    void this.venuesByCommune;
  }

  private get text(): TextSearch {
    if (this.textIndex === null) {
      const v = this.index.venues;
      const services = this.index.vocabularies.services;
      this.textIndex = new TextSearch(v.count, (i) => ({
        name: v.name[i]!,
        place: `${v.commune[i]} ${v.postalCode[i]}`,
        services: services.values.filter((_, bit) => (v.masks.services[i]! >> bit) & 1).join(' '),
      }));
    }
    return this.textIndex;
  }

  /** Folded commune name → venue positions, for place search before the commune table arrives. */
  private get venuesByCommune(): Map<string, number[]> {
    if (this.communeVenues === null) {
      const byCommune = new Map<string, number[]>();
      const communes = this.index.venues.commune;
      for (let i = 0; i < communes.length; i++) {
        const commune = foldText(communes[i]!);
        const list = byCommune.get(commune);
        if (list) list.push(i);
        else byCommune.set(commune, [i]);
      }
      this.communeVenues = byCommune;
    }
    return this.communeVenues;
  }

  /** Adds the commune table (fetched on first focus) to the place search. */
  setCommunes(table: CommuneTable): void {
    this.communes = indexCommunes(table);
  }

  /**
   * The commune a search text designates, if any: a postal code, a commune name (accents,
   * hyphens and case ignored), or a name with one typo (two for long names).
   */
  findPlace(query: string): Origin | null {
    const text = query.trim();
    if (/^\d{5}$/.test(text)) return this.placeFromPostalCode(text);
    // « St Étienne » is how many people write Saint-Étienne.
    const folded = foldText(text).replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte');
    if (folded.length < 2) return null;
    const lookup = this.communes;
    if (!lookup) return this.placeFromVenues(folded);
    let best = lookup.byName.get(folded) ?? -1;
    const limit = folded.length >= 8 ? 2 : folded.length >= 4 ? 1 : 0;
    if (best < 0 && limit > 0) {
      const population = lookup.table.population;
      let bestDistance = Infinity;
      for (const { i, folded: name } of lookup.typoCandidates.get(folded[0]!) ?? []) {
        const distance = editDistance(folded, name, limit);
        if (distance > limit) continue;
        if (distance < bestDistance || (distance === bestDistance && population[i]! > population[best]!)) {
          best = i;
          bestDistance = distance;
        }
      }
    }
    return best < 0 ? null : this.communeOrigin(best, lookup.table.postalCodes[best]!.split(' ')[0] ?? '');
  }

  private communeOrigin(i: number, postalCode: string): Origin {
    const table = this.communes!.table;
    return { lat: table.lat[i]!, lon: table.lon[i]!, label: `${table.name[i]} (${postalCode})`, kind: 'place' };
  }

  private placeFromPostalCode(postalCode: string): Origin | null {
    const best = this.communes?.byPostalCode.get(postalCode);
    if (best !== undefined) return this.communeOrigin(best, postalCode);
    const v = this.index.venues;
    const matching: number[] = [];
    for (let i = 0; i < v.count; i++) if (v.postalCode[i] === postalCode) matching.push(i);
    return this.centroid(matching, postalCode);
  }

  private placeFromVenues(folded: string): Origin | null {
    const matching = this.venuesByCommune.get(folded);
    if (!matching) return null;
    return this.centroid(matching, this.index.venues.commune[matching[0]!]!);
  }

  private centroid(positions: number[], label: string): Origin | null {
    if (positions.length === 0) return null;
    const v = this.index.venues;
    const lat = positions.reduce((sum, i) => sum + v.lat[i]!, 0) / positions.length;
    const lon = positions.reduce((sum, i) => sum + v.lon[i]!, 0) / positions.length;
    return { lat, lon, label, kind: 'place' };
  }

  /** The venues matching every filter of `state`, as a predicate over index positions. */
  private filter(state: HomeState, now: Date): (i: number) => boolean {
    const v = this.index.venues;
    const checks: Array<(i: number) => boolean> = [];
    for (const key of LIST_FILTERS) {
      const vocab = this.index.vocabularies[key];
      let wanted = 0;
      for (const slug of state.lists[key]) {
        const bit = vocab.slugs.indexOf(slug);
        if (bit >= 0) wanted |= 1 << bit;
      }
      const masks = v.masks[key];
      if (wanted) checks.push((i) => (masks[i]! & wanted) !== 0);
    }
    let flags = 0;
    for (const [key, bit] of Object.entries(FLAG_BITS)) if (state.flags[key as keyof typeof FLAG_BITS]) flags |= bit;
    if (flags) checks.push((i) => (v.flags[i]! & flags) === flags);
    if (state.flags.ouvert) {
      const times: WeekTime[] = this.index.timeZones.map((zone) => localWeekTime(now, zone));
      const { schedules } = this.index;
      checks.push((i) => {
        const schedule = schedules[v.schedule[i]!];
        return schedule !== undefined && isOpenAt(schedule, times[this.index.venues.timeZone[i]!]!);
      });
    }
    if (state.dep) {
      const dep = state.dep;
      checks.push((i) => departementOfCode(v.codeInsee[i] || v.postalCode[i]!) === dep);
    }
    if (state.commune) {
      const commune = state.commune;
      checks.push((i) => v.codeInsee[i] === commune);
    }
    return (i) => checks.every((check) => check(i));
  }

  /**
   * The list for a state: a text that names a commune sorts the venues around it; any other text
   * is matched against names, communes, postal codes and services (best matches first, or
   * nearest first when `device` gives the visitor's position).
   */
  run(state: HomeState, device: Origin | null, now: Date): Results {
    const keep = this.filter(state, now);
    // One letter narrows nothing useful: wait for the second.
    const query = foldText(state.q).length >= 2 ? state.q : '';
    const place = query ? this.findPlace(query) : null;
    const origin = place ?? device;
    let order: number[];
    if (query && !place) {
      order = this.text.search(query).filter(keep);
    } else {
      order = [];
      for (let i = 0; i < this.index.venues.count; i++) if (keep(i)) order.push(i);
    }
    if (!origin) return { order, distances: [], origin: null };
    const v = this.index.venues;
    let ranked = order.map((i) => ({ i, d: distanceKm(origin.lat, origin.lon, v.lat[i]!, v.lon[i]!) }));
    if (!query || place) {
      // Around a place, only the nearby venues are listed: select them before sorting, so that a
      // keystroke does not sort 100,000 venues to keep a few hundred.
      const within = ranked.filter((entry) => entry.d <= NEARBY_RADIUS_KM);
      ranked = within.length >= NEARBY_MINIMUM ? within : nearest(ranked, NEARBY_MINIMUM);
    }
    ranked.sort((a, b) => a.d - b.d);
    return { order: ranked.map((entry) => entry.i), distances: ranked.map((entry) => entry.d), origin };
  }
}

/** The `count` entries of smallest distance, unordered, in one pass (count is small). */
function nearest<T extends { d: number }>(entries: T[], count: number): T[] {
  const kept: T[] = [];
  let farthest = -1;
  for (const entry of entries) {
    if (kept.length < count) {
      kept.push(entry);
      if (farthest < 0 || entry.d > kept[farthest]!.d) farthest = kept.length - 1;
    } else if (entry.d < kept[farthest]!.d) {
      kept[farthest] = entry;
      farthest = 0;
      for (let k = 1; k < kept.length; k++) if (kept[k]!.d > kept[farthest]!.d) farthest = k;
    }
  }
  return kept;
}
