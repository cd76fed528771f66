import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { deduplicate } from '../src/pipeline/4-deduplicate/deduplicate.ts';
import {
  csvExport,
  exportedRecord,
  PIVOT_PLACEHOLDER,
  venuesByDepartement,
  venuesToCsv,
  venuesToGeoJson,
} from '../src/pipeline/6-outputs/exports.ts';
import { geocodeRecord } from '../src/pipeline/3-geocode/geocode.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { COLUMNS, emptyRecord, FIELDS } from '../src/pipeline/schema.ts';
import type { Geocode, ValidRow, Venue } from '../src/pipeline/types.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { listingsDir, readListingFiles } from '../src/io/files.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { packageVenuesCsv } from './package-venues.ts';
import { needsShared, sharedFixture, type SharedFixture } from './shared-fixtures.ts';
import { checkAgainstSchema, wholeValueSchema, type SchemaError } from './table-schema.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const EXAMPLE = sharedFixture('standard-exemple-valide.csv');
const SCHEMA = sharedFixture('standard-schema.json');

const reference = loadReferenceData();
const index = buildCommuneIndex(reference);

/** The real pipeline stages up to published venues, for one real file. */
function publish(fixture: SharedFixture): Venue[] {
  const parsed = parseCsvFile(fixture.name, fixture.bytes());
  const entries: Array<{ row: ValidRow; geo: Geocode }> = [];
  for (const row of validateFiles([parsed]).valid) {
    const { geo } = geocodeRecord(row, index);
    if (geo !== null) entries.push({ row, geo });
  }
  return enrichVenues(deduplicate(entries).venues, reference, new Date('2026-11-16T00:00:00Z')).venues;
}

describe('exports of the real files', needsShared(CNFS, EXAMPLE), () => {
  let venues: Venue[];
  beforeAll(() => {
    venues = [...publish(CNFS), ...publish(EXAMPLE)];
  });

  describe('lieux.csv', () => {
    let csv: string;
    let reread: ReturnType<typeof validateFiles>;
    beforeAll(() => {
      csv = venuesToCsv(venues);
      reread = validateFiles([parseCsvFile('lieux.csv', new TextEncoder().encode(csv))]);
    });

    it('round-trips through the validator: same records, no error', () => {
      expect(venues.length).toBeGreaterThan(4000);
      expect(reread.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(reread.valid).toHaveLength(venues.length);
      // Text the formula guard prefixed with ' (one real address, « - Avenue Paul Mairat ») reads back as it was.
      reread.valid.forEach((row, i) => {
        const expected = exportedRecord(venues[i] as Venue);
        for (const column of COLUMNS) expect(row.record[column], `${expected.id} ${column}`).toEqual(expected[column]);
      });
      expect(venues.some((venue) => venue.record.adresse === '- Avenue Paul Mairat')).toBe(true);
    });

    it('has the 32 columns and fills coordinates and INSEE codes from the pipeline', () => {
      const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
      expect(Object.keys(rows[0] ?? {})).toEqual([...COLUMNS]);
      expect(rows.every((row) => row.latitude !== '' && row.longitude !== '')).toBe(true);
      // The CNFS file has no INSEE code at all: the export gives one to every venue placed in a commune.
      const inCommune = venues.filter((v) => v.geo.codeInsee !== null).length;
      expect(inCommune).toBeGreaterThan(4000);
      expect(rows.filter((row) => row.code_insee !== '')).toHaveLength(inCommune);
    });
  });

  describe('lieux.geojson', () => {
    it('has one point per venue, [lon, lat], with the standard fields, precision and sources', () => {
      const collection = venuesToGeoJson(venues);
      expect(collection.features).toHaveLength(venues.length);
      const feature = collection.features[0];
      const venue = venues[0] as Venue;
      expect(feature?.geometry.coordinates).toEqual([venue.geo.lon, venue.geo.lat]);
      expect(feature?.properties.nom).toBe(venue.record.nom);
      expect(feature?.properties.services).toEqual(venue.record.services);
      expect(feature?.properties.geocodage).toBe(venue.geo.precision);
      expect(feature?.properties.sources).toEqual(venue.sources);
      expect(Object.keys(feature?.properties ?? {})).toEqual([...COLUMNS, 'geocodage', 'sources']);
      // Serialized as plain JSON data.
      expect(JSON.parse(JSON.stringify(collection))).toEqual(collection);
    });
  });

  describe('per-département exports', () => {
    it('has every département, each venue in the département of its commune', () => {
      const groups = venuesByDepartement(venues, reference);
      expect([...groups.keys()].sort()).toEqual(reference.departements.map((d) => d.code).sort());
      const departementOf = new Map(reference.communes.map((c) => [c.code, c.departement]));
      for (const [code, list] of groups) {
        for (const venue of list) if (venue.geo.codeInsee !== null) expect(departementOf.get(venue.geo.codeInsee)).toBe(code);
      }
      const placed = [...groups.values()].reduce((n, list) => n + list.length, 0);
      expect(placed).toBeGreaterThan(venues.length * 0.99);
      // Marseille's arrondissements (« MARSEILLE 11 ») are in the Bouches-du-Rhône.
      expect(groups.get('13')?.some((v) => v.record.commune === 'MARSEILLE 11')).toBe(true);
    });
  });
});

/** A published venue made by hand, for the cases the data sets do not hold. */
function handMadeVenue(id: string, fields: Partial<Venue['record']> = {}, file = 'lieux.csv'): Venue {
  return {
    slug: `lieu-${id}-${file}`,
    record: {
      ...emptyRecord(),
      id,
      nom: 'Médiathèque',
      commune: 'Nantes',
      code_postal: '44000',
      adresse: '1 rue de la Paix',
      date_maj: '2024-01-01',
      ...fields,
    },
    geo: { precision: 'adresse', method: 'coordonnees', lat: 47.21, lon: -1.55, codeInsee: '44109' },
    sources: [{ file, line: 2, id, source: 'fichier test' }],
    place: { commune: '44109', departement: '44', region: '52', timeZone: 'Europe/Paris', holidayZone: '' },
    schedule: -1,
  };
}

describe("the CSV exports and the standard's Table Schema", needsShared(SCHEMA), () => {
  let schema: ReturnType<typeof wholeValueSchema>;
  beforeAll(() => {
    schema = wholeValueSchema(SCHEMA);
  });

  /** Checks the national file and every département file of a set of published venues; returns the errors. */
  async function checkExports(venues: Venue[]): Promise<{ rows: number; errors: SchemaError[] }> {
    const exported = csvExport(venues);
    const national = await checkAgainstSchema(venuesToCsv(venues, exported), schema);
    const errors = [...national.errors];
    let departementRows = 0;
    for (const [code, list] of venuesByDepartement(venues, reference)) {
      const check = await checkAgainstSchema(venuesToCsv(list, exported), schema);
      departementRows += check.rows;
      errors.push(...check.errors.map((error) => ({ ...error, message: `${code}.csv: ${error.message}` })));
    }
    expect(departementRows).toBe([...venuesByDepartement(venues, reference).values()].reduce((n, list) => n + list.length, 0));
    return { rows: national.rows, errors };
  }

  it('passes on the demo data, every row kept: the La Poste label and a venue with no valid pivot included', async () => {
    const { venues } = runPipeline({ files: readListingFiles(listingsDir()).files, reference });
    const { rows, errors } = await checkExports(venues);
    expect(errors).toEqual([]);
    expect(rows).toBe(venues.length);
    expect(venues.some((venue) => venue.record.formations_labels.includes('Étapes numériques (La Poste)'))).toBe(true);
    expect(venues.some((venue) => venue.record.pivot === '')).toBe(true);
  });

  it('passes on the real fixtures, every row kept', needsShared(CNFS, EXAMPLE), async () => {
    const venues = [...publish(CNFS), ...publish(EXAMPLE)];
    const { rows, errors } = await checkExports(venues);
    expect(errors).toEqual([]);
    expect(rows).toBe(venues.length);
  });

  it('passes on the Hinaura venues of the npm package, every row kept', async () => {
    const { venues } = runPipeline({ files: [packageVenuesCsv()], reference });
    const { rows, errors } = await checkExports(venues);
    expect(errors).toEqual([]);
    expect(rows).toBe(venues.length);
  });

  it('the check itself refuses what the schema refuses: the library spelling of La Poste, an empty pivot, a repeated id', async () => {
    const header = COLUMNS.join(',');
    const row = (cells: Partial<Record<(typeof COLUMNS)[number], string>>) =>
      COLUMNS.map((column) => cells[column] ?? '').map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',');
    const base = { id: 'a', pivot: PIVOT_PLACEHOLDER, nom: 'Lieu', commune: 'Nantes', code_postal: '44000', adresse: '1 rue', date_maj: '2024-01-01' };
    const csv = [
      header,
      row(base),
      row({ ...base, id: 'b', formations_labels: 'Étapes numériques (La Poste)' }),
      row({ ...base, id: 'c', pivot: '' }),
      row({ ...base, id: 'a' }),
      row({ ...base, id: 'd', frais_a_charge: 'Gratuit|Payant' }),
      row({ ...base, id: 'e', frais_a_charge: 'Pas cher|Gratuit' }),
    ].join('\r\n');
    const { errors } = await checkAgainstSchema(`${csv}\r\n`, schema);
    expect(errors.map((error) => error.line)).toEqual([3, 4, 5, 7]);
  });

  it('empties a phone number the schema refuses and renames an id another file uses, reporting both on the source row', async () => {
    const venues = [
      handMadeVenue('lieu-1', { telephone: '+3222345678' }, 'a.csv'),
      handMadeVenue('lieu-1', {}, 'b.csv'),
      handMadeVenue('lieu-1-2', {}, 'c.csv'),
      handMadeVenue('lieu-3', { formations_labels: ['Étapes numériques (La Poste)'] }, 'c.csv'),
    ];
    const exported = csvExport(venues);
    expect(exported.problems.map((p) => [p.file, p.line, p.column, p.code])).toEqual([
      ['a.csv', 2, 'telephone', 'telephone-hors-standard'],
      ['b.csv', 2, 'id', 'id-exporte-renomme'],
    ]);
    expect([...exported.records.values()].map((record) => record.id)).toEqual(['lieu-1', 'lieu-1-3', 'lieu-1-2', 'lieu-3']);
    const csv = venuesToCsv(venues, exported);
    expect((await checkAgainstSchema(csv, schema)).errors).toEqual([]);
    // The site keeps the phone; reading the export back gives the library's spelling of the label.
    expect(venues[0]?.record.telephone).toBe('+3222345678');
    const reread = validateFiles([parseCsvFile('lieux.csv', new TextEncoder().encode(csv))]);
    expect(reread.valid[3]?.record.formations_labels).toEqual(['Étapes numériques (La Poste)']);
  });
});

describe('formula injection in exports', () => {
  it('neutralizes listing text a spreadsheet would run, keeps phones and negative longitudes', () => {
    const hostile = handMadeVenue('lieu-1', { nom: '=HYPERLINK("http://exemple.fr","clic")', telephone: '+33380000000' });
    const [, row] = Papa.parse<string[]>(venuesToCsv([hostile]), { skipEmptyLines: true }).data;
    expect(row?.[COLUMNS.indexOf('nom')]).toBe('\'=HYPERLINK("http://exemple.fr","clic")');
    expect(row?.[COLUMNS.indexOf('telephone')]).toBe('+33380000000');
    expect(row?.[COLUMNS.indexOf('longitude')]).toBe('-1.55');
  });
});

describe('contributor templates and guide', () => {
  const ROOT = path.resolve(import.meta.dirname, '..');
  const read = (file: string): Buffer => readFileSync(path.join(ROOT, file));

  it('the empty template is exactly the header', () => {
    expect(read('public/modeles/lieux-modele-vide.csv').toString('utf8')).toBe(`${COLUMNS.join(',')}\n`);
  });

  it('the example fills every column and validates and geocodes with no problem at all', () => {
    const parsed = parseCsvFile('lieux-exemple.csv', read('public/modeles/lieux-exemple.csv'));
    const result = validateFiles([parsed]);
    expect(result.problems).toEqual([]);
    const row = result.valid[0] as ValidRow;
    for (const column of COLUMNS) expect(row.record[column], column).not.toEqual(Array.isArray(row.record[column]) ? [] : '');
    const { geo, problems } = geocodeRecord(row, index);
    expect(problems).toEqual([]);
    expect(geo?.precision).toBe('adresse');
  });

  it('the guide names every column and spells every value of the vocabularies', () => {
    const guide = read('CONTRIBUTING.md').toString('utf8');
    for (const column of COLUMNS) expect(guide, column).toContain(`| \`${column}\` |`);
    for (const [column, spec] of Object.entries(FIELDS)) {
      const values: readonly string[] = 'values' in spec ? spec.values : [];
      for (const value of values) {
        expect(guide, `${column} : ${value}`).toContain(column === 'typologie' ? `| \`${value}\` |` : `« ${value} »`);
      }
    }
  });
});
