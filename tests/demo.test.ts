import OpeningHours from 'opening_hours';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_OPTIONS, generateDemo } from '../scripts/demo/demo.ts';
import { createRandom, jitterPoint } from '../scripts/demo/random.ts';
import type { DemoDataset } from '../scripts/demo/demo.ts';
import { computeCoverage } from '../src/coverage/compute.ts';
import { runPipeline } from '../src/pipeline/run.ts';

import { COLUMNS, FIELDS, LIST_SEPARATOR } from '../src/pipeline/schema.ts';
import type { Column } from '../src/pipeline/schema.ts';
import type { ReferenceData } from '../src/pipeline/types.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { isDemoSource } from '../src/pipeline/demo-marker.ts';

const reference: ReferenceData = loadReferenceData();
let dataset: DemoDataset;
let rows: Array<Record<Column, string> & { file: string }>;

beforeAll(() => {
  dataset = generateDemo(reference);
  rows = dataset.files.flatMap((file) => {
    const parsed = Papa.parse<Record<Column, string>>(file.content, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    return parsed.data.map((row) => ({ ...row, file: file.name }));
  });
});

/** Rows other than the deliberate problems and the escaping test row. */
const ordinaryRows = (): typeof rows => {
  const deliberate = new Set(dataset.problems.map((problem) => `${problem.file}#${problem.id}`));
  return rows.filter((row) => !deliberate.has(`${row.file}#${row.id}`));
};

describe('demo dataset', () => {
  it('is byte-identical for the same seed, and different for another seed', () => {
    const again = generateDemo(reference);
    expect(again.files.map((f) => f.name)).toEqual(dataset.files.map((f) => f.name));
    expect(again.files.map((f) => f.content)).toEqual(dataset.files.map((f) => f.content));
    const other = generateDemo(reference, { ...DEFAULT_DEMO_OPTIONS, seed: 7, venues: 500 });
    expect(other.files[0]?.content).not.toBe(dataset.files[0]?.content);
  });

  it('has the requested venues, the national duplicates and the deliberate rows', () => {
    expect(rows).toHaveLength(dataset.rows);
    expect(dataset.rows).toBe(DEFAULT_DEMO_OPTIONS.venues + dataset.duplicates + dataset.problems.length);
    const nationalFile = dataset.files.find((file) => file.name.endsWith('_France.csv'));
    expect(nationalFile?.rows).toBe(dataset.duplicates);
    expect(dataset.duplicates / DEFAULT_DEMO_OPTIONS.venues).toBeGreaterThan(0.02);
    expect(dataset.duplicates / DEFAULT_DEMO_OPTIONS.venues).toBeLessThan(0.04);
    const total = dataset.files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
    expect(total).toBeLessThan(5.5e6);
  });

  it('writes the standard header and 32 cells in every file, with recommended file names', () => {
    for (const file of dataset.files) {
      expect(file.content.slice(0, file.content.indexOf('\n'))).toBe(COLUMNS.join(','));
      expect(file.name).toMatch(/^\d{4}-\d{2}-\d{2}_\d{14}_lieux-de-mediation-numerique_[A-Za-z0-9-]+\.csv$/);
      const parsed = Papa.parse<string[]>(file.content, { skipEmptyLines: true });
      for (const cells of parsed.data) expect(cells).toHaveLength(COLUMNS.length);
    }
  });

  it('marks every row as fictitious and uses only fiction phone ranges, example.org and Acceslibre', () => {
    for (const row of rows) expect(isDemoSource(row.source), row.source).toBe(true);
    // One source per file, so that the deduplication compares the files' rows with each other.
    const sourcesOf = new Map<string, Set<string>>();
    for (const row of rows) sourcesOf.set(row.file, (sourcesOf.get(row.file) ?? new Set()).add(row.source));
    for (const sources of sourcesOf.values()) expect(sources.size).toBe(1);
    expect(new Set(rows.map((row) => row.source)).size).toBe(dataset.files.length);
    const fiction = /^(?:\+33 ?|0)(?:1[ .]?99[ .]?00|2[ .]?61[ .]?91|3[ .]?53[ .]?01|4[ .]?65[ .]?71|5[ .]?36[ .]?49|6[ .]?39[ .]?98)[ .]?\d\d[ .]?\d\d$/;
    for (const row of ordinaryRows()) {
      if (row.telephone !== '') expect(row.telephone).toMatch(fiction);
      for (const email of row.courriels.split(LIST_SEPARATOR).filter(Boolean)) expect(email).toMatch(/@example\.org$/);
      for (const url of [row.site_web, row.prise_rdv].filter(Boolean)) {
        expect(url).toMatch(/^https:\/\/example\.org\//);
      }
      // The validator accepts only Acceslibre's own pages for fiche_acces_libre.
      if (row.fiche_acces_libre !== '') expect(row.fiche_acces_libre).toMatch(/^https:\/\/acceslibre\.beta\.gouv\.fr\/app\/[a-z0-9/-]+\/$/);
    }
  });

  it('keeps ordinary rows valid: vocabularies, opening hours, dates, ids unique per file', () => {
    const enumColumns = COLUMNS.filter((column) => FIELDS[column].kind === 'enum-list');
    const invalid: string[] = [];
    const hours = new Set<string>();
    const seenIds = new Set<string>();
    for (const row of ordinaryRows()) {
      for (const column of enumColumns) {
        const allowed: readonly string[] = (FIELDS[column] as { values: readonly string[] }).values;
        for (const value of row[column].split(LIST_SEPARATOR).filter(Boolean)) {
          if (!allowed.includes(value)) invalid.push(`${row.id} ${column}: ${value}`);
        }
      }
      if (row.horaires !== '') hours.add(row.horaires);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date_maj) || row.date_maj > DEFAULT_DEMO_OPTIONS.asOf) invalid.push(`${row.id} date_maj`);
      if (!FIELDS.pivot.pattern.test(row.pivot)) invalid.push(`${row.id} pivot`);
      if (row.nom === '') invalid.push(`${row.id} nom`);
      const key = `${row.file}#${row.id}`;
      if (seenIds.has(key)) invalid.push(`${key} id en double`);
      seenIds.add(key);
    }
    expect(invalid).toEqual([]);
    expect(hours.size).toBeGreaterThan(15);
    for (const value of hours) expect(() => new OpeningHours(value, null, 0), value).not.toThrow();
  });

  it('spreads update dates over three years, some older than a year', () => {
    const oneYearAgo = `${Number(DEFAULT_DEMO_OPTIONS.asOf.slice(0, 4)) - 1}${DEFAULT_DEMO_OPTIONS.asOf.slice(4)}`;
    const old = rows.filter((row) => row.date_maj < oneYearAgo).length / rows.length;
    expect(old).toBeGreaterThan(0.15);
    expect(old).toBeLessThan(0.5);
  });

  it('has the coordinate defects real files have', () => {
    const coordinates = rows.map((row) => [Number(row.latitude), Number(row.longitude), row.latitude] as const);
    const missing = coordinates.filter(([, , raw]) => raw === '').length;
    const lambert = coordinates.filter(([lat]) => lat > 1_000).length;
    // Swapped in metropolitan France: a "latitude" between -5 and 10 and a "longitude" above 41.
    const swapped = coordinates.filter(([lat, lon]) => lat > -6 && lat < 10 && lat !== 0 && lon > 41 && lon < 52).length;
    expect(missing).toBeGreaterThan(rows.length * 0.05);
    expect(lambert).toBeGreaterThanOrEqual(1);
    expect(swapped).toBeGreaterThanOrEqual(2);
  });

  it('lists the deliberate problems where they are, and puts the escaping payloads in one row', () => {
    expect(dataset.problems.length).toBeGreaterThanOrEqual(15);
    for (const problem of dataset.problems) {
      const file = dataset.files.find((f) => f.name === problem.file);
      const lines = file?.content.split('\n') ?? [];
      expect(lines[problem.line - 1]?.startsWith(`${problem.id},`) ?? false).toBe(true);
    }
    const hostile = rows.filter((row) => row.nom.includes('<script>'));
    expect(hostile).toHaveLength(1);
    expect(hostile[0]?.site_web).toBe('javascript:alert(1)');
    expect(hostile[0]?.complement_adresse.startsWith('=HYPERLINK(')).toBe(true);
  });

  it('runs through the pipeline: duplicates merged, deliberate errors rejected, gap towns shown empty', () => {
    const { venues, report } = runPipeline({
      files: dataset.files.map((file) => ({ name: file.name, bytes: new TextEncoder().encode(file.content) })),
      reference,
    });
    expect(report.summary.rows).toBe(dataset.rows);
    // Nearly every national-file row is recognised as a regional venue listed again.
    expect(report.summary.merged).toBeGreaterThan(dataset.duplicates * 0.9);
    expect(report.summary.rejected).toBeGreaterThanOrEqual(3);
    expect(report.summary.rejected).toBeLessThan(10);
    expect(venues.filter((venue) => venue.record.nom.includes('<script>'))).toHaveLength(1);

    const coverage = computeCoverage(venues, reference);
    const towns = new Map(coverage.midSizedTowns.map((town) => [town.code, town]));
    expect(dataset.gapTowns.length).toBe(DEFAULT_DEMO_OPTIONS.gapTowns);
    for (const gap of dataset.gapTowns) {
      expect(towns.get(gap.code)?.venues, gap.nom).toBe(0);
    }
  });
});

describe('jitterPoint', () => {
  it('stays within the given distance', () => {
    const random = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      const point = jitterPoint(random, 45, 5, 300);
      const dy = (point.lat - 45) * 111_320;
      const dx = (point.lon - 5) * 111_320 * Math.cos((45 * Math.PI) / 180);
      expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(300.001);
    }
  });
});
