/**
 * The whole listings pipeline on real data: the national programme's 4,930 venues and the
 * standard's own example, read from ../shared (never copied here), against the committed
 * commune reference table; and `npm run validate` on the contributors' example file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../src/pipeline/run.ts';

import type { Report } from '../src/pipeline/types.ts';
import { nearbyVenues } from '../src/site/venue-view.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { needsShared, sharedFixture, type SharedFixture } from './shared-fixtures.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const CNFS = sharedFixture('cnfs-2022-v1.csv');
const EXAMPLE = sharedFixture('standard-exemple-valide.csv');
const readReal = (fixture: SharedFixture) => ({ name: fixture.name, bytes: fixture.bytes() });
/** The contributors' example file, which fills every column and validates without any problem. */
const CONTRIBUTOR_EXAMPLE = path.join(REPO, 'public/modeles/lieux-exemple.csv');

describe('pipeline on real data', needsShared(CNFS, EXAMPLE), () => {
  let result: PipelineResult;
  beforeAll(() => {
    result = runPipeline({
      files: [readReal(CNFS), readReal(EXAMPLE)],
      reference: loadReferenceData(),
    });
  });

  it('reconciles every row read with the venues published, merged and rejected', () => {
    const { summary } = result.report;
    expect(summary.rows).toBe(4931);
    expect(summary.published + summary.merged + summary.rejected).toBe(summary.rows);
    expect(result.venues).toHaveLength(summary.published);
    // Every schema-valid row of these files can be shown: none is rejected.
    expect(summary.rejected).toBe(0);
    expect(summary.errors).toBe(0);
    const sources = result.venues.flatMap((venue) => venue.sources);
    expect(sources).toHaveLength(summary.published + summary.merged);
  });

  it('places every venue in France with a recorded precision', () => {
    for (const venue of result.venues) {
      expect(['adresse', 'commune', 'commune_voisine', 'code_postal', 'departement']).toContain(venue.geo.precision);
      expect(venue.geo.lat).toBeGreaterThan(-22);
      expect(venue.geo.lat).toBeLessThan(51.2);
    }
    const precise = result.venues.filter((venue) => venue.geo.precision === 'adresse').length;
    // 22 rows have no coordinates at all; a few more are moved back to their commune.
    expect(precise).toBeGreaterThan(4850);
  });

  it('resolves the INSEE code of arrondissement rows from postal code and name', () => {
    const marseille = result.venues.find((venue) => venue.record.id === '62592a1d05457b0790816e6c');
    expect(marseille?.record.commune).toBe('MARSEILLE 11');
    expect(marseille?.geo.codeInsee).toBe('13055');
    expect(marseille?.record.code_insee).toBe('13055');
  });

  it('reports the placeholder SIRET and invalid hours with their line and column', () => {
    const { problems } = result.report;
    const placeholder = problems.filter((p) => p.code === 'pivot-non-renseigne' && p.file === 'cnfs-2022-v1.csv');
    expect(placeholder).toHaveLength(2383);
    // Line 3 of the file (the second venue, HARMONIE MUTUELLE) has the placeholder.
    expect(placeholder[0]).toMatchObject({ line: 3, column: 'pivot', value: '00000000000000', severity: 'warning' });
    const hours = problems.filter((p) => p.column === 'horaires' && p.file === 'cnfs-2022-v1.csv');
    // 57 values are invalid per the fixture's README; some are repaired, none rejects its row.
    expect(hours.length).toBeGreaterThanOrEqual(57);
    expect(hours.every((p) => p.severity === 'warning')).toBe(true);
  });
});

describe('probable doubles of the real 2022 national file', needsShared(CNFS), () => {
  let result: PipelineResult;
  beforeAll(() => {
    result = runPipeline({ files: [readReal(CNFS)], reference: loadReferenceData() });
  });
  const byId = (id: string) => result.venues.find((venue) => venue.sources.some((s) => s.id === id))!;

  it('links « … Mitterand » with « … Mitterrand » and the two « Mairie Annexe du GUILLAUME », warning their producer', () => {
    for (const [first, second] of [
      ['62b1992cdd51e705b18073e0', '62d7d6ae9c289e06deceff44'],
      ['63241a53ac7aea06f2f98a0b', '63241a5eac7aea06f2f98a0c'],
    ] as const) {
      const a = byId(first);
      const b = byId(second);
      expect(a).not.toBe(b);
      expect(a.doubles).toEqual([b.slug]);
      expect(b.doubles).toEqual([a.slug]);
      const warning = result.report.problems.find((p) => p.code === 'doublon-probable' && p.line === b.sources[0]!.line);
      expect(warning?.message).toContain(`la ligne ${a.sources[0]!.line}`);
    }
    // One source: nothing merged, every probable double listed once.
    expect(result.report.summary.merged).toBe(0);
    expect(result.report.probableDuplicates.length).toBe(result.report.problems.filter((p) => p.code === 'doublon-probable').length);
  });

  it('never gives a venue its own double as « lieu proche »', () => {
    const nearby = nearbyVenues(result.venues);
    const own = result.venues.filter((venue) => (venue.doubles ?? []).some((slug) => nearby.get(venue.slug)!.some((n) => n.venue.slug === slug)));
    expect(own).toEqual([]);
    const valence = byId('62b1992cdd51e705b18073e0');
    expect(nearby.get(valence.slug)!.map((n) => n.venue.slug)).not.toContain(byId('62d7d6ae9c289e06deceff44').slug);
  });
});

describe('npm run validate', () => {
  const run = promisify(execFile);
  const validate = (dataDir: string, args: string[]) =>
    run(process.execPath, ['scripts/validate.ts', ...args], { cwd: REPO, env: { ...process.env, DATA_DIR: dataDir } }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (failed: { code: number; stdout: string }) => ({ code: failed.code, stdout: failed.stdout }),
    );

  it('exits 0 on a valid folder and gives the JSON report shape', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lieux-valides-'));
    writeFileSync(path.join(dir, 'exemple.csv'), readFileSync(CONTRIBUTOR_EXAMPLE));
    const { code, stdout } = await validate(dir, ['--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.summary).toMatchObject({ rows: 1, published: 1, merged: 0, rejected: 0 });
    expect(Array.isArray(report.problems)).toBe(true);
    expect(Array.isArray(report.merges)).toBe(true);
  });

  it('exits 1 and names file, line, column and value when a row has an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lieux-erreur-'));
    const example = readFileSync(CONTRIBUTOR_EXAMPLE, 'utf8').trimEnd().split('\n');
    const header = example[0]!;
    const row = example[1]!;
    // Blank the name (third column, unquoted in the example file) in a second copy of the row, under another id.
    const nameless = row.replace(/^[^,"]*,([^,"]*),[^,"]*,/, 'autre-id,$1,,');
    expect(nameless).not.toBe(row);
    writeFileSync(path.join(dir, 'lieux.csv'), [header, row, nameless].join('\n') + '\n');
    const { code, stdout } = await validate(dir, ['--format', 'text']);
    expect(code).toBe(1);
    expect(stdout).toContain('lieux.csv');
    expect(stdout).toMatch(/Ligne 3, colonne nom/);
  });
});
