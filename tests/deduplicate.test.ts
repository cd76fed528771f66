import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { deduplicate, venueSlug } from '../src/pipeline/4-deduplicate/deduplicate.ts';
import type { DedupEntry } from '../src/pipeline/4-deduplicate/features.ts';
import { scoreEntries } from '../src/pipeline/4-deduplicate/pair-score.ts';
import { COLUMNS, emptyRecord, isListColumn, LIST_SEPARATOR, type StandardRecord } from '../src/pipeline/schema.ts';
import type { Geocode, MergedVenue } from '../src/pipeline/types.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');

let nextLine = 2;

function entry(
  file: string,
  fields: Partial<StandardRecord>,
  point: { lat: number; lon: number; precision?: Geocode['precision']; codeInsee?: string | null },
): DedupEntry {
  const record: StandardRecord = {
    ...emptyRecord(),
    id: `id-${nextLine}`,
    pivot: '00000000000000',
    date_maj: '2024-01-01',
    ...fields,
  };
  return {
    row: { file, line: nextLine++, record },
    geo: {
      precision: point.precision ?? 'adresse',
      method: 'coordonnees',
      lat: point.lat,
      lon: point.lon,
      codeInsee: point.codeInsee === undefined ? '39300' : point.codeInsee,
    },
  };
}

const LONS = { lat: 46.6744, lon: 5.5547 };

describe('deduplicate: hand-made cases', () => {
  it('merges the same venue from a network file and a national-programme file', () => {
    const network = entry(
      'reseau-jura.csv',
      {
        nom: 'Médiathèque de Lons',
        commune: 'Lons-le-Saunier',
        code_postal: '39000',
        adresse: '12 av. Jean Moulin',
        date_maj: '2023-05-01',
        telephone: '+33384000000',
        services: ['Maîtrise des outils numériques du quotidien'],
        typologie: ['BIB'],
      },
      LONS,
    );
    const national = entry(
      'programme-national.csv',
      {
        nom: 'Espace numérique — Médiathèque Lons-le-Saunier',
        commune: 'LONS LE SAUNIER',
        code_postal: '39000',
        adresse: '12 avenue Jean-Moulin',
        date_maj: '2024-02-10',
        telephone: '',
        courriels: ['mediatheque@example.org'],
        services: ['Compréhension du monde numérique', 'Maîtrise des outils numériques du quotidien'],
        dispositif_programmes_nationaux: ['Conseillers numériques'],
      },
      { lat: LONS.lat + 0.0002, lon: LONS.lon },
    );
    const { venues, merges } = deduplicate([network, national]);
    expect(venues).toHaveLength(1);
    const [venue] = venues;
    // The newest row wins the scalar fields and comes first in sources.
    expect(venue!.record.nom).toBe('Espace numérique — Médiathèque Lons-le-Saunier');
    expect(venue!.sources.map((s) => s.file)).toEqual(['programme-national.csv', 'reseau-jura.csv']);
    // An empty field of the winner is filled from the other row; lists are unioned in vocabulary order.
    expect(venue!.record.telephone).toBe('+33384000000');
    expect(venue!.record.typologie).toEqual(['BIB']);
    expect(venue!.record.services).toEqual(['Maîtrise des outils numériques du quotidien', 'Compréhension du monde numérique']);
    expect(venue!.record.courriels).toEqual(['mediatheque@example.org']);
    expect(venue!.slug).toMatch(/^espace-numerique-mediatheque-lons-le-saunier-lons-le-saunier-[0-9a-z]{7}$/);
    expect(merges).toHaveLength(1);
    expect(merges[0]!.kept.file).toBe('programme-national.csv');
    expect(merges[0]!.merged.file).toBe('reseau-jura.csv');
    expect(merges[0]!.score).toBeGreaterThanOrEqual(83);
    expect(merges[0]!.distanceScore).toBeGreaterThan(90);
  });

  it('leaves the distance out when a point is only the commune point', () => {
    const a = entry('a.csv', { nom: 'Maison France Services de Morez', adresse: '1 place Jean Jaurès' }, { ...LONS, precision: 'commune' });
    const b = entry('b.csv', { nom: 'France Services Morez', adresse: '1 pl Jean Jaures' }, { lat: 46.52, lon: 6.02 });
    const pair = scoreEntries(a, b);
    expect(pair).not.toBeNull();
    expect(pair!.distanceScore).toBeNull();
    expect(pair!.score).toBe(100);
    expect(deduplicate([a, b]).venues).toHaveLength(1);
  });

  it('never merges a library and a France Services office at the same address (veto)', () => {
    const library = entry('a.csv', { nom: 'Médiathèque Jean Moulin', adresse: '3 rue de la Paix', typologie: ['BIB'] }, LONS);
    const franceServices = entry('b.csv', { nom: 'Médiathèque Jean Moulin', adresse: '3 rue de la Paix', typologie: ['RFS'] }, LONS);
    expect(scoreEntries(library, franceServices)).toBeNull();
    expect(deduplicate([library, franceServices]).venues).toHaveLength(2);
    // A type outside the exclusive groups (MUNI) is compatible with a library.
    const municipal = entry('c.csv', { nom: 'Médiathèque Jean Moulin', adresse: '3 rue de la Paix', typologie: ['MUNI'] }, LONS);
    expect(deduplicate([library, municipal]).venues).toHaveLength(1);
  });

  it('never merges two different SIRET with different names', () => {
    const a = entry('a.csv', { nom: 'Association Relais Jura', pivot: '12345678900011', adresse: '5 rue Neuve' }, LONS);
    const b = entry('b.csv', { nom: 'Association Jura Solidarité', pivot: '98765432100022', adresse: '5 rue Neuve' }, LONS);
    expect(scoreEntries(a, b)).toBeNull();
    // Without the second SIRET the same pair is similar enough to merge.
    expect(scoreEntries(a, { ...b, row: { ...b.row, record: { ...b.row.record, pivot: '' } } })!.score).toBeGreaterThanOrEqual(83);
    const sameSiret = entry('c.csv', { nom: 'Association Jura Solidarité', pivot: '12345678900011', adresse: '5 rue Neuve' }, LONS);
    expect(deduplicate([a, sameSiret]).venues).toHaveLength(1);
  });

  it('does not merge the same name in two communes', () => {
    const a = entry('a.csv', { nom: 'Mairie', adresse: '1 place de la Mairie' }, { ...LONS, codeInsee: '39300' });
    const b = entry('b.csv', { nom: 'Mairie', adresse: '1 place de la Mairie' }, { ...LONS, codeInsee: '39301' });
    expect(deduplicate([a, b]).venues).toHaveLength(2);
  });

  it('never merges rows of one file, even identical ones', () => {
    const fields = { nom: 'Permanence numérique', adresse: '2 rue Haute' };
    const { venues, merges } = deduplicate([entry('a.csv', fields, LONS), entry('a.csv', fields, LONS)]);
    expect(venues).toHaveLength(2);
    expect(merges).toHaveLength(0);
  });

  it('keeps venues of one file apart even through a third file (transitive link)', () => {
    const fields = { nom: 'Permanence numérique', adresse: '2 rue Haute' };
    const { venues } = deduplicate([entry('a.csv', fields, LONS), entry('a.csv', fields, LONS), entry('b.csv', fields, LONS)]);
    expect(venues).toHaveLength(2);
    expect(venues.map((v) => v.sources.length).sort()).toEqual([1, 2]);
  });

  it('merges three files into one venue, deterministically', () => {
    const rows = [
      entry('c.csv', { nom: 'Centre social Les Tilleuls', adresse: '8 rue des Tilleuls', date_maj: '2023-01-01' }, LONS),
      entry('a.csv', { nom: 'Les Tilleuls', adresse: '8, rue des Tilleuls', date_maj: '2024-03-01' }, LONS),
      entry('b.csv', { nom: 'Centre Social Les Tilleul', adresse: '8 r. des Tilleuls', date_maj: '2024-03-01' }, { lat: LONS.lat, lon: LONS.lon + 0.0005 }),
    ];
    const first = deduplicate(rows);
    const second = deduplicate([...rows].reverse());
    expect(second).toEqual(first);
    expect(first.venues).toHaveLength(1);
    // Same date in a.csv and b.csv: the first file in sorted order wins.
    expect(first.venues[0]!.sources.map((s) => s.file)).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect(first.merges).toHaveLength(2);
    expect(first.merges.every((m) => m.kept.file === 'a.csv')).toBe(true);
  });

  it('does not merge different house numbers of one street far apart', () => {
    const a = entry('a.csv', { nom: 'Mairie', adresse: '1 rue de la République' }, LONS);
    const b = entry('b.csv', { nom: 'Mairie annexe', adresse: '85 rue de la République' }, { lat: LONS.lat + 0.002, lon: LONS.lon });
    expect(deduplicate([a, b]).venues).toHaveLength(2);
  });

  it('orders venues by file then line of the winner and gives unique slugs', () => {
    const rows = [
      entry('b.csv', { nom: 'Un', adresse: '1 rue A', commune: 'Lons' }, LONS),
      entry('a.csv', { nom: 'Deux', adresse: '2 rue B', commune: 'Lons' }, { ...LONS, codeInsee: '39301' }),
      entry('a.csv', { nom: 'Un', adresse: '1 rue A', commune: 'Lons' }, { ...LONS, codeInsee: '39302' }),
    ];
    const { venues } = deduplicate(rows);
    expect(venues.map((v) => `${v.sources[0]!.file}:${v.record.nom}`)).toEqual(['a.csv:Deux', 'a.csv:Un', 'b.csv:Un']);
    expect(new Set(venues.map((v) => v.slug)).size).toBe(3);
  });
});

/* ------------------------------------------------------------------ real data */

function readCnfs(): StandardRecord[] {
  const parsed = Papa.parse<Record<string, string>>(CNFS.text(), { header: true, skipEmptyLines: true });
  return parsed.data.map((cells) => {
    const record = emptyRecord() as Record<string, unknown>;
    for (const column of COLUMNS) {
      const value = cells[column] ?? '';
      if (isListColumn(column)) record[column] = value === '' ? [] : value.split(LIST_SEPARATOR);
      else if (column === 'latitude' || column === 'longitude') record[column] = value === '' ? null : Number(value);
      else record[column] = value;
    }
    return record as StandardRecord;
  });
}

describe('deduplicate: real CNFS file split in two', needsShared(CNFS), () => {
  it('merges the near-duplicates across the split and nothing absurd', () => {
    const records = readCnfs();
    const entries: DedupEntry[] = [];
    records.forEach((record, i) => {
      // The fixture has no INSEE code: block by postal code, as geocoding would fail to give one.
      if (record.latitude === null || record.longitude === null) return;
      entries.push({
        // Two halves, two sources: the pipeline never merges rows of one source.
        row: { file: i % 2 === 0 ? 'cnfs-pairs.csv' : 'cnfs-impairs.csv', line: i + 2, record: { ...record, source: i % 2 === 0 ? 'pairs' : 'impairs' } },
        geo: { precision: 'adresse', method: 'coordonnees', lat: record.latitude, lon: record.longitude, codeInsee: null },
      });
    });

    const started = performance.now();
    const { venues, merges } = deduplicate(entries);
    const elapsed = performance.now() - started;

    // Every row sharing name, address and postal code with a row of the other half, within
    // 100 m, must end up merged with one. (Rows sharing them farther apart are the stops of a
    // mobile bus in several villages, or points geocoded differently: left apart on purpose.)
    const key = (r: StandardRecord) => `${r.nom}|${r.adresse}|${r.code_postal}`;
    const byKey = new Map<string, DedupEntry[]>();
    for (const e of entries) byKey.set(key(e.row.record), [...(byKey.get(key(e.row.record)) ?? []), e]);
    const venueOf = new Map(venues.flatMap((v) => v.sources.map((s): [string, MergedVenue] => [`${s.file}#${s.line}`, v])));
    const ref = (e: DedupEntry) => `${e.row.file}#${e.row.line}`;
    let crossPairs = 0;
    const missed: string[] = [];
    for (const [k, group] of byKey) {
      for (const a of group) {
        const close = group.filter((b) => b.row.file !== a.row.file && Math.hypot(b.geo.lat - a.geo.lat, (b.geo.lon - a.geo.lon) * 0.7) < 0.0009);
        if (close.length === 0) continue;
        crossPairs++;
        // Both rows alone: a missed merge (a third identical row may find its partner already taken).
        if (venueOf.get(ref(a))!.sources.length === 1 && close.some((b) => venueOf.get(ref(b))!.sources.length === 1)) missed.push(`${k} (ligne ${a.row.line})`);
      }
    }

    const byRef = new Map(entries.map((e) => [`${e.row.file}#${e.row.line}`, e.row.record]));
    const absurd = merges.filter((m) => {
      const kept = byRef.get(`${m.kept.file}#${m.kept.line}`)!;
      const merged = byRef.get(`${m.merged.file}#${m.merged.line}`)!;
      return kept.code_postal !== merged.code_postal || m.distanceScore === null || m.distanceScore < 49 || Math.max(m.nameScore, m.contactScore) < 50;
    });

    console.log(
      `CNFS split: ${entries.length} rows → ${venues.length} venues, ${merges.length} merges ` +
        `(${crossPairs} rows with an identical row in the other half within 100 m, ${missed.length} missed), ${elapsed.toFixed(0)} ms`,
    );
    expect(missed).toEqual([]);
    expect(absurd).toEqual([]);
    expect(venues.length + merges.length).toBe(entries.length);
    expect(venues.every((v) => new Set(v.sources.map((s) => s.file)).size === v.sources.length)).toBe(true);
    // A few hundred merges at most: the file has about 266 rows sharing name and address.
    expect(merges.length).toBeGreaterThanOrEqual(crossPairs / 2);
    expect(merges.length).toBeLessThan(600);
  });

  it('scales: 100,000 rows in a few seconds', () => {
    const records = readCnfs().filter((r) => r.latitude !== null && r.longitude !== null);
    const entries: DedupEntry[] = [];
    for (let copy = 0; entries.length < 100_000; copy++) {
      for (const [i, record] of records.entries()) {
        if (entries.length === 100_000) break;
        entries.push({
          row: { file: `copie-${copy % 4}.csv`, line: i + 2 + copy * 10_000, record: { ...record, id: `${record.id}-${copy}`, source: `copie-${copy % 4}` } },
          geo: { precision: 'adresse', method: 'coordonnees', lat: record.latitude!, lon: record.longitude!, codeInsee: null },
        });
      }
    }
    const started = performance.now();
    const { venues } = deduplicate(entries);
    const elapsed = performance.now() - started;
    console.log(`100,000 rows → ${venues.length} venues in ${elapsed.toFixed(0)} ms`);
    // A bound against catastrophic (quadratic) slowness only: `npm run bench` measures the time.
    expect(elapsed).toBeLessThan(30_000);
  });
});

describe('venue slugs', () => {
  it('stay the same when a producer sends a newer dated file', () => {
    const record = { ...emptyRecord(), id: 'lieu-1', nom: 'Médiathèque', commune: 'Niort' };
    const older = venueSlug({ file: '2025-01-10_21790191700019_lieux-de-mediation-numerique_Niort.csv', line: 2, record });
    const newer = venueSlug({ file: '2026-11-01_21790191700019_lieux-de-mediation-numerique_Niort.csv', line: 9, record });
    const otherProducer = venueSlug({ file: '2026-11-01_11111111111111_lieux-de-mediation-numerique_Niort.csv', line: 2, record });
    expect(newer).toBe(older);
    expect(newer).toMatch(/^mediatheque-niort-[0-9a-z]{7}$/);
    expect(otherProducer).not.toBe(newer);
  });
});
