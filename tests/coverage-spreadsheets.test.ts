/**
 * The coverage downloads open in a French spreadsheet as they should: each CSV, opened by
 * LibreOffice headless in the French locale with its import dialog's own defaults (no separator
 * given), lands in its columns, with its numbers as numbers and its names intact; each `.xlsx`
 * opens in LibreOffice too. On the demo listings and on the real national file alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, utils, type CellObject, type WorkBook } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { coverageTables, tableCsv, tableXlsx, type CoverageTable } from '../src/coverage/downloads.ts';
import { toCsv } from '../src/pipeline/6-outputs/csv.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';
import { demoCoverage, realCoverage, type CoverageData } from './support/coverage-data.ts';
import { needsLibreOffice, openedByFrenchLibreOffice } from './support/libreoffice.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');

function tablesOf(data: CoverageData): CoverageTable[] {
  const names = new Map(data.venues.map((v) => [v.slug, v.record.nom]));
  return coverageTables(data.coverage, {
    reference: data.reference,
    townUrl: (slug) => `https://lieux.example.org/couverture/villes-moyennes/${slug}/`,
    venueName: (slug) => names.get(slug),
  });
}

function firstSheet(file: string): CellObject[][] {
  const workbook: WorkBook = read(readFileSync(file));
  const rows = utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1, raw: true, blankrows: false });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  return rows.map((row, r) => Array.from({ length: Math.max(row.length, 1) }, (_, c) => sheet[utils.encode_cell({ r, c })] ?? { t: 'z' }));
}

/**
 * Checks a table as LibreOffice read it back: columns, numbers, text and names cell by cell.
 * Returns the text cells it read as a yes/no value (the commune of Faux becomes FALSE in any
 * French spreadsheet: the .xlsx keeps it as text).
 */
function expectOpenedInColumns(table: CoverageTable, file: string): string[] {
  const logical: string[] = [];
  const cells = firstSheet(file);
  expect(cells, table.file).toHaveLength(table.rows.length + 1);
  expect(cells[0]!.map((c) => c.v)).toEqual(table.columns.map((c) => c.name));
  const problems: string[] = [];
  table.rows.forEach((row, r) => {
    row.forEach((value, c) => {
      const cell = cells[r + 1]![c] ?? { t: 'z' };
      const where = `${table.file} ${utils.encode_cell({ r: r + 1, c })} (${table.columns[c]!.name})`;
      if (value === null || value === '') {
        if (cell.t !== 'z' && cell.v !== '') problems.push(`${where}: vide attendu, lu ${String(cell.v)}`);
      } else if (typeof value === 'number') {
        if (cell.t !== 'n' || Math.abs((cell.v as number) - value) > 1e-9) problems.push(`${where}: nombre ${value} attendu, lu ${cell.t} ${String(cell.v)}`);
      } else if (/^\d+$/.test(value)) {
        // Codes made of digits only become numbers in any spreadsheet (their zeros are kept in the .xlsx).
        if (Number(cell.v) !== Number(value)) problems.push(`${where}: code ${value} attendu, lu ${String(cell.v)}`);
      } else if (/^(?:vrai|faux)$/i.test(value) && cell.t === 'b') {
        logical.push(`${table.file}: ${value}`);
      } else if (cell.t !== 's' || cell.v !== value) {
        problems.push(`${where}: texte « ${value} » attendu, lu ${cell.t} « ${String(cell.v)} »`);
      }
    });
  });
  expect(problems.slice(0, 10)).toEqual([]);
  return logical;
}

function checkDownloads(data: CoverageData): void {
  const tables = tablesOf(data);
  const dir = mkdtempSync(path.join(tmpdir(), 'couverture-csv-'));
  const csvFiles = tables.map((table) => {
    const file = path.join(dir, `${table.file}.csv`);
    writeFileSync(file, tableCsv(table));
    return file;
  });
  const opened = openedByFrenchLibreOffice(csvFiles, 'xlsx');
  const logical = tables.flatMap((table, i) => expectOpenedInColumns(table, opened[i]!));
  expect(logical).toEqual(['couverture-communes: Faux']);
  // The workbooks of the site open in LibreOffice as they were written.
  const xlsxFiles = tables.map((table) => {
    const file = path.join(dir, `${table.file}-site.xlsx`);
    writeFileSync(file, tableXlsx(table, ['Données : …'], data.coverage.provenance.computedAt));
    return file;
  });
  const reopened = openedByFrenchLibreOffice(xlsxFiles, 'ods');
  tables.forEach((table, i) => {
    const cells = firstSheet(reopened[i]!);
    expect(cells).toHaveLength(table.rows.length + 1);
    expect(cells[1]![0]).toMatchObject({ t: 's', v: table.rows[0]![0] });
  });
}

describe('coverage downloads in a French LibreOffice', needsLibreOffice(), () => {
  it('the demo downloads open in columns, numbers as numbers, names intact', () => {
    checkDownloads(demoCoverage());
  }, 300_000);

  it('the downloads of the real national file alone too', { ...needsShared(CNFS), timeout: 300_000 }, () => {
    checkDownloads(realCoverage(CNFS));
  });

  it('would catch the former format: commas and decimal points open as text in French', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'couverture-csv-'));
    const file = path.join(dir, 'ancien.csv');
    writeFileSync(file, toCsv(['code', 'nom', 'part'], [['01', 'Ain', 0.1652]], { bom: true }));
    const [opened] = openedByFrenchLibreOffice([file], 'xlsx');
    const cells = firstSheet(opened!);
    expect(cells[1]![1]).toMatchObject({ t: 's', v: 'Ain' });
    expect(cells[1]![2]).toMatchObject({ t: 's', v: '0.1652' });
  }, 120_000);
});
