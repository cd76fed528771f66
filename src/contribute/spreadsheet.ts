/**
 * Spreadsheets as the pipeline's input: the first sheet of an `.xlsx` or `.ods` file, read cell by
 * cell as the member sees it, written as the CSV text the pipeline parses. Browser-safe (the file
 * checker runs it in a Web Worker).
 *
 * A spreadsheet stores typed cells, and its own typing damages listings: `01000` becomes the number
 * 1000, `+33475792370` the number 33475792370, `2024-05-02` a day count, a SIRET `2.44E+13`. Text
 * cells are kept as they are; date cells become ISO dates; number cells become the number written
 * out in full (no exponent, no rounding) unless a format made them display otherwise. A number
 * that lost the leading zero of a code, or the `+` of a phone number, is repaired here with a
 * warning naming the cell (`L12`), since only the spreadsheet knows the value was a number.
 *
 * `line` in problems is the sheet's row number: CSV lines and sheet rows differ only when a cell
 * holds a line break, and `sheetRowOf` maps one to the other.
 *
 * And spreadsheets as an output (« Télécharger mes lieux »): every cell written as text, so that
 * none of this damage happens to a member who opens her rows in a spreadsheet.
 */
import { read, SSF, utils, write, type CellObject, type WorkSheet } from '@e965/xlsx';
import Papa from 'papaparse';
import type { Problem } from '../pipeline/types.ts';

export const SPREADSHEET_EXTENSIONS = ['.xlsx', '.ods'] as const;

export function isSpreadsheet(name: string): boolean {
  const lower = name.toLowerCase();
  return SPREADSHEET_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

export interface SpreadsheetAsCsv {
  /** The sheet as UTF-8 CSV bytes, comma-separated, for `parseCsvFile`. */
  bytes: Uint8Array;
  /** Sheet row (1-based) of the row that starts at a CSV line. */
  sheetRowOf(line: number): number;
  /** Cells repaired while reading (lost leading zero or `+`). */
  problems: Problem[];
}

export class SpreadsheetError extends Error {}

/** Beyond this, a sheet is not a listings file (the standard has 32 columns; 100,000 rows is the plan). */
const MAX_COLUMNS = 200;
const MAX_ROWS = 200_000;

/** Columns whose digits a number type damages, and how to put back what it dropped. */
const REPAIRS: Record<string, (digits: string) => { value: string; lost: string } | null> = {
  code_postal: (digits) => zeroPadded(digits, 5),
  code_insee: (digits) => zeroPadded(digits, 5),
  // The standard's placeholder SIRET 00000000000000 is the number 0 once typed.
  pivot: (digits) => zeroPadded(digits, 14),
  telephone: (digits) => {
    if (digits.length === 9) return { value: `0${digits}`, lost: 'son zéro initial' };
    // A number never starts with 0: ten digits or more were an international number whose + was dropped.
    if (digits.length >= 10 && digits.length <= 15) return { value: `+${digits}`, lost: 'son signe +' };
    return null;
  },
};

function zeroPadded(digits: string, length: number): { value: string; lost: string } | null {
  if (digits.length >= length) return null;
  return { value: digits.padStart(length, '0'), lost: length - digits.length > 1 ? 'ses zéros initiaux' : 'son zéro initial' };
}

export function readSpreadsheet(file: string, bytes: Uint8Array): SpreadsheetAsCsv {
  let sheet: WorkSheet | undefined;
  try {
    const workbook = read(bytes, { type: 'array', cellNF: true, cellText: true, sheetRows: MAX_ROWS + 1 });
    const first = workbook.SheetNames[0];
    sheet = first === undefined ? undefined : workbook.Sheets[first];
  } catch {
    throw new SpreadsheetError(
      `Le fichier « ${file} » n'est pas un tableur lisible : enregistrez-le de nouveau au format .xlsx, .ods ou CSV (UTF-8, virgule).`,
    );
  }
  if (!sheet || !sheet['!ref']) throw new SpreadsheetError(`La première feuille du tableur « ${file} » est vide.`);
  const range = utils.decode_range(sheet['!ref']);
  if (range.e.c - range.s.c + 1 > MAX_COLUMNS) {
    throw new SpreadsheetError(
      `La première feuille du tableur « ${file} » a ${range.e.c - range.s.c + 1} colonnes : un fichier de lieux en a 32. Vérifiez que c'est le bon fichier.`,
    );
  }
  const problems: Problem[] = [];
  const header: string[] = [];
  const rows: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const address = utils.encode_cell({ r, c });
      const cell = sheet[address] as CellObject | undefined;
      const column = r === range.s.r ? '' : (header[c - range.s.c] ?? '');
      row.push(cellText(cell, column, address, r + 1, file, problems));
    }
    if (r === range.s.r) header.push(...row.map((name) => name.trim().toLowerCase()));
    rows.push(row);
  }
  const csv = Papa.unparse(rows, { newline: '\n', quotes: false, escapeFormulae: false });

  // The CSV line each sheet row starts at: one line per row, plus the line breaks inside its cells.
  const rowOfLine = new Map<number, number>();
  let line = 1;
  rows.forEach((row, index) => {
    rowOfLine.set(line, range.s.r + 1 + index);
    line += 1 + row.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  });
  return { bytes: new TextEncoder().encode(csv), sheetRowOf: (csvLine) => rowOfLine.get(csvLine) ?? csvLine, problems };
}

function cellText(cell: CellObject | undefined, column: string, address: string, sheetRow: number, file: string, problems: Problem[]): string {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 's') return String(cell.v);
  if (cell.t === 'd' && cell.v instanceof Date) return isoOfDate(cell.v);
  if (cell.t !== 'n' || typeof cell.v !== 'number') return cell.w ?? String(cell.v);
  const format = typeof cell.z === 'string' ? cell.z : 'General';
  if (SSF.is_date(format)) return isoOfSerial(cell.v);
  // A format of the member's own (a phone shown as 04 75 79 23 70) is what she reads; the default
  // one rounds and switches to exponents, so the exact number is written out instead.
  if (format !== 'General' && cell.w !== undefined) return cell.w;
  const text = fullNumber(cell.v);
  const repair = /^\d+$/.test(text) ? REPAIRS[column]?.(text) : undefined;
  if (!repair) return text;
  problems.push({
    file,
    line: sheetRow,
    column,
    value: text,
    severity: 'warning',
    code: 'tableur-nombre-repare',
    message:
      `La cellule ${address} (${column}) a été enregistrée comme un nombre par le tableur, ce qui lui a fait perdre ${repair.lost} : elle a été lue « ${repair.value} ». ` +
      `Mettez la colonne ${column} au format Texte dans votre tableur pour garder la valeur telle que vous l'écrivez.`,
  });
  return repair.value;
}

/** A number in full: `24400054300011`, not `2.44e+13`; `44.932357` as stored. */
function fullNumber(value: number): string {
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A spreadsheet date (days since its epoch, the fraction being the time) as `AAAA-MM-JJ`, with the time if any. */
function isoOfSerial(serial: number): string {
  const parts = SSF.parse_date_code(serial) as { y: number; m: number; d: number; H: number; M: number; S: number };
  const date = `${parts.y}-${pad(parts.m)}-${pad(parts.d)}`;
  return parts.H + parts.M + parts.S === 0 ? date : `${date}T${pad(parts.H)}:${pad(parts.M)}:${pad(parts.S)}`;
}

function isoOfDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * A header and rows as an `.xlsx` workbook of one sheet, every cell a text cell in the Text
 * format (`@`): codes and phones keep their leading zeros and `+`, dates stay `AAAA-MM-JJ`, and
 * what the member types into one of its cells stays text. That is also the formula guard: a
 * spreadsheet runs the formula of a cell, never its text, and a cell in the Text format stays
 * text when edited; so texts are written exactly, without the `'` a CSV export needs (csv.ts).
 */
export function writeSpreadsheet(header: readonly string[], rows: ReadonlyArray<readonly string[]>, sheetName = 'Lieux'): Uint8Array {
  const sheet: WorkSheet = {};
  // Empty cells too: a value typed there later stays text.
  [header, ...rows].forEach((row, r) => {
    row.forEach((text, c) => {
      sheet[utils.encode_cell({ r, c })] = { t: 's', v: text, z: '@' } satisfies CellObject;
    });
  });
  sheet['!ref'] = utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: Math.max(header.length - 1, 0) } });
  sheet['!cols'] = header.map((name) => ({ wch: Math.min(Math.max(name.length + 2, 12), 40) }));
  const workbook = utils.book_new();
  utils.book_append_sheet(workbook, sheet, sheetName);
  return new Uint8Array(write(workbook, { type: 'array', bookType: 'xlsx', bookSST: true, compression: true }) as ArrayBuffer);
}
