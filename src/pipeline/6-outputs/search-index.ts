/**
 * The "index" stage: what the home page's map, list, search and filters need about every venue,
 * in the compact column layout of `search-format.ts` (one array per field, small codes,
 * bitmasks), and the commune table for the offline place search. Built at build time, served as
 * static JSON, fetched by the browser after first paint.
 */
import { FIELDS, type Column } from '../schema.ts';
import { slugify } from '../../common/text.ts';
import { compareNames, streetAddress } from '../../common/names.ts';
import type { ReferenceData, Venue } from '../types.ts';
import { isOpenAtWeekend, type WeeklySchedule } from '../../common/opening.ts';
import {
  compactSlug,
  COMMUNE_TABLE_FORMAT,
  FLAG_ACCESSIBILITY,
  FLAG_BOOKING,
  FLAG_WEEKEND,
  PRECISIONS,
  SEARCH_INDEX_FORMAT,
  type CommuneTable,
  type SearchIndex,
  type VenueColumns,
  type Vocabulary,
} from '../../common/search-format.ts';
import { LIST_FILTERS, type ListFilter } from '../../common/url-state.ts';
import { typologieLabel } from '../typology-labels.ts';
import { venueCards } from './venue-cards.ts';

/** Each multi-value filter of the home page and the standard's column it reads. */
export const FILTER_COLUMNS = {
  services: 'services',
  publics: 'publics_specifiquement_adresses',
  accompagnement: 'prise_en_charge_specifique',
  frais: 'frais_a_charge',
  modalites: 'modalites_accompagnement',
  programmes: 'dispositif_programmes_nationaux',
} as const satisfies Record<ListFilter, Column>;

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The values each multi-value filter offers, as the filter panel lists them and the masks count them. */
export function filterVocabularies(): Record<ListFilter, Vocabulary> {
  return Object.fromEntries(LIST_FILTERS.map((filter) => [filter, vocabulary(filter)])) as Record<ListFilter, Vocabulary>;
}

function vocabulary(filter: ListFilter): Vocabulary {
  const spec = FIELDS[FILTER_COLUMNS[filter]];
  const values = [...spec.values];
  if (values.length > 31) throw new Error(`Too many values for a 32-bit mask in ${filter}`);
  return { label: spec.label, values, slugs: values.map((value) => slugify(value)) };
}

function maskOf(values: readonly string[], vocab: Vocabulary): number {
  let mask = 0;
  for (const value of values) {
    const bit = vocab.values.indexOf(value);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}

export interface SearchIndexOptions {
  /** ISO date-time of the data build; the weekly schedules show the week starting then. */
  builtAt: string;
  /** The pipeline's schedule table, indexed by `Venue.schedule`. */
  schedules: readonly WeeklySchedule[];
  /** The pipeline's public holidays, by `Venue.place.holidayZone`. */
  holidays: Readonly<Record<string, string[]>>;
}

/**
 * The compact venue data for the home page, venues in alphabetical order of their names (the
 * order of the list before any search or location).
 */
export function buildSearchIndex(venues: readonly Venue[], options: SearchIndexOptions): SearchIndex {
  const vocabularies = filterVocabularies();
  const typologies = [...FIELDS.typologie.values];
  // Only the schedules some venue uses, renumbered in the list's order.
  const schedules: WeeklySchedule[] = [];
  const scheduleIds = new Map<number, number>();
  const scheduleId = (id: number): number => {
    if (id < 0) return -1;
    let compact = scheduleIds.get(id);
    if (compact === undefined) {
      compact = schedules.push(options.schedules[id]!) - 1;
      scheduleIds.set(id, compact);
    }
    return compact;
  };
  const holidayZones = [''];
  const holidayZoneId = (zone: string): number => {
    const id = holidayZones.indexOf(zone);
    return id === -1 ? holidayZones.push(zone) - 1 : id;
  };
  const timeZones = ['Europe/Paris'];
  const timeZoneId = (zone: string): number => {
    const id = timeZones.indexOf(zone);
    return id === -1 ? timeZones.push(zone) - 1 : id;
  };

  const sorted = [...venues].sort(compareVenues);
  // One card per place: a source's doubles of one place are reached from the first one's page.
  const cards = venueCards(sorted);
  const columns: VenueColumns = {
    count: cards.length,
    slug: [],
    name: [],
    address: [],
    commune: [],
    postalCode: [],
    codeInsee: [],
    lat: [],
    lon: [],
    precision: [],
    typology: [],
    masks: { services: [], publics: [], accompagnement: [], frais: [], modalites: [], programmes: [] },
    flags: [],
    schedule: [],
    timeZone: [],
    pages: {},
    holidayZone: [],
  };
  for (const [i, { venue, doubles }] of cards.entries()) {
    if (doubles.length > 0) columns.pages[i] = 1 + doubles.length;
    const { record, geo } = venue;
    columns.slug.push(compactSlug(venue.slug, record.nom, record.commune));
    columns.name.push(record.nom);
    columns.address.push(streetAddress(record.adresse, record.complement_adresse));
    columns.commune.push(record.commune);
    columns.postalCode.push(record.code_postal);
    columns.codeInsee.push(geo.codeInsee ?? '');
    columns.lat.push(round(geo.lat, 5));
    columns.lon.push(round(geo.lon, 5));
    columns.precision.push(PRECISIONS.indexOf(geo.precision));
    const firstType = record.typologie[0];
    columns.typology.push(firstType === undefined ? -1 : typologies.indexOf(firstType));
    for (const filter of LIST_FILTERS) {
      columns.masks[filter].push(maskOf(record[FILTER_COLUMNS[filter]], vocabularies[filter]));
    }
    const schedule = venue.schedule < 0 ? null : options.schedules[venue.schedule]!;
    columns.schedule.push(scheduleId(venue.schedule));
    columns.timeZone.push(timeZoneId(venue.place.timeZone));
    columns.holidayZone.push(holidayZoneId(venue.place.holidayZone));
    columns.flags.push(
      (record.prise_rdv ? FLAG_BOOKING : 0) |
        (record.fiche_acces_libre ? FLAG_ACCESSIBILITY : 0) |
        (schedule && isOpenAtWeekend(schedule) ? FLAG_WEEKEND : 0),
    );
  }
  return {
    format: SEARCH_INDEX_FORMAT,
    builtAt: options.builtAt,
    vocabularies,
    typologies: typologies.map(typologieLabel),
    schedules,
    timeZones,
    holidays: holidayZones.map((zone) => options.holidays[zone] ?? []),
    venues: columns,
  };
}

/** The order of the venue index, hence of the finder's list before any search: see `compareNames`. */
export function compareVenues(a: Venue, b: Venue): number {
  return compareNames(a.record.nom, b.record.nom) || a.slug.localeCompare(b.slug);
}

/** The commune table for the place search: every current commune and arrondissement. */
export function buildCommuneTable(reference: ReferenceData): CommuneTable {
  const table: CommuneTable = {
    format: COMMUNE_TABLE_FORMAT,
    count: reference.communes.length,
    name: [],
    postalCodes: [],
    lat: [],
    lon: [],
    population: [],
    departementRuns: [],
  };
  const communes = [...reference.communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const commune of communes) {
    const run = table.departementRuns.at(-1);
    if (run && run[0] === commune.departement) run[1]++;
    else table.departementRuns.push([commune.departement, 1]);
    table.name.push(commune.nom);
    table.postalCodes.push(commune.codesPostaux.join(' '));
    table.lat.push(round(commune.lat, 3));
    table.lon.push(round(commune.lon, 3));
    table.population.push(commune.population);
  }
  return table;
}
