/**
 * Every regex and comparison on cell values runs in linear time: a 100 KB hostile cell of each
 * field kind goes through the whole pipeline, and each function that used to backtrack or
 * compare quadratically is fed such a cell directly (past the length limits that now protect
 * it). The bound is generous, against catastrophic slowness only: `npm run bench` measures the
 * 1 s goal.
 */
import { describe, expect, it } from 'vitest';
import { editDistance } from '../src/common/text.ts';
import { replaceLineBreaks } from '../src/common/cell-text.ts';
import { parseTimeRange } from '../src/contribute/import.ts';
import { closestValue, normalizeEmailList, normalizeText, normalizeUrlList } from '../src/pipeline/2-validate/normalize.ts';
import { checkHours } from '../src/pipeline/2-validate/hours.ts';
import { formatReport } from '../src/pipeline/6-outputs/report.ts';
import { diffListings, formatDiff } from '../src/contribute/diff.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { COLUMNS, FIELDS, type FieldSpec } from '../src/pipeline/schema.ts';
import type { Problem, Report } from '../src/pipeline/types.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import {
  HOSTILE_CELL_LENGTH,
  HOSTILE_CELLS,
  HOSTILE_HALF_DAY,
  HOSTILE_KINDS,
  hostileFile,
  hostileNamePair,
  importHostileHalfDay,
} from '../scripts/bench/hostile-cells.ts';

/** Generous bound against catastrophic backtracking (the goal, measured by the bench, is 1 s). */
const BOUND_MS = 5_000;

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

const reference = loadReferenceData();
const communeIndex = buildCommuneIndex(reference);
const pipeline = (files: Array<{ name: string; bytes: Uint8Array }>) => runPipeline({ files, reference, communeIndex });
const where = (problems: readonly Problem[]) => problems.map((p) => `${p.line}:${p.column}:${p.code}`);

describe('a 100 KB cell of each field kind through the pipeline', () => {
  it('covers every field kind of the standard', () => {
    expect([...HOSTILE_KINDS].sort()).toEqual([...new Set(COLUMNS.map((c) => FIELDS[c].kind))].sort());
    for (const cell of HOSTILE_CELLS) expect(cell.value.length, cell.label).toBeGreaterThanOrEqual(HOSTILE_CELL_LENGTH);
  });

  for (const cell of HOSTILE_CELLS) {
    it(`${cell.label}: processed within the bound, reported on its line and column`, () => {
      const { result, ms } = timed(() => pipeline([{ name: 'cellule.csv', bytes: hostileFile([{ [cell.column]: cell.value }]) }]));
      expect(ms).toBeLessThan(BOUND_MS);
      const expected = (FIELDS[cell.column] as FieldSpec).freeText === true ? 'texte-trop-long' : 'valeur-trop-longue';
      expect(where(result.report.problems)).toContain(`2:${cell.column}:${expected}`);
      // Only a dropped id keeps the venue out (it has no identifier left).
      expect(result.report.summary).toMatchObject(cell.column === 'id' ? { rows: 1, rejected: 1 } : { rows: 1, published: 1 });
    });
  }

  it('two 100 KB names a letter apart in one commune: deduplication compares them within the bound', () => {
    const { result, ms } = timed(() => pipeline(hostileNamePair()));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(where(result.report.problems)).toEqual(['2:nom:texte-trop-long', '2:nom:texte-trop-long']);
    expect(result.report.summary.rows).toBe(2);
  });

  it('a 100 KB half-day cell of an import: read as unreadable within the bound', () => {
    const { result, ms } = timed(importHostileHalfDay);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.result.issues.filter((i) => i.code === 'horaire-illisible').map((i) => `${i.line}:${i.column}`)).toEqual(['2:lundi']);
  });
});

describe('the functions that were super-linear, fed a 100 KB value directly', () => {
  const spaces = ' '.repeat(HOSTILE_CELL_LENGTH);

  it('splitting links: spaces not followed by another address', () => {
    const { result, ms } = timed(() => normalizeUrlList('site_web', `https://mairie.fr${spaces}x`));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.value).toEqual([]);
    // Still separates real lists.
    expect(normalizeUrlList('site_web', `https://a.fr${' '.repeat(1000)}https://b.fr`).value).toEqual(['https://a.fr/', 'https://b.fr/']);
  });

  it('reading e-mail addresses: a long name without brackets, a long bracket with many @', () => {
    for (const value of ['Accueil'.repeat(HOSTILE_CELL_LENGTH / 7), `<${'a@'.repeat(HOSTILE_CELL_LENGTH / 2)}`, `x${spaces}<a@b`]) {
      const { ms } = timed(() => normalizeEmailList('courriels', value));
      expect(ms).toBeLessThan(BOUND_MS);
    }
    expect(normalizeEmailList('courriels', `Accueil${' '.repeat(1000)}<accueil@mairie.fr>`).value).toEqual(['accueil@mairie.fr']);
  });

  it('folding line breaks in hours and reports: a long run of spaces without a line break', () => {
    const { result, ms } = timed(() => replaceLineBreaks(`a${spaces}b`, '; '));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toBe(`a${spaces}b`);
    expect(replaceLineBreaks('Mo 09:00-12:00 \n  \r\n Tu 10:00-12:00', '; ')).toBe('Mo 09:00-12:00; Tu 10:00-12:00');
    // The longest value the limit lets through, through the whole hours check.
    const longest = timed(() => checkHours(`Mo${' '.repeat(FIELDS.horaires.maxLength - 7)}\n09:00`));
    expect(longest.ms).toBeLessThan(BOUND_MS);
  });

  it('cutting free text: a long run of punctuation before the cut', () => {
    const { result, ms } = timed(() => normalizeText('nom', `Médiathèque${',;:.-'.repeat(HOSTILE_CELL_LENGTH / 5)}`));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.value).toBe('Médiathèque…');
  });

  it('suggesting a spelling: a 100 KB unknown value against the vocabulary', () => {
    const { result, ms } = timed(() => closestValue('typologie', 'a'.repeat(HOSTILE_CELL_LENGTH)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toBeNull();
    expect(closestValue('services', 'Aide aux démarche administratives')).toBe('Aide aux démarches administratives');
  });

  it('edit distance with a limit: two 100 KB strings a few letters apart', () => {
    const a = 'médiathèque '.repeat(HOSTILE_CELL_LENGTH / 12);
    const b = `x${a.slice(1, -1)}y`;
    const { result, ms } = timed(() => editDistance(a, b, 2));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toBe(2);
    expect(editDistance(a, `${b}zz`, 2)).toBe(3);
  });

  it('half-day cells of an import: 5 KB and 100 KB of spaces between the times', () => {
    for (const value of [`9h${' '.repeat(5_000)}x12h`, HOSTILE_HALF_DAY]) {
      const { result, ms } = timed(() => parseTimeRange(value, ['fermé']));
      expect(ms).toBeLessThan(BOUND_MS);
      expect(result).toBeNull();
    }
    expect(parseTimeRange('9h   à   12h', [])).toEqual({ from: 540, to: 720 });
  });

  it('reports and change reports showing a 100 KB value', () => {
    const problem: Problem = { file: 'a.csv', line: 2, column: 'nom', value: `a${spaces}b\n`, severity: 'warning', code: 'x', message: 'Message.' };
    const report: Report = {
      summary: { lines: 2, rows: 1, published: 1, merged: 0, replaced: 0, rejected: 0, warnings: 1, errors: 0 },
      files: [],
      problems: [problem],
      rejected: [],
      merges: [],
      mergesBySources: [],
      probableDuplicates: [],
      corrections: { rows: 0, applied: 0, superseded: 0, unmatched: 0 },
    };
    for (const format of ['text', 'markdown', 'json'] as const) {
      const { ms } = timed(() => formatReport(report, format));
      expect(ms, format).toBeLessThan(BOUND_MS);
    }
    const before = hostileFile([{}]);
    const after = hostileFile([{ presentation_detail: `Accueil${spaces}\nlibre`, horaires: `Mo${spaces}` }]);
    const { result, ms } = timed(() => formatDiff(diffListings(new Map([['a.csv', before]]), new Map([['a.csv', after]])), 'markdown'));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.length).toBeLessThan(10_000);
  });
});
