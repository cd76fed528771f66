/**
 * Who owns a row (src/pipeline/ownership.ts), through the whole pipeline: sources found by
 * `source` + `id`, updates across files, corrections and their end, dates in the future, and
 * deduplication by source inside one file. Small synthetic files only.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { sourceOf } from '../src/pipeline/ownership.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { COLUMNS, type Column } from '../src/pipeline/schema.ts';

const reference = loadReferenceData();
const TODAY = '2026-12-01';

type Row = Partial<Record<Column, string>>;

/** A venue in Dijon with everything a row needs; `fields` overrides. */
const venue = (fields: Row): Row => ({
  id: 'mediatheque',
  pivot: '00000000000000',
  nom: 'Médiathèque Champollion',
  commune: 'Dijon',
  code_postal: '21000',
  adresse: '14 rue Camille Claudel',
  latitude: '47.3369',
  longitude: '5.0612',
  telephone: '+33380488414',
  date_maj: '2026-01-10',
  source: 'Réseau Dijon',
  ...fields,
});

function csv(rows: Row[], columns: readonly Column[] = COLUMNS): Uint8Array {
  return new TextEncoder().encode(`${Papa.unparse({ fields: [...columns], data: rows.map((row) => columns.map((c) => row[c] ?? '')) })}\n`);
}

const run = (files: Array<[string, Row[]]>, corrections: Array<[string, Row[], Column[]]> = []) =>
  runPipeline({
    files: files.map(([name, rows]) => ({ name, bytes: csv(rows) })),
    corrections: corrections.map(([name, rows, columns]) => ({ name, bytes: csv(rows, columns) })),
    reference,
    buildDate: new Date(`${TODAY}T12:00:00Z`),
  });

const codes = (result: ReturnType<typeof run>): string[] => result.report.problems.map((p) => p.code);

describe('sources', () => {
  it('are the source column when filled, else the file without its export date', () => {
    expect(sourceOf('a.csv', ' Réseau Dijon ')).toEqual({ key: 'source:reseau dijon', label: 'Réseau Dijon' });
    expect(sourceOf('2026-11-01_123_lieux-de-mediation-numerique_Dijon.csv', '').key).toBe(
      sourceOf('2025-01-01_123_lieux-de-mediation-numerique_Dijon.csv', '').key,
    );
  });
});

describe('one current row per source and id', () => {
  it('treats the same source and id in two files as one venue, the newest row current', () => {
    const result = run([
      ['2025-01-01_reseau.csv', [venue({ telephone: '+33380000001', date_maj: '2025-01-01' })]],
      ['2026-11-01_reseau.csv', [venue({ adresse: '16 rue Camille Claudel', latitude: '47.3375', date_maj: '2026-11-01' })]],
    ]);
    expect(result.venues).toHaveLength(1);
    expect(result.venues[0]!.record.adresse).toBe('16 rue Camille Claudel');
    expect(result.venues[0]!.record.telephone).toBe('+33380488414');
    expect(result.report.summary).toMatchObject({ rows: 2, published: 1, merged: 0, replaced: 1, rejected: 0 });
    const replaced = result.report.problems.find((p) => p.code === 'ligne-remplacee')!;
    expect(replaced).toMatchObject({ file: '2025-01-01_reseau.csv', line: 2, column: 'id', severity: 'warning' });
    expect(replaced.message).toContain('ligne 2 de 2026-11-01_reseau.csv');
  });

  it('keeps the same id of two different sources as two rows', () => {
    const result = run([['consolide.csv', [venue({}), venue({ source: 'Autre réseau', nom: 'Maison de quartier', adresse: '3 rue Jean XXIII', latitude: '47.3400' })]]]);
    expect(result.report.summary).toMatchObject({ published: 2, replaced: 0, rejected: 0 });
  });

  it('never lets a date in the future win, and warns about it', () => {
    const result = run([
      ['a.csv', [venue({ telephone: '+33380000001', date_maj: '2026-06-01' })]],
      ['b.csv', [venue({ telephone: '+33380000002', date_maj: '2099-12-31' })]],
    ]);
    expect(result.venues[0]!.record.telephone).toBe('+33380000001');
    expect(result.report.problems.find((p) => p.code === 'date-maj-future')).toMatchObject({ file: 'b.csv', line: 2, column: 'date_maj', value: '2099-12-31' });
  });
});

describe('deduplication by source inside one file', () => {
  const national = venue({ id: 'cn-1', source: 'Programme national', nom: 'MEDIATHEQUE CHAMPOLLION', adresse: '14 R CAMILLE CLAUDEL', latitude: '47.3370', date_maj: '2026-03-01' });

  it('merges rows of two sources in one consolidated file and counts the merge per pair of sources', () => {
    const result = run([['consolide.csv', [venue({}), national]]]);
    expect(result.venues).toHaveLength(1);
    expect(result.venues[0]!.sources.map((s) => s.source)).toEqual(['Programme national', 'Réseau Dijon']);
    expect(result.report.mergesBySources).toEqual([{ sources: ['Programme national', 'Réseau Dijon'], merges: 1 }]);
  });

  it('never merges a future-dated row over the other source: the dated row wins', () => {
    const result = run([['consolide.csv', [venue({ telephone: '+33380000009', date_maj: '2099-12-31' }), national]]]);
    expect(result.venues).toHaveLength(1);
    expect(result.venues[0]!.sources[0]!.source).toBe('Programme national');
  });

  it('keeps two rows of one source apart, reports a probable double naming both lines, and links the two venues', () => {
    const result = run([
      ['reseau.csv', [venue({ nom: 'Médiathèque François Mitterand' }), venue({ id: 'bis', nom: 'Médiathèque François Mitterrand', latitude: '47.3370' })]],
    ]);
    expect(result.venues).toHaveLength(2);
    const [first, second] = result.venues;
    expect(first!.doubles).toEqual([second!.slug]);
    expect(second!.doubles).toEqual([first!.slug]);
    const double = result.report.problems.find((p) => p.code === 'doublon-probable')!;
    expect(double).toMatchObject({ file: 'reseau.csv', line: 3, severity: 'warning' });
    expect(double.message).toContain('la ligne 2');
    expect(result.report.probableDuplicates).toHaveLength(1);
  });

  it('does not call rows of one source at two addresses doubles', () => {
    const result = run([['reseau.csv', [venue({}), venue({ id: 'autre', adresse: '2 place Galilée', latitude: '47.3300' })]]]);
    expect(result.venues.every((v) => v.doubles === undefined)).toBe(true);
    expect(codes(result)).not.toContain('doublon-probable');
  });
});

describe('corrections', () => {
  const columns: Column[] = ['source', 'id', 'date_maj', 'telephone', 'horaires'];

  it('override the fields they fill while the source has not changed them since', () => {
    const result = run(
      [['reseau.csv', [venue({})]]],
      [['data/corrections/2026-11-20_telephone.csv', [{ source: 'Réseau Dijon', id: 'mediatheque', date_maj: '2026-11-20', telephone: '03 80 11 22 33' }], columns]],
    );
    expect(result.venues[0]!.record.telephone).toBe('+33380112233');
    // The venue was checked the day of the correction: its date says so.
    expect(result.venues[0]!.record.date_maj).toBe('2026-11-20');
    expect(result.report.corrections).toEqual({ rows: 1, applied: 1, superseded: 0, unmatched: 0 });
    // The correction file is described in the report, its missing columns are no problem.
    expect(result.report.files.map((f) => f.file)).toContain('data/corrections/2026-11-20_telephone.csv');
    expect(codes(result)).not.toContain('colonnes-manquantes');
  });

  it('give way when the source changes the field after the correction: « correction dépassée »', () => {
    const result = run(
      [['reseau.csv', [venue({ date_maj: '2026-11-25', telephone: '+33380999999' })]]],
      [['data/corrections/c.csv', [{ source: 'Réseau Dijon', id: 'mediatheque', date_maj: '2026-11-20', telephone: '+33380112233', horaires: 'Mo-Fr 09:00-12:00' }], columns]],
    );
    const { record } = result.venues[0]!;
    expect(record.telephone).toBe('+33380999999');
    // The source said nothing about the hours: that field of the correction still holds.
    expect(record.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(result.report.corrections).toEqual({ rows: 1, applied: 1, superseded: 1, unmatched: 0 });
    const superseded = result.report.problems.find((p) => p.code === 'correction-depassee')!;
    expect(superseded).toMatchObject({ file: 'data/corrections/c.csv', line: 2, column: 'telephone', severity: 'warning' });
    expect(superseded.message).toContain('Correction dépassée');
  });

  it('date the venue only when they change a field, and never with a date after the build', () => {
    const taken = run(
      [['reseau.csv', [venue({})]]],
      [['data/corrections/c.csv', [{ source: 'Réseau Dijon', id: 'mediatheque', date_maj: '2026-11-20', telephone: '+33380488414' }], columns]],
    );
    expect(taken.venues[0]!.record.date_maj).toBe('2026-01-10');
    const future = run(
      [['reseau.csv', [venue({})]]],
      [['data/corrections/c.csv', [{ source: 'Réseau Dijon', id: 'mediatheque', date_maj: '2099-12-31', telephone: '+33380112233' }], columns]],
    );
    expect(future.venues[0]!.record.telephone).toBe('+33380112233');
    expect(future.venues[0]!.record.date_maj).toBe('2026-01-10');
  });

  it('say when the source already gives their value, and when no venue has their source and id', () => {
    const result = run(
      [['reseau.csv', [venue({})]]],
      [
        [
          'data/corrections/c.csv',
          [
            { source: 'Réseau Dijon', id: 'mediatheque', date_maj: '2026-11-20', telephone: '+33380488414' },
            { source: 'Réseau Dijon', id: 'inconnu', date_maj: '2026-11-20', telephone: '+33380112233' },
            { source: 'Réseau Dijon', id: '', date_maj: '2026-11-20', telephone: '+33380112233' },
          ],
          columns,
        ],
      ],
    );
    expect(result.report.corrections).toEqual({ rows: 3, applied: 0, superseded: 0, unmatched: 1 });
    expect(result.report.problems.filter((p) => p.file === 'data/corrections/c.csv').map((p) => [p.line, p.code, p.severity])).toEqual([
      [2, 'correction-reprise', 'warning'],
      [3, 'correction-sans-lieu', 'warning'],
      [4, 'correction-incomplete', 'error'],
    ]);
  });

  it('name a row without a source column by its file', () => {
    const result = run(
      [['2026-01-10_123_lieux-de-mediation-numerique_Dijon.csv', [venue({ source: '' })]]],
      [['data/corrections/c.csv', [{ source: '2026-01-10_123_lieux-de-mediation-numerique_Dijon.csv', id: 'mediatheque', date_maj: '2026-11-20', telephone: '+33380112233' }], columns]],
    );
    expect(result.venues[0]!.record.telephone).toBe('+33380112233');
  });
});
