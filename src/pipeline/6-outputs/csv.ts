/**
 * CSV writing for every file the project produces (exports, imports, templates).
 *
 * Format: RFC 4180, comma separator, UTF-8. Lines end with `\r\n` by default, as RFC 4180 says
 * and as spreadsheets expect; files meant to live in git (imports into `data/lieux/`) may ask for
 * `\n`. No byte order mark unless `bom: true` (Excel needs it to guess UTF-8 when a user
 * double-clicks the file; the standard's own files carry none). Every row, the header included,
 * ends with the line ending.
 *
 * Files meant for French spreadsheets (`FRENCH_SPREADSHEET_CSV`: the coverage downloads) use `;`,
 * the list separator of a French Excel, which then opens them in columns, and a decimal comma,
 * which it reads as a number. Any cell holding a comma is then quoted, numbers included, so that
 * a spreadsheet that also splits at commas (LibreOffice's import dialog, by default) keeps it whole.
 *
 * Formula injection: text cells pass through `neutralizeFormula` (`src/common/cell-text.ts`);
 * real numbers (a `number`, e.g. a negative longitude) are left as they are, since no formula can
 * hide in them.
 */
import { neutralizeFormula } from '../../common/cell-text.ts';
import { COLUMNS, LIST_SEPARATOR, isListColumn } from '../schema.ts';
import type { StandardRecord } from '../schema.ts';

export type CsvCell = string | number | null;

export interface CsvOptions {
  /** `\r\n` (default, RFC 4180) or `\n`. */
  lineEnding?: '\r\n' | '\n';
  /** Start with a UTF-8 byte order mark, for Excel. Default false. */
  bom?: boolean;
  /** `,` (default, the standard's files) or `;`. */
  delimiter?: ',' | ';';
  /** Numbers with a decimal comma instead of a dot. Default false. */
  decimalComma?: boolean;
}

/** The format of the files made for French spreadsheets (see the module comment). */
export const FRENCH_SPREADSHEET_CSV: CsvOptions = { delimiter: ';', decimalComma: true, bom: true };

const NEEDS_QUOTES = /[",\r\n]/;
const NEEDS_QUOTES_WITH_SEMICOLON = /[",;\r\n]/;

function cellFormatter(options: CsvOptions): (cell: CsvCell) => string {
  const needsQuotes = options.delimiter === ';' ? NEEDS_QUOTES_WITH_SEMICOLON : NEEDS_QUOTES;
  const quoted = (text: string): string => (needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return (cell) => {
    if (cell === null) return '';
    if (typeof cell === 'number') {
      if (!Number.isFinite(cell)) throw new RangeError(`Nombre non fini dans une cellule CSV : ${cell}`);
      return options.decimalComma === true ? quoted(String(cell).replace('.', ',')) : String(cell);
    }
    return quoted(neutralizeFormula(cell));
  };
}

/** Writes a header and rows as CSV text (see the module comment for the format). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const eol = options.lineEnding ?? '\r\n';
  const delimiter = options.delimiter ?? ',';
  const formatCell = cellFormatter(options);
  const lines: string[] = [header.map(formatCell).join(delimiter)];
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new RangeError(`Ligne CSV de ${row.length} cellules pour un en-tête de ${header.length} colonnes`);
    }
    lines.push(row.map(formatCell).join(delimiter));
  }
  return (options.bom === true ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** A record as the standard's 32 cells, in `COLUMNS` order, lists joined with `|`. */
export function recordToCsvRow(record: StandardRecord): CsvCell[] {
  return COLUMNS.map((column): CsvCell => {
    const value: string | number | null | readonly string[] = record[column];
    if (isListColumn(column)) return (value as readonly string[]).join(LIST_SEPARATOR);
    return value as string | number | null;
  });
}
