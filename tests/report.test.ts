import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { escapeMarkdown, formatReport, MARKDOWN_BUDGET } from '../src/pipeline/6-outputs/report.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import { mergesBySourcePair } from '../src/pipeline/run.ts';
import type { Problem, Report } from '../src/pipeline/types.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');

/** A report as the pipeline would build it, from the real file and no merge/geocoding step. */
function reportFor(files: Array<{ name: string; bytes: Uint8Array }>, merges: Report['merges'] = []): Report {
  const parsed = files.map((f) => parseCsvFile(f.name, f.bytes));
  const result = validateFiles(parsed);
  const count = (severity: Problem['severity']) => result.problems.filter((p) => p.severity === severity).length;
  return {
    summary: {
      lines: parsed.reduce((n, p) => n + p.info.lines, 0),
      rows: result.valid.length + result.rejected.length,
      published: result.valid.length - merges.length,
      merged: merges.length,
      replaced: 0,
      rejected: result.rejected.length,
      warnings: count('warning'),
      errors: count('error'),
    },
    files: parsed.map((p) => p.info),
    problems: result.problems,
    rejected: result.rejected,
    merges,
    mergesBySources: mergesBySourcePair(merges),
    probableDuplicates: [],
    corrections: { rows: 0, applied: 0, superseded: 0, unmatched: 0 },
  };
}

const problem = (line: number, overrides: Partial<Problem> = {}): Problem => ({
  file: 'a.csv',
  line,
  column: 'nom',
  value: '',
  severity: 'warning',
  code: 'exemple',
  message: 'Message.',
  ...overrides,
});

const emptyReport = (problems: Problem[], merges: Report['merges'] = []): Report => ({
  summary: { lines: 1, rows: 0, published: 0, merged: 0, replaced: 0, rejected: 0, warnings: 0, errors: 0 },
  files: [{ file: 'a.csv', encoding: 'windows-1252', bom: true, delimiter: ';', format: 'v0.1', rows: 0, lines: 1 }],
  problems,
  rejected: [],
  merges,
  mergesBySources: mergesBySourcePair(merges),
  probableDuplicates: [],
  corrections: { rows: 0, applied: 0, superseded: 0, unmatched: 0 },
});

describe('formatReport on the real cnfs file', needsShared(CNFS), () => {
  let report: Report;
  beforeAll(() => {
    report = reportFor([{ name: CNFS.name, bytes: CNFS.bytes() }], [
      {
        kept: { file: 'cnfs-2022-v1.csv', line: 40, id: 'a', source: 'fichier cnfs-2022-v1.csv' },
        merged: { file: 'cnfs-2022-v1.csv', line: 12, id: 'b', source: 'fichier cnfs-2022-v1.csv' },
        score: 91,
        nameScore: 95,
        contactScore: 0,
        addressScore: 80,
        distanceScore: 100,
      },
    ]);
  });

  it('json is exactly the Report object', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(report);
  });

  it('text: summary that adds up, grouped placeholders, each invalid horaires with its line', () => {
    const text = formatReport(report, 'text');
    expect(text).toContain(
      'Lignes lues : 4\u202f930 = 4\u202f929 publiées + 1 fusionnée avec un lieu d\'une autre source + 0 remplacée par une version plus récente de la même source + 0 rejetée',
    );
    expect(text).toContain('Fusions entre « fichier cnfs-2022-v1.csv » et « fichier cnfs-2022-v1.csv » : 1');
    // 2,383 identical placeholder warnings make one entry, not 2,383 lines.
    expect(text.match(/bouche-trou/g)).toHaveLength(1);
    expect(text).toContain('(2\u202f383 lignes en tout), colonne pivot, valeur « 00000000000000 »');
    expect(text).toContain('Ligne 36, colonne horaires, valeur « Mo 09:30-12:00,14:00-17:00; Tu 12:30 »');
    expect(text).toContain('La ligne 12 de cnfs-2022-v1.csv a été fusionnée avec la ligne 40 de cnfs-2022-v1.csv (score 91/100).');
    // Grouped: a few dozen lines for 4,930 rows and thousands of warnings of a dozen kinds.
    expect(text.split('\n').length).toBeLessThan(50);
  });

  it('markdown has the same content in tables', () => {
    const markdown = formatReport(report, 'markdown');
    expect(markdown).toContain('## Rapport de validation');
    expect(markdown).toContain('| Ligne 36 | horaires | « Mo 09:30-12:00,14:00-17:00; Tu 12:30 »');
    expect(markdown.split('\n').length).toBeLessThan(50);
  });
});

describe('formatReport', () => {
  it('lists errors before warnings, with line, column, value and message', () => {
    const text = formatReport(
      emptyReport([
        problem(7, { value: 'Bad', code: 'w' }),
        problem(3, { severity: 'error', column: 'id', value: 'x', code: 'id-en-double', message: 'Doublon.' }),
      ]),
      'text',
    );
    expect(text.indexOf('Erreurs')).toBeLessThan(text.indexOf('Avertissements'));
    expect(text).toContain('  - Ligne 3, colonne id, valeur « x » : Doublon.');
    expect(text).toContain('  - Ligne 7, colonne nom, valeur « Bad » : Message.');
    expect(text).toContain('ancien format v0.1 converti, encodage Windows-1252 avec BOM, séparateur point-virgule');
  });

  it('groups a large set of differing warnings: the first few in full, then the other lines', () => {
    const problems = Array.from({ length: 30 }, (_, i) => problem(i + 2, { value: `v${i}`, message: `Valeur v${i} ignorée.` }));
    const text = formatReport(emptyReport(problems), 'text');
    expect(text).toContain('Ligne 6, colonne nom, valeur « v4 »');
    expect(text).not.toContain('valeur « v5 »');
    expect(text).toContain('Lignes 7, 8, 9');
    expect(text).toContain('Même type de problème (exemple) sur 25 autres lignes');
  });

  it('cuts very long values', () => {
    const text = formatReport(emptyReport([problem(2, { value: 'x'.repeat(600) })]), 'text');
    expect(text).toContain(`valeur « ${'x'.repeat(120)}… »`);
  });

  it('keeps a quoted newline in a value from faking a report line', () => {
    const text = formatReport(emptyReport([problem(2, { value: 'a\n  - Ligne 99 : faux' })]), 'text');
    expect(text).toContain('valeur « a ⏎ - Ligne 99 : faux »');
    expect(text.split('\n').filter((l) => l.startsWith('  - Ligne 99'))).toEqual([]);
  });

  it('markdown neutralizes table breaks, HTML, code spans and mentions in data', () => {
    const markdown = formatReport(
      emptyReport([problem(2, { value: 'a|b <script>`x` @equipe #12', message: 'Voir @admin.' })]),
      'markdown',
    );
    const row = markdown.split('\n').find((l) => l.startsWith('| Ligne 2'));
    expect(row).toBeDefined();
    // Four real cell separators at the edges and between the 4 columns, none from the data.
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(row).not.toMatch(/<script/);
    expect(row).not.toMatch(/(^|[^\\])`/);
    expect(row).not.toMatch(/@equipe|@admin/);
    expect(row).not.toMatch(/(^|[^\\])#12/);
  });

  it('markdown fits in a pull-request comment, files with errors first, the others named', () => {
    const files = Array.from({ length: 80 }, (_, i) => `f${String(i).padStart(2, '0')}.csv`);
    const problems = files.flatMap((file) =>
      Array.from({ length: 10 }, (_, line) => problem(line + 2, { file, value: `valeur ${line}`, message: `Message long ${'x'.repeat(100)}` })),
    );
    problems.push(problem(9, { file: 'f79.csv', severity: 'error', code: 'nom-manquant', message: 'Pas de nom.' }));
    const report: Report = {
      ...emptyReport(problems),
      files: files.map((file) => ({ file, encoding: 'utf-8', bom: false, delimiter: ',', format: 'v1', rows: 10, lines: 11 })),
    };
    const markdown = formatReport(report, 'markdown');
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_BUDGET + 5_000);
    expect(markdown.indexOf('### Fichier f79.csv')).toBeLessThan(markdown.indexOf('### Fichier f00.csv'));
    expect(markdown).toContain('Rapport abrégé');
    expect(markdown).toContain('f78.csv');
    // The text form is complete.
    expect(formatReport(report, 'text')).toContain('Fichier f78.csv');
  });

  it('escapeMarkdown leaves plain French text readable', () => {
    expect(escapeMarkdown('Médiathèque de l’Île, 2e étage')).toBe('Médiathèque de l’Île, 2e étage');
  });
});
