/**
 * « Télécharger mes lieux »: a source's rows out of a published file, in the standard's columns
 * as written, as CSV and as a spreadsheet of text cells that reads back (by the file checker's
 * reader, and by LibreOffice) with every code, SIRET and phone intact; formulas are never run.
 * Synthetic consolidated file, and the real national file of 2022.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, type CellObject } from '@e965/xlsx';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { sourceRows, sourceRowsCsv, sourceRowsName, sourceRowsXlsx } from '../src/contribute/source-rows.ts';
import { buildSourcesIndex } from '../src/contribute/sources-index.ts';
import { readSpreadsheet } from '../src/contribute/spreadsheet.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { sourceOf } from '../src/pipeline/ownership.ts';
import { COLUMNS, type Column } from '../src/pipeline/schema.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';
import { csvFromSpreadsheet, hasLibreOffice } from './support/libreoffice.ts';

type Row = Partial<Record<Column, string>>;
const row = (fields: Row): Row => ({ pivot: '00000000000000', commune: 'Bourg-en-Bresse', code_postal: '01000', code_insee: '01053', adresse: '1 rue A', date_maj: '2026-01-10', ...fields });
/** A file as a producer may commit it: no guard before the formula (Papa writes cells as they are). */
const bytes = (rows: Row[]): Uint8Array => new TextEncoder().encode(Papa.unparse({ fields: [...COLUMNS], data: rows.map((r) => COLUMNS.map((c) => r[c] ?? '')) }, { escapeFormulae: false }));
const cellsOf = (file: string, data: Uint8Array): string[][] => parseCsvFile(file, data).rows.map((r) => COLUMNS.map((c) => r.cells[c] ?? ''));

const FILE = 'consolide.csv';
const CONSOLIDATED = bytes([
  row({ id: 'a-1', nom: 'Médiathèque', source: 'Réseau A', telephone: '+33474000000' }),
  row({ id: 'b-1', nom: 'Espace B', source: 'Réseau B' }),
  row({ id: 'a-2', nom: '=HYPERLINK("https://exemple.invalid","Cliquez")', source: 'réseau a ', telephone: '0474000001' }),
]);

describe('a source in a consolidated file', () => {
  const a = sourceOf(FILE, 'Réseau A').key;

  it('gives that source’s rows only, as written, and is named after the file and the source', () => {
    const mine = sourceRows(FILE, CONSOLIDATED, a);
    expect(mine.wholeFile).toBe(false);
    expect(mine.rows.map((r) => r[COLUMNS.indexOf('id')])).toEqual(['a-1', 'a-2']);
    expect(mine.rows[1]![COLUMNS.indexOf('telephone')]).toBe('0474000001');
    expect(sourceRowsName(FILE, 'Réseau A', mine.wholeFile)).toBe('consolide_reseau-a');
    expect(sourceRowsName('2026-01-01_123_lieux.csv', 'Réseau A', true)).toBe('2026-01-01_123_lieux');
    expect(buildSourcesIndex([{ name: FILE, bytes: CONSOLIDATED }]).files[0]!.sources).toEqual([
      { key: a, label: 'Réseau A', rows: 2 },
      { key: sourceOf(FILE, 'Réseau B').key, label: 'Réseau B', rows: 1 },
    ]);
  });

  it('is a CSV and a spreadsheet of text cells that read back as the same rows, the formula inert', () => {
    const { rows } = sourceRows(FILE, CONSOLIDATED, a);
    const csv = sourceRowsCsv(rows);
    expect(csv.split('\n')[0]).toBe(COLUMNS.join(','));
    expect(csv).toContain(`,"'=HYPERLINK(""https://exemple.invalid"",""Cliquez"")",`);
    const xlsx = sourceRowsXlsx(rows);
    const sheet = read(xlsx, { type: 'array', cellNF: true }).Sheets.Lieux!;
    const cells = Object.entries(sheet).filter(([address]) => !address.startsWith('!')).map(([, cell]) => cell as CellObject);
    expect(cells).toHaveLength((rows.length + 1) * COLUMNS.length);
    expect(cells.every((cell) => cell.t === 's' && cell.z === '@' && cell.f === undefined)).toBe(true);
    expect(sheet.E2?.v).toBe('01000');
    // The spreadsheet holds the texts exactly; the CSV puts its `'` before a formula, which validation drops.
    expect(cellsOf('mes-lieux.xlsx', readSpreadsheet('mes-lieux.xlsx', xlsx).bytes)).toEqual(rows);
    const fromCsv = cellsOf('mes-lieux.csv', new TextEncoder().encode(csv));
    expect(fromCsv.map((r) => r.map((cell) => cell.replace(/^'(?==)/, '')))).toEqual(rows);
  });

  it.skipIf(!hasLibreOffice())('opens in LibreOffice as text: codes with their zeros, the formula not run', () => {
    const { rows } = sourceRows(FILE, CONSOLIDATED, a);
    const opened = cellsOf('ouvert.csv', new TextEncoder().encode(csvFromSpreadsheet(saved(sourceRowsXlsx(rows)))));
    expect(opened).toEqual(rows);
  }, 120_000);
});

function saved(xlsx: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mes-lieux-')), 'mes-lieux.xlsx');
  writeFileSync(file, xlsx);
  return file;
}

const CNFS = sharedFixture('cnfs-2022-v1.csv');

describe('the real national file of 2022', needsShared(CNFS), () => {
  const key = sourceOf(CNFS.name, 'conseiller-numerique').key;

  it('gives all its rows to its one source, and its spreadsheet keeps them cell for cell', () => {
    const mine = sourceRows(CNFS.name, CNFS.bytes(), key);
    expect(mine.wholeFile).toBe(true);
    expect(mine.rows).toEqual(cellsOf(CNFS.name, CNFS.bytes()));
    const xlsx = sourceRowsXlsx(mine.rows);
    const back = readSpreadsheet('cnfs.xlsx', xlsx);
    expect(back.problems).toEqual([]);
    expect(cellsOf('cnfs.xlsx', back.bytes)).toEqual(mine.rows);
  }, 60_000);

  it.skipIf(!hasLibreOffice())('opens in LibreOffice with its postal and INSEE codes, SIRET and phones intact', () => {
    const mine = sourceRows(CNFS.name, CNFS.bytes(), key);
    const opened = cellsOf('ouvert.csv', new TextEncoder().encode(csvFromSpreadsheet(saved(sourceRowsXlsx(mine.rows)))));
    expect(opened).toHaveLength(mine.rows.length);
    for (const column of ['code_postal', 'code_insee', 'pivot', 'telephone', 'date_maj', 'latitude'] as const) {
      const index = COLUMNS.indexOf(column);
      expect(opened.map((r) => r[index]), column).toEqual(mine.rows.map((r) => r[index]));
    }
    expect(mine.rows.some((r) => r[COLUMNS.indexOf('code_postal')]!.startsWith('0'))).toBe(true);
    expect(mine.rows.some((r) => r[COLUMNS.indexOf('telephone')]!.startsWith('+'))).toBe(true);
  }, 180_000);
});
