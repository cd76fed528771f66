/**
 * The shape of the compact data the home page fetches (`/donnees/index-recherche.json`,
 * `/donnees/communes-recherche.json`) and its codes. Browser-safe: it imports nothing heavier
 * than the text helpers, so that the browser bundle never pulls in the standard's vocabularies or
 * `opening_hours`; `search-index.ts` builds these at build time.
 */
import type { WeeklySchedule } from './opening.ts';
import { slugify } from './text.ts';
import type { GeocodePrecision } from '../pipeline/types.ts';
import type { ListFilter } from './url-state.ts';

export const SEARCH_INDEX_FORMAT = 'index-lieux-v2';
export const COMMUNE_TABLE_FORMAT = 'communes-recherche-v1';

/** Bits of `VenueColumns.flags`. */
export const FLAG_BOOKING = 1;
export const FLAG_ACCESSIBILITY = 2;
export const FLAG_WEEKEND = 4;

/** `VenueColumns.precision` codes, best first. */
export const PRECISIONS = ['adresse', 'commune', 'commune_voisine', 'code_postal', 'departement', 'aucune'] as const satisfies readonly GeocodePrecision[];

export interface Vocabulary {
  /** The group's name as the filter panel shows it (the standard's column label). */
  label: string;
  /** The standard's spellings; bit `i` of a venue's mask is `values[i]`. */
  values: string[];
  /** URL spellings of `values`, same order. */
  slugs: string[];
}

/** One array per field, all of length `count`; venue `i` is the `i`-th element of each. */
export interface VenueColumns {
  count: number;
  /**
   * Venue slugs are `slugify(name commune)-hash`: only the hash is stored when that rebuilds the
   * slug (a third of the file saved), else the whole slug after a `/`. Read with `venueSlug`.
   */
  slug: string[];
  name: string[];
  /** Street address (with the complement), for the map popup. */
  address: string[];
  commune: string[];
  postalCode: string[];
  /** Current INSEE code of the commune, '' when unknown. */
  codeInsee: string[];
  /** WGS84, rounded to 5 decimals (about 1 m). */
  lat: number[];
  lon: number[];
  /** Index into `PRECISIONS`. */
  precision: number[];
  /** Index into `SearchIndex.typologies` of the first structure type, -1 when none. */
  typology: number[];
  /** Bitmask per multi-value filter, bit `i` = `vocabularies[filter].values[i]`. */
  masks: Record<ListFilter, number[]>;
  /** `FLAG_*` bits. */
  flags: number[];
  /** Index into `SearchIndex.schedules`, -1 when the hours are unknown or unreadable. */
  schedule: number[];
  /** Index into `SearchIndex.timeZones` of the venue's clock. */
  timeZone: number[];
}

export interface SearchIndex {
  format: typeof SEARCH_INDEX_FORMAT;
  /** When the data was built: the week the schedules show starts then. */
  builtAt: string;
  vocabularies: Record<ListFilter, Vocabulary>;
  /** French names of the standard's structure types (« Espace public numérique »...). */
  typologies: string[];
  /** Distinct weekly schedules (many venues share the same hours). */
  schedules: WeeklySchedule[];
  /** Distinct IANA time zones of the venues (metropolitan France first). */
  timeZones: string[];
  venues: VenueColumns;
}

/**
 * Current communes and municipal arrondissements, one array per field, for the place search
 * (« Niort », « 79000 »). Only what that search needs: it is fetched when the search field first
 * gets the focus, on phones too.
 */
export interface CommuneTable {
  format: typeof COMMUNE_TABLE_FORMAT;
  count: number;
  name: string[];
  /** Postal codes of each commune joined by a space. */
  postalCodes: string[];
  /** Commune point, rounded to 3 decimals (about 100 m, plenty for a town centre). */
  lat: number[];
  lon: number[];
  /** Population municipale; for an arrondissement, 0 as in the reference table. */
  population: number[];
}

/** The slug of venue `i` (its page is `/lieux/<slug>/`). */
export function venueSlug(venues: VenueColumns, i: number): string {
  const stored = venues.slug[i]!;
  if (stored.startsWith('/')) return stored.slice(1);
  return `${slugify(`${venues.name[i]} ${venues.commune[i]}`)}-${stored}`;
}

/** What `VenueColumns.slug` stores for a venue: see there. */
export function compactSlug(slug: string, name: string, commune: string): string {
  const prefix = `${slugify(`${name} ${commune}`)}-`;
  return slug.startsWith(prefix) && !slug.slice(prefix.length).includes('/') ? slug.slice(prefix.length) : `/${slug}`;
}
