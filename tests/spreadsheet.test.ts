/**
 * Spreadsheets read cell by cell give the pipeline what the CSV they were saved from gives it: the
 * same problems when every column was text, and the same problems plus named repairs when
 * LibreOffice typed the cells. Real file, spreadsheets made by LibreOffice at test time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet, SpreadsheetError } from '../src/contribute/spreadsheet.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { checkListings } from '../src/pipeline/run.ts';
import type { Problem } from '../src/pipeline/types.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';
import { spreadsheetFromCsv } from './support/libreoffice.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const REAL = CNFS.path;
const reference = loadReferenceData();
const key = (p: Problem): string => `${p.line}|${p.column}|${p.code}|${p.severity}|${p.value}`;

function checkSpreadsheet(file: string) {
  const sheet = readSpreadsheet(path.basename(file), readFileSync(file));
  const { report } = checkListings({ files: [{ name: path.basename(file), bytes: sheet.bytes }], reference });
  return { sheet, report, problems: [...sheet.problems, ...report.problems.map((p) => ({ ...p, line: sheet.sheetRowOf(p.line) }))] };
}

describe('spreadsheets of the real national file', needsShared(CNFS), () => {
  let fromCsv: ReturnType<typeof checkListings>['report'];
  beforeAll(() => {
    fromCsv = checkListings({ files: [{ name: CNFS.name, bytes: CNFS.bytes() }], reference }).report;
  }, 120_000);

  it('every column as text (.xlsx): the same summary and problems as the CSV', () => {
    const { sheet, report, problems } = checkSpreadsheet(spreadsheetFromCsv(REAL, 'xlsx', 'text'));
    expect(sheet.problems).toEqual([]);
    expect(report.summary).toEqual(fromCsv.summary);
    expect(problems.map(key)).toEqual(fromCsv.problems.map(key));
  }, 120_000);

  it("LibreOffice's default typing (.ods): the CSV's problems, plus a named repair for each damaged cell", () => {
    const { sheet, report, problems } = checkSpreadsheet(spreadsheetFromCsv(REAL, 'ods', 'default'));
    expect(report.summary).toEqual(fromCsv.summary);
    const produced = new Set(problems.map(key));
    expect(fromCsv.problems.map(key).filter((k) => !produced.has(k))).toEqual([]);
    const extra = problems.filter((p) => !new Set(fromCsv.problems.map(key)).has(key(p)));
    expect(extra).toEqual(sheet.problems);
    expect(new Set(extra.map((p) => `${p.column}:${p.code}`))).toEqual(
      new Set(['pivot:tableur-nombre-repare', 'code_postal:tableur-nombre-repare', 'telephone:tableur-nombre-repare']),
    );
    // Row 3 is the second venue: its placeholder SIRET became the number 0, and is named by its cell.
    const pivot = sheet.problems.find((p) => p.column === 'pivot' && p.line === 3);
    expect(pivot?.message).toMatch(/^La cellule B3 \(pivot\) .* lue « 00000000000000 »/);
  }, 120_000);
});

describe('hostile or wrong files', () => {
  it('a file that is not a spreadsheet is a clear French error naming it', () => {
    expect(() => readSpreadsheet('lieux.xlsx', new TextEncoder().encode('PK\u0003\u0004 pas un zip'))).toThrow(SpreadsheetError);
    expect(() => readSpreadsheet('lieux.xlsx', new TextEncoder().encode('PK\u0003\u0004 pas un zip'))).toThrow(/« lieux\.xlsx » n'est pas un tableur lisible/);
  });
});
