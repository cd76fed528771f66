/**
 * The home page's search over the compact venue data: text search (typo- and accent-tolerant),
 * place search (commune name or postal code, offline), filters, and sorting by distance.
 * No DOM here, so that it runs in tests as it runs in the browser.
 */
import { departementOfCode, distanceKm } from '../../common/geography.ts';
import { isOpenAt, localWeekTime, type WeekTime } from '../../common/opening.ts';
import {
  FLAG_ACCESSIBILITY,
  FLAG_BOOKING,
  FLAG_WEEKEND,
  type CommuneTable,
  type SearchIndex,
} from '../../common/search-format.ts';
import { editDistance, foldText } from '../../common/text.ts';
import { LIST_FILTERS, type FlagFilter, type HomeState, type ListFilter } from '../../common/url-state.ts';
import type Fuse from 'fuse.js/basic';
import { TextSearch } from './text-search.ts';

/** A point results are sorted around: a commune found by the search, or the visitor. */
export interface Origin {
  lat: number;
  lon: number;
  /** « Niort (79000) », « votre position ». */
  label: string;
  /** Where the place came from: the search text or the device's location. */
  kind: 'place' | 'device';
  /** The commune searched for (its name and département), to tell whether it has venues itself. */
  commune?: { name: string; departement: string };
  /** A postal code searched for: its venues are all listed, whatever their distance. */
  postalCode?: string;
  /** Other communes of the same name, most populous first, when the text did not say which. */
  homonyms?: PlaceChoice[];
}

/** A commune the visitor may have meant: « Saint-Denis », département 93, searched as « Saint-Denis (93) ». */
export interface PlaceChoice {
  name: string;
  departement: string;
  /** The search text that designates this commune alone. */
  query: string;
}

export interface Results {
  /** Venue positions in the index, in display order. */
  order: number[];
  /** Distance in km of each venue of `order` from `origin`, same order; empty without origin. */
  distances: number[];
  origin: Origin | null;
  /** With a commune found among other words, those other words (the text matched); else ''. */
  words: string;
}

/** One group of criteria: a multi-value filter (any of its values) or a yes/no filter. */
interface Criterion {
  key: ListFilter | FlagFilter;
  /** The multi-value filter this group is, if it is one. */
  list?: ListFilter;
  active: boolean;
  /** Whether venue `i` passes this criterion, as it would when active. */
  test: (i: number) => boolean;
}

/** Results each filter value would give with the other criteria: see `VenueSearch.facetCounts`. */
export interface FacetCounts {
  /** Per multi-value filter, one count per vocabulary value (same order as its `values`). */
  lists: Record<ListFilter, number[]>;
  flags: Record<FlagFilter, number>;
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
  /** Département code of each commune (the table's runs, expanded). */
  departement: string[];
  /** Folded name → the communes of that name, most populous first. */
  byName: Map<string, number[]>;
  /** Postal code → the communes it serves, most populous first. */
  byPostalCode: Map<string, number[]>;
  /** Communes open to typo matching, by first letter of their folded name. */
  typoCandidates: Map<string, Array<{ i: number; folded: string }>>;
}

function indexCommunes(table: CommuneTable): CommuneLookup {
  const departement = table.departementRuns.flatMap(([code, count]) => Array<string>(count).fill(code));
  const lookup: CommuneLookup = { table, departement, byName: new Map(), byPostalCode: new Map(), typoCandidates: new Map() };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  // Most populous first: communes are added in that order.
  const byPopulation = Array.from({ length: table.count }, (_, i) => i).sort((a, b) => table.population[b]! - table.population[a]!);
  for (const i of byPopulation) {
    const folded = foldText(table.name[i]!);
    add(lookup.byName, folded, i);
    for (const code of table.postalCodes[i]!.split(' ')) add(lookup.byPostalCode, code, i);
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
  // Built by `prepare()` when the search field gets focus or the URL holds a search, not with the
  // page: the alphabetical list shown first needs neither the fuzzy matcher (8 KB of script) nor
  // the index, and building it blocks the main thread.
  private textIndex: TextSearch | null = null;
  private fuzzyMatcher: typeof Fuse | null = null;
  private preparing: Promise<void> | null = null;
  private communeVenues: Map<string, number[]> | null = null;

  constructor(index: SearchIndex) {
    this.index = index;
  }

  /** Loads the fuzzy matcher and builds the text-search structures, ahead of the first search with words. */
  prepare(): Promise<void> {
    // The basic build: plain fuzzy matching is all this needs (no extended or logical queries), 2 KB less.
    this.preparing ??= import('fuse.js/basic').then((module) => {
      this.fuzzyMatcher = module.default;
      void this.text;
      void this.venuesByCommune;
    });
    return this.preparing;
  }

  /** Whether `run` can match words: false until `prepare()` has resolved. */
  get textReady(): boolean {
    return this.fuzzyMatcher !== null;
  }

  /** Whether `run` must match words for this state: not for an empty text or a place alone. */
  needsText(state: HomeState): boolean {
    const { query, place } = this.placeOf(state);
    return query !== '' && place === null;
  }

  /** The text that counts (one letter narrows nothing useful: wait for the second) and the place it names. */
  private placeOf(state: HomeState): { query: string; place: Origin | null } {
    const query = foldText(state.q).length >= 2 ? state.q : '';
    return { query, place: query ? this.findPlace(query) : null };
  }

  private get text(): TextSearch {
    if (this.fuzzyMatcher === null) throw new Error('VenueSearch.prepare() must resolve before a search with words');
    if (this.textIndex === null) {
      const v = this.index.venues;
      const services = this.index.vocabularies.services;
      this.textIndex = new TextSearch(v.count, (i) => ({
        name: v.name[i]!,
        place: `${v.commune[i]} ${v.postalCode[i]}`,
        services: services.values.filter((_, bit) => (v.masks.services[i]! >> bit) & 1).join(' '),
      }), this.fuzzyMatcher);
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
   * hyphens and case ignored), or a name with one typo (two for long names). A name several
   * communes share gives the most populous, with the others as `homonyms`, unless the text
   * names the département too: « Saint-Denis (93) », « Valence 82 ».
   */
  findPlace(query: string): Origin | null {
    const text = query.trim();
    if (/^\d{5}$/.test(text)) return this.placeFromPostalCode(text);
    const lookup = this.communes;
    const withDepartement = /^(.*\S)[\s,]+\(?(\d{2,3}|2[abAB])\)?$/.exec(text);
    if (withDepartement && lookup) {
      const dep = withDepartement[2]!.toUpperCase();
      const named = lookup.byName.get(placeName(withDepartement[1]!))?.find((i) => lookup.departement[i] === dep);
      if (named !== undefined) return this.communeOrigin(named);
    }
    const folded = placeName(text);
    if (folded.length < 2) return null;
    if (!lookup) return this.placeFromVenues(folded);
    const named = lookup.byName.get(folded);
    if (named) {
      const origin = this.communeOrigin(named[0]!);
      if (named.length > 1) {
        origin.homonyms = named.map((i) => {
          const name = lookup.table.name[i]!;
          const departement = lookup.departement[i]!;
          return { name, departement, query: `${name} (${departement})` };
        });
      }
      return origin;
    }
    const limit = folded.length >= 8 ? 2 : folded.length >= 4 ? 1 : 0;
    if (limit === 0) return null;
    const population = lookup.table.population;
    let best = -1;
    let bestDistance = Infinity;
    for (const { i, folded: name } of lookup.typoCandidates.get(folded[0]!) ?? []) {
      const distance = editDistance(folded, name, limit);
      if (distance > limit) continue;
      if (distance < bestDistance || (distance === bestDistance && population[i]! > population[best]!)) {
        best = i;
        bestDistance = distance;
      }
    }
    return best < 0 ? null : this.communeOrigin(best);
  }

  /** A commune as a place to sort around, labelled with its main postal code (or the one searched). */
  private communeOrigin(i: number, postalCode?: string): Origin {
    const { table, departement } = this.communes!;
    const code = postalCode ?? table.postalCodes[i]!.split(' ')[0] ?? '';
    return {
      lat: table.lat[i]!,
      lon: table.lon[i]!,
      label: `${table.name[i]} (${code})`,
      kind: 'place',
      commune: { name: table.name[i]!, departement: departement[i]! },
    };
  }

  /** A postal code: around its most populous commune, naming every commune it serves. */
  private placeFromPostalCode(postalCode: string): Origin | null {
    const communes = this.communes?.byPostalCode.get(postalCode);
    if (communes) {
      const origin = this.communeOrigin(communes[0]!, postalCode);
      origin.postalCode = postalCode;
      if (communes.length > 1) {
        const table = this.communes!.table;
        origin.label = `${postalCode} (${communes.map((i) => table.name[i]).join(', ')})`;
        // One commune among several: « no venue in it » would say nothing about the others.
        delete origin.commune;
      }
      return origin;
    }
    const v = this.index.venues;
    const matching: number[] = [];
    for (let i = 0; i < v.count; i++) if (v.postalCode[i] === postalCode) matching.push(i);
    const origin = this.centroid(matching, postalCode);
    if (origin) origin.postalCode = postalCode;
    return origin;
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

  /**
   * One test per active criterion group of `state` (each multi-value filter, each yes/no filter),
   * plus the territory, which counts apart: filter counts never lift it.
   */
  private criteria(state: HomeState, now: Date): { groups: Criterion[]; territory: (i: number) => boolean } {
    const v = this.index.venues;
    const groups: Criterion[] = [];
    for (const key of LIST_FILTERS) {
      const vocab = this.index.vocabularies[key];
      let wanted = 0;
      for (const slug of state.lists[key]) {
        const bit = vocab.slugs.indexOf(slug);
        if (bit >= 0) wanted |= 1 << bit;
      }
      const masks = v.masks[key];
      groups.push({ key, list: key, active: wanted !== 0, test: (i) => (masks[i]! & wanted) !== 0 });
    }
    for (const [key, bit] of Object.entries(FLAG_BITS) as Array<[keyof typeof FLAG_BITS, number]>) {
      groups.push({ key, active: state.flags[key], test: (i) => (v.flags[i]! & bit) !== 0 });
    }
    const times: WeekTime[] = this.index.timeZones.map((zone) => localWeekTime(now, zone));
    const { schedules, holidays } = this.index;
    groups.push({
      key: 'ouvert',
      active: state.flags.ouvert,
      test: (i) => {
        const schedule = schedules[v.schedule[i]!];
        return schedule !== undefined && isOpenAt(schedule, times[v.timeZone[i]!]!, holidays[v.holidayZone[i]!]);
      },
    });
    const { dep, commune } = state;
    const territory = (i: number): boolean =>
      (!dep || departementOfCode(v.codeInsee[i] || v.postalCode[i]!) === dep) && (!commune || v.codeInsee[i] === commune);
    return { groups, territory };
  }

  /** The venues matching every filter of `state`, as a predicate over index positions. */
  private filter(state: HomeState, now: Date): (i: number) => boolean {
    const { groups, territory } = this.criteria(state, now);
    const active = groups.filter((group) => group.active);
    return (i) => territory(i) && active.every((group) => group.test(i));
  }

  /**
   * How many venues the list would show with each filter value added to the other criteria of
   * `state` (within a group, values add up: « any of »). Around a place, as in `run`, that is the
   * venues within the radius, or the nearest few wherever they are.
   */
  facetCounts(state: HomeState, device: Origin | null, now: Date): FacetCounts {
    const { groups, territory } = this.criteria(state, now);
    const v = this.index.venues;
    const { candidates, origin: around, nearby } = this.candidates(state, device);
    const origin = nearby !== null ? around : null;
    // Per group, per value: [within the radius, anywhere].
    const tallies = groups.map((group) => (group.list ? this.index.vocabularies[group.list].values.map(() => [0, 0]) : [[0, 0]]));
    const add = (g: number, i: number, near: boolean): void => {
      const group = groups[g]!;
      const counts = tallies[g]!;
      if (!group.list) {
        if (group.test(i)) {
          counts[0]![1]!++;
          if (near) counts[0]![0]!++;
        }
        return;
      }
      let mask = v.masks[group.list][i]!;
      for (let bit = 0; mask; bit++, mask >>>= 1) {
        if (mask & 1) {
          counts[bit]![1]!++;
          if (near) counts[bit]![0]!++;
        }
      }
    };
    for (const i of candidates) {
      if (!territory(i)) continue;
      let failed = -1;
      let failures = 0;
      for (let g = 0; g < groups.length && failures < 2; g++) {
        if (groups[g]!.active && !groups[g]!.test(i)) {
          failed = g;
          failures++;
        }
      }
      if (failures > 1) continue;
      const near = !origin || this.isNear(origin, i, distanceKm(origin.lat, origin.lon, v.lat[i]!, v.lon[i]!));
      if (failures === 1) add(failed, i, near);
      else for (let g = 0; g < groups.length; g++) add(g, i, near);
    }
    const shown = ([near, anywhere]: number[]): number =>
      nearby === null || near! >= nearby ? near! : Math.min(NEARBY_MINIMUM, anywhere!);
    const counts = { lists: {}, flags: {} } as FacetCounts;
    groups.forEach((group, g) => {
      if (group.list) counts.lists[group.list] = tallies[g]!.map(shown);
      else counts.flags[group.key as FlagFilter] = shown(tallies[g]![0]!);
    });
    return counts;
  }

  /**
   * The venues a state's text designates before any filter, the point they are sorted around,
   * and whether only the venues near it are listed: `nearby` is then how many must be near for
   * the list to hold only those (else it holds the `NEARBY_MINIMUM` nearest). A commune named
   * among other words (« aide démarches valence », « Valence caf ») is the place, and the other
   * words the text: the matches near it, if any, else the nearest matches.
   */
  private candidates(
    state: HomeState,
    device: Origin | null,
  ): { candidates: Iterable<number>; origin: Origin | null; nearby: number | null; words?: string } {
    const { query, place } = this.placeOf(state);
    if (place || !query) return { candidates: allPositions(this.index.venues.count), origin: place ?? device, nearby: NEARBY_MINIMUM };
    const split = this.placeAmongWords(query);
    if (split) {
      const found = this.text.search(split.words);
      if (found.length > 0) return { candidates: found, origin: split.place, nearby: 1, words: split.words };
    }
    return { candidates: this.text.search(query), origin: device, nearby: null };
  }

  /** A commune named by the first or last words of a text of several, exactly (no typo: the other words may be anything). */
  private placeAmongWords(query: string): { place: Origin; words: string } | null {
    const words = query.trim().split(/\s+/);
    for (let size = words.length - 1; size >= 1; size--) {
      for (const [placeWords, rest] of [
        [words.slice(-size), words.slice(0, -size)],
        [words.slice(0, size), words.slice(size)],
      ] as const) {
        const text = placeWords.join(' ');
        const exact = /^\d{5}$/.test(text) || this.communes?.byName.has(placeName(text)) || this.venuesByCommune.has(placeName(text));
        const place = exact ? this.findPlace(text) : null;
        if (place) return { place, words: rest.join(' ') };
      }
    }
    return null;
  }

  /** Whether venue `i` is near enough to `origin` to be listed around it whatever else is nearer. */
  private isNear(origin: Origin, i: number, distance: number): boolean {
    return distance <= NEARBY_RADIUS_KM || (origin.postalCode !== undefined && this.index.venues.postalCode[i] === origin.postalCode);
  }

  /**
   * The list for a state: a text that names a commune sorts the venues around it; any other text
   * is matched against names, communes, postal codes and services (best matches first, or
   * nearest first when `device` gives the visitor's position).
   */
  run(state: HomeState, device: Origin | null, now: Date): Results {
    const keep = this.filter(state, now);
    const { candidates, origin, nearby, words = '' } = this.candidates(state, device);
    const order: number[] = [];
    for (const i of candidates) if (keep(i)) order.push(i);
    if (!origin) return { order, distances: [], origin: null, words };
    const v = this.index.venues;
    let ranked = order.map((i) => ({ i, d: distanceKm(origin.lat, origin.lon, v.lat[i]!, v.lon[i]!) }));
    if (nearby !== null) {
      // Around a place, only the nearby venues are listed: select them before sorting, so that a
      // keystroke does not sort 100,000 venues to keep a few hundred.
      const within = ranked.filter((entry) => this.isNear(origin, entry.i, entry.d));
      ranked = within.length >= nearby ? within : nearest(ranked, NEARBY_MINIMUM);
    }
    ranked.sort((a, b) => a.d - b.d);
    return { order: ranked.map((entry) => entry.i), distances: ranked.map((entry) => entry.d), origin, words };
  }
}

function* allPositions(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

/** A commune name as the lookups hold it: folded, and « St Étienne » read as Saint-Étienne, as many write it. */
function placeName(text: string): string {
  return foldText(text).replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte');
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
