import type { WeeklySchedule } from '../src/common/opening.ts';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';

import { COLUMNS, emptyRecord, FIELDS, isListColumn, LIST_SEPARATOR, type StandardRecord } from '../src/pipeline/schema.ts';
import { FLAG_ACCESSIBILITY, FLAG_BOOKING, FLAG_WEEKEND, PRECISIONS, venueSlug, type SearchIndex } from '../src/common/search-format.ts';
import { buildCommuneTable, buildSearchIndex } from '../src/pipeline/6-outputs/search-index.ts';
import { emptyState, type HomeState } from '../src/common/url-state.ts';
import { VenueSearch } from '../src/browser/home/query.ts';
import { distanceKm } from '../src/common/geography.ts';
import { foldText, shortHash, slugify } from '../src/common/text.ts';
import { compareNames } from '../src/common/names.ts';
import type { MergedVenue, ReferenceData, Venue } from '../src/pipeline/types.ts';
import { enrichVenues, type EnrichedVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const BUILT_AT = '2025-01-13T08:00:00.000Z';

/**
 * Real venues (the 2022 national file of « conseillers numériques » places, already in v1
 * shape), turned into published venues the simple way: cells split, coordinates as numbers.
 * The index stage only reads published venues, so validation is not what is tested here.
 */
function realVenues(): MergedVenue[] {
  const { data } = Papa.parse<Record<string, string>>(CNFS.text(), { header: true, skipEmptyLines: true });
  return data.flatMap((row, i): MergedVenue[] => {
    const record: Record<string, unknown> = emptyRecord();
    for (const column of COLUMNS) {
      const cell = (row[column] ?? '').trim();
      if (isListColumn(column)) record[column] = cell ? cell.split(LIST_SEPARATOR) : [];
      else if (FIELDS[column].kind === 'coordinate') record[column] = cell ? Number(cell) : null;
      else record[column] = cell;
    }
    const { latitude, longitude } = record as StandardRecord;
    if (latitude === null || longitude === null) return [];
    return [
      {
        // The pipeline's slug shape (name, commune, hash), and now and then another one.
        slug: i % 50 === 0 ? `autre-forme-${i}` : `${slugify(`${row.nom} ${row.commune}`)}-${shortHash(String(row.id))}`,
        record: record as StandardRecord,
        geo: { precision: 'adresse', method: 'coordonnees', lat: latitude, lon: longitude, codeInsee: null },
        sources: [{ file: 'cnfs-2022-v1.csv', line: i + 2, id: String(row.id), source: 'conseiller-numerique' }],
      },
    ];
  });
}

let venues: Venue[];
let reference: ReferenceData;
let index: SearchIndex;
let schedules: WeeklySchedule[];
let holidays: EnrichedVenues['holidays'];
let buildMs: number;

beforeAll(() => {
  reference = loadReferenceData();
});

/** Builds the index of the real venues once, for the suites that read them. */
let built = false;
function buildRealIndex(): void {
  if (built) return;
  built = true;
  const enriched = enrichVenues(realVenues(), reference, new Date(BUILT_AT));
  venues = enriched.venues;
  const start = performance.now();
  schedules = enriched.schedules;
  holidays = enriched.holidays;
  index = buildSearchIndex(venues, { builtAt: BUILT_AT, schedules, holidays });
  buildMs = performance.now() - start;
}

describe('buildSearchIndex on real venues', needsShared(CNFS), () => {
  beforeAll(buildRealIndex);

  it('keeps every venue, in name order (names that are only numbers last), with one value per column', () => {
    const v = index.venues;
    expect(v.count).toBe(venues.length);
    for (const column of [v.slug, v.name, v.address, v.commune, v.postalCode, v.codeInsee, v.lat, v.lon, v.precision, v.typology, v.flags, v.schedule]) {
      expect(column).toHaveLength(venues.length);
    }
    for (const masks of Object.values(v.masks)) expect(masks).toHaveLength(venues.length);
    const outOfOrder = v.name.filter((name, i) => i > 0 && compareNames(v.name[i - 1]!, name) > 0);
    expect(outOfOrder).toEqual([]);
    // The list before any search starts with a name, not « 1 » or a SIRET.
    expect(v.name[0]).toMatch(/^\P{N}*\p{L}/u);
    expect(v.name.slice(-3).every((name) => /^\d/.test(name))).toBe(true);
  });

  it('gives one card to the venues one source lists twice at one address, with the number of pages', () => {
    const [first, second, ...others] = venues;
    const paired = [{ ...first!, doubles: [second!.slug] }, { ...second!, doubles: [first!.slug] }, ...others];
    const v = buildSearchIndex(paired, { builtAt: BUILT_AT, schedules, holidays }).venues;
    expect(v.count).toBe(venues.length - 1);
    const slugs = Array.from({ length: v.count }, (_, i) => venueSlug(v, i));
    const shown = slugs.findIndex((slug) => slug === first!.slug || slug === second!.slug);
    expect(slugs.filter((slug) => slug === first!.slug || slug === second!.slug)).toHaveLength(1);
    expect(v.pages).toEqual({ [shown]: 2 });
    expect(index.venues.pages).toEqual({});
  });

  it('encodes each venue so that the browser gets back its values', () => {
    const bySlug = new Map(venues.map((venue) => [venue.slug, venue]));
    const v = index.venues;
    const slugs = Array.from({ length: v.count }, (_, i) => venueSlug(v, i));
    expect(new Set(slugs)).toEqual(new Set(bySlug.keys()));
    for (let i = 0; i < v.count; i += 97) {
      const venue = bySlug.get(slugs[i]!)!;
      const decoded = index.vocabularies.services.values.filter((_, bit) => (v.masks.services[i]! >> bit) & 1);
      expect(decoded.sort()).toEqual([...new Set(venue.record.services)].sort());
      const fees = index.vocabularies.frais.values.filter((_, bit) => (v.masks.frais[i]! >> bit) & 1);
      expect(fees.sort()).toEqual([...new Set(venue.record.frais_a_charge)].sort());
      expect(v.lat[i]).toBeCloseTo(venue.geo.lat, 4);
      expect(PRECISIONS[v.precision[i]!]).toBe('adresse');
      expect(Boolean(v.flags[i]! & FLAG_BOOKING)).toBe(venue.record.prise_rdv !== '');
      expect(Boolean(v.flags[i]! & FLAG_ACCESSIBILITY)).toBe(venue.record.fiche_acces_libre !== '');
    }
  });

  it('shares weekly schedules between venues and flags weekend openings', () => {
    const v = index.venues;
    const withHours = venues.filter((venue) => venue.record.horaires !== '').length;
    const withSchedule = v.schedule.filter((id) => id >= 0).length;
    // Some real expressions cannot be read; most can.
    expect(withSchedule).toBeGreaterThan(withHours * 0.8);
    expect(withSchedule).toBeLessThanOrEqual(withHours);
    expect(index.schedules.length).toBeLessThan(withSchedule);
    const i = v.name.findIndex((name, k) => name === 'HARMONIE MUTUELLE' && v.commune[k] === 'Foix');
    expect(index.schedules[v.schedule[i]!]?.days[1]).toEqual([540, 720, 870, 1050]);
    for (let k = 0; k < v.count; k++) {
      const schedule = index.schedules[v.schedule[k]!];
      const weekend = schedule ? schedule.days[5]!.length + schedule.days[6]!.length > 0 : false;
      expect(Boolean(v.flags[k]! & FLAG_WEEKEND)).toBe(weekend);
    }
  });

  it('stays under 500 KB gzipped for 10,000 venues', () => {
    const bytes = gzipSync(JSON.stringify(index)).length;
    const per10k = (bytes / index.venues.count) * 10_000;
    console.info(
      `index: ${index.venues.count} real venues → ${(bytes / 1024).toFixed(1)} KB gzipped, ` +
        `≈ ${(per10k / 1024).toFixed(0)} KB for 10,000; ${index.schedules.length} distinct schedules; built in ${buildMs.toFixed(0)} ms`,
    );
    expect(per10k).toBeLessThan(500 * 1024);
  });
});

describe('buildCommuneTable', () => {
  it('lists current communes and arrondissements with postal codes and points, small enough to load on focus', () => {
    const table = buildCommuneTable(reference);
    expect(table.count).toBe(reference.communes.length);
    const niort = table.name.indexOf('Niort');
    expect(table.postalCodes[niort]).toBe('79000');
    expect(table.population[niort]).toBeGreaterThan(55_000);
    expect(table.lat[niort]).toBeCloseTo(46.32, 1);
    expect(table.name).toContain('Paris 15e Arrondissement');
    const bytes = gzipSync(JSON.stringify(table)).length;
    console.info(`commune table: ${table.count} communes → ${(bytes / 1024).toFixed(0)} KB gzipped`);
    expect(bytes).toBeLessThan(450 * 1024);
  });
});

describe('VenueSearch on real venues', needsShared(CNFS), () => {
  let search: VenueSearch;
  const query = (patch: (state: HomeState) => void) => {
    const state = emptyState();
    patch(state);
    return search.run(state, null, new Date('2025-01-15T10:00:00+01:00'));
  };
  beforeAll(async () => {
    buildRealIndex();
    search = new VenueSearch(index);
    search.setCommunes(buildCommuneTable(reference));
    await search.prepare();
  });

  it('reads a commune name with a typo, or a postal code, as a place and sorts venues around it', () => {
    for (const q of ['Nirt', 'niort', '79000']) {
      const results = query((s) => (s.q = q));
      expect(results.origin?.label).toMatch(/^(Niort \(79000\)|79000 \(Niort(, [^)]+)?\))$/);
      expect(results.order.length).toBeGreaterThan(0);
      expect(index.venues.commune[results.order[0]!]!.toUpperCase()).toBe('NIORT');
      expect(results.distances).toEqual([...results.distances].sort((a, b) => a - b));
    }
    expect(query((s) => (s.q = 'st etienne')).origin?.label).toBe('Saint-Étienne (42000)');
  });

  it('lists the venues within 30 km of a place, or its 20 nearest when fewer are that close', () => {
    const v = index.venues;
    for (const q of ['79000', 'Foix', 'Mende', 'Paris']) {
      const results = query((s) => (s.q = q));
      const origin = results.origin!;
      const all = Array.from({ length: v.count }, (_, i) => distanceKm(origin.lat, origin.lon, v.lat[i]!, v.lon[i]!)).sort((a, b) => a - b);
      const within = all.filter((d) => d <= 30);
      const expected = within.length >= 20 ? within : all.slice(0, 20);
      expect(results.distances, q).toEqual(expected);
    }
  });

  it('matches names without accents and with a typo, every word required', () => {
    const plain = query((s) => (s.q = 'mediatheque'));
    const typo = query((s) => (s.q = 'médiatèque'));
    expect(plain.order.length).toBeGreaterThan(100);
    expect(typo.order.length).toBe(plain.order.length);
    for (const i of plain.order.slice(0, 20)) expect(foldText(index.venues.name[i]!)).toContain('mediatheque');
    const both = query((s) => (s.q = 'harmonie mutuelle'));
    expect(both.order.length).toBeGreaterThan(0);
    for (const i of both.order) expect(foldText(index.venues.name[i]!)).toMatch(/harmonie.*mutuelle|mutuelle.*harmonie/);
    // With a commune among the words: the same matches, the commune's first.
    const narrowed = query((s) => (s.q = 'harmonie mutuelle foix'));
    expect(index.venues.commune[narrowed.order[0]!]).toBe('Foix');
    expect(narrowed.order.every((i) => both.order.includes(i))).toBe(true);
  });

  it('applies filters: any value within a group, every group', () => {
    const free = query((s) => (s.lists.frais = ['gratuit']));
    const bit = 1 << index.vocabularies.frais.values.indexOf('Gratuit');
    expect(free.order.length).toBeGreaterThan(0);
    expect(free.order.every((i) => (index.venues.masks.frais[i]! & bit) !== 0)).toBe(true);
    const inDeuxSevres = query((s) => (s.dep = '79'));
    expect(inDeuxSevres.order.every((i) => index.venues.postalCode[i]!.startsWith('79'))).toBe(true);
    // Wednesday 10:00 in Paris: every venue kept is open then, and some with hours are left out.
    const open = query((s) => (s.flags.ouvert = true));
    expect(open.order.length).toBeGreaterThan(0);
    expect(open.order.length).toBeLessThan(index.venues.schedule.filter((id) => id >= 0).length);
    const openWednesdayAt10 = (i: number) => {
      const ranges = index.schedules[index.venues.schedule[i]!]!.days[2]!;
      return ranges.some((start, k) => k % 2 === 0 && start <= 600 && 600 < ranges[k + 1]!);
    };
    // Overseas venues are read on their own clock, not Paris's.
    const metropolitan = open.order.filter((i) => !/^9[78]/.test(index.venues.postalCode[i]!));
    expect(metropolitan.length).toBeGreaterThan(0);
    expect(metropolitan.filter((i) => !openWednesdayAt10(i))).toEqual([]);
  });

  it('counts, for each filter value, the venues the list would show with the other criteria applied', () => {
    const now = new Date('2025-01-15T10:00:00+01:00');
    const rdv = index.vocabularies.modalites;
    const programmes = index.vocabularies.programmes;
    // Two criteria whose counts interact: each narrows the other's counts, not its own group's.
    const states: Array<(s: HomeState) => void> = [
      () => {},
      (s) => (s.flags.rdv = true),
      (s) => {
        s.flags.rdv = true;
        s.lists.programmes = [programmes.slugs[programmes.values.indexOf('France Services')]!];
      },
      (s) => {
        s.q = 'Valence';
        s.flags.weekend = true;
      },
    ];
    for (const patch of states) {
      const state = emptyState();
      patch(state);
      const counts = search.facetCounts(state, null, now);
      for (const key of ['programmes', 'modalites', 'frais'] as const) {
        index.vocabularies[key].slugs.forEach((slug, bit) => {
          const withValue = structuredClone(state);
          // What the list shows with only this value in its group, the other groups unchanged.
          withValue.lists[key] = [slug];
          expect(counts.lists[key][bit], `${key}=${slug}`).toBe(search.run(withValue, null, now).order.length);
        });
      }
      for (const flag of ['rdv', 'weekend', 'ouvert'] as const) {
        const withFlag = structuredClone(state);
        withFlag.flags[flag] = true;
        expect(counts.flags[flag], flag).toBe(search.run(withFlag, null, now).order.length);
      }
    }
    expect(rdv.values.length).toBeGreaterThan(0);
    // On this file, France Services and online booking overlap only in part.
    const franceServices = programmes.values.indexOf('France Services');
    const alone = search.facetCounts(emptyState(), null, now).lists.programmes[franceServices]!;
    const withBooking = search.facetCounts({ ...emptyState(), flags: { ...emptyState().flags, rdv: true } }, null, now).lists.programmes[franceServices]!;
    expect(withBooking).toBeGreaterThan(0);
    expect(withBooking).toBeLessThan(alone);
  });

  it('offers the other communes of a shared name, with their département, and takes the one the text names', () => {
    const saintDenis = query((s) => (s.q = 'Saint-Denis')).origin!;
    const departements = saintDenis.homonyms!.map((choice) => choice.departement);
    expect(departements).toContain('93');
    expect(departements).toContain('974');
    expect(saintDenis.homonyms![0]!.departement).toBe(saintDenis.commune!.departement);
    const seineSaintDenis = query((s) => (s.q = 'Saint-Denis (93)'));
    expect(seineSaintDenis.origin!.label).toMatch(/^Saint-Denis \(93\d{3}\)$/);
    expect(seineSaintDenis.origin!.homonyms).toBeUndefined();
    expect(index.venues.postalCode[seineSaintDenis.order[0]!]).toMatch(/^9[345]/);
    expect(query((s) => (s.q = 'Valence 82')).origin!.commune).toEqual({ name: 'Valence', departement: '82' });
    expect(query((s) => (s.q = 'Valence')).origin!.commune).toEqual({ name: 'Valence', departement: '26' });
  });

  it('searches every commune of a postal code and names them', () => {
    const table = buildCommuneTable(reference);
    const shared = table.postalCodes.flatMap((codes) => codes.split(' ')).find((code, _, all) => all.indexOf(code) !== all.lastIndexOf(code) && index.venues.postalCode.filter((p) => p === code).length > 1)!;
    const results = query((s) => (s.q = shared));
    const communes = table.name.filter((_, i) => table.postalCodes[i]!.split(' ').includes(shared));
    expect(communes.length).toBeGreaterThan(1);
    for (const name of communes) expect(results.origin!.label).toContain(name);
    const withCode = index.venues.postalCode.flatMap((p, i) => (p === shared ? [i] : []));
    expect(withCode.filter((i) => !results.order.includes(i))).toEqual([]);
  });

  it('reads a commune among other words as the place, the other words as the text', () => {
    const results = query((s) => (s.q = 'mediatheque Foix'));
    expect(results.origin!.label).toMatch(/^Foix \(/);
    expect(results.order.length).toBeGreaterThan(0);
    for (const i of results.order) expect(foldText(index.venues.name[i]!)).toContain('mediatheque');
    expect(results.distances).toEqual([...results.distances].sort((a, b) => a - b));
    expect(query((s) => (s.q = 'Foix mediatheque')).order).toEqual(results.order);
  });
});
