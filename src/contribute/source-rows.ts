/**
 * « Télécharger mes lieux » (/contribuer/): a producer's current rows, taken from the listing file
 * the site publishes under `/donnees/sources/` as its producer committed it, in the standard's 32
 * columns and as she wrote them (the pipeline's reader undoes only the file's encoding, separator
 * or older version), as CSV (UTF-8, `,`) and as a spreadsheet whose cells are all text.
 * Browser-safe: it runs in a Web Worker of that page, on the file fetched from the site.
 */
import { slugify } from '../common/text.ts';
import { parseCsvFile } from '../pipeline/1-parse/parse.ts';
import { toCsv } from '../pipeline/6-outputs/csv.ts';
import { sourceOf } from '../pipeline/ownership.ts';
import { COLUMNS } from '../pipeline/schema.ts';
import { writeSpreadsheet } from './spreadsheet.ts';

export interface SourceRows {
  /** Cells in `COLUMNS` order. */
  rows: string[][];
  /** Whether they are every row of the file (a producer's own file). */
  wholeFile: boolean;
}

/** The rows of the source `sourceKey` (see `sourceOf`) in a published listing file, in file order. */
export function sourceRows(file: string, bytes: Uint8Array, sourceKey: string): SourceRows {
  const { rows } = parseCsvFile(file, bytes);
  const mine = rows.filter((row) => sourceOf(file, row.cells.source ?? '').key === sourceKey);
  return { rows: mine.map((row) => COLUMNS.map((column) => row.cells[column] ?? '')), wholeFile: mine.length === rows.length };
}

/**
 * The downloads' name without extension: the file's own name for a whole file (so that the
 * updated CSV replaces it when uploaded), else the file's name and the source's.
 */
export function sourceRowsName(file: string, label: string, wholeFile: boolean): string {
  const base = (file.split('/').pop() ?? file).replace(/\.csv$/i, '');
  return wholeFile ? base : `${base}_${slugify(label, 40) || 'source'}`;
}

/** The rows as the project writes listing files: UTF-8, `,`, a `'` before a text a spreadsheet would run as a formula. */
export const sourceRowsCsv = (rows: ReadonlyArray<readonly string[]>): string => toCsv(COLUMNS, rows, { lineEnding: '\n' });

export const sourceRowsXlsx = (rows: ReadonlyArray<readonly string[]>): Uint8Array => writeSpreadsheet(COLUMNS, rows);
