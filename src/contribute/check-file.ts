/**
 * The file checker's work on one dropped file, browser-safe (it runs in a Web Worker): the same
 * `checkListings` as `npm run validate`, on a CSV as it is or on the CSV a spreadsheet reads as;
 * then what the page shows and offers — the rows with problems, the corrected file in the
 * standard's 32 columns, and the change against the producer's current file.
 */
import { diffListings, type DiffReport } from './diff.ts';
import { readSpreadsheet, isSpreadsheet } from './spreadsheet.ts';
import { parseCsvFile } from '../pipeline/1-parse/parse.ts';
import type { OnlineCacheLookup } from '../pipeline/3-geocode/geocode.ts';
import type { CommuneIndex } from '../pipeline/3-geocode/reference.ts';
import { recordToCsvRow, toCsv, type CsvCell } from '../pipeline/6-outputs/csv.ts';
import { checkListings, compareProblems, type PipelineStage } from '../pipeline/run.ts';
import { COLUMNS, type Column } from '../pipeline/schema.ts';
import type { Problem, ReferenceData, Report } from '../pipeline/types.ts';

/** Larger files are refused before reading: 100,000 venues of the standard weigh about 40 MB. */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;

/** Rows shown one by one on the page; the JSON report has them all. */
export const ROWS_SHOWN = 200;

export interface CheckContext {
  reference: ReferenceData;
  communeIndex: CommuneIndex;
  onlineCache: OnlineCacheLookup;
  onProgress?: (stage: PipelineStage, done: number) => void;
}

/** A row with at least one problem, as read, with its problems. */
export interface RowWithProblems {
  line: number;
  cells: Partial<Record<Column, string>>;
  problems: Problem[];
}

export interface FileCheck {
  /** `npm run validate`'s report; for a spreadsheet, lines are sheet rows and repairs are added. */
  report: Report;
  /** File-level problems (line 0). */
  fileProblems: Problem[];
  /** Rows with problems, in file order, at most `ROWS_SHOWN`. */
  rows: RowWithProblems[];
  rowsWithProblems: number;
  /** Every row in the standard's 32 columns: normalized when valid, as read when rejected. */
  normalizedCsv: string;
  /** The CSV text the pipeline read (the spreadsheet's, for a spreadsheet), for the diff. */
  csvBytes: Uint8Array;
  ids: string[];
}

export class FileCheckError extends Error {}

export function checkFile(name: string, bytes: Uint8Array, context: CheckContext): FileCheck {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new FileCheckError(
      `Le fichier « ${name} » pèse ${Math.round(bytes.length / 1024 / 1024)} Mo : c'est plus qu'un fichier de lieux (au plus ${MAX_FILE_BYTES / 1024 / 1024} Mo). Vérifiez que c'est le bon fichier.`,
    );
  }
  const sheet = isSpreadsheet(name) ? readSpreadsheet(name, bytes) : null;
  const csvBytes = sheet?.bytes ?? bytes;
  const checked = checkListings({
    files: [{ name, bytes: csvBytes }],
    reference: context.reference,
    communeIndex: context.communeIndex,
    onlineCache: context.onlineCache,
    onProgress: context.onProgress,
  });
  const report = sheet ? inSheetRows(checked.report, sheet.sheetRowOf, sheet.problems) : checked.report;

  const parsed = parseCsvFile(name, csvBytes);
  const lineOf = sheet ? sheet.sheetRowOf : (line: number) => line;
  const problemsByLine = new Map<number, Problem[]>();
  for (const problem of report.problems) {
    if (problem.line === 0) continue;
    problemsByLine.set(problem.line, [...(problemsByLine.get(problem.line) ?? []), problem]);
  }
  const rows: RowWithProblems[] = [];
  for (const row of parsed.rows) {
    const problems = problemsByLine.get(lineOf(row.line));
    if (problems && rows.length < ROWS_SHOWN) rows.push({ line: lineOf(row.line), cells: row.cells, problems });
  }

  const normalized = new Map(checked.valid.map((row) => [row.line, recordToCsvRow(row.record)]));
  const csvRows = parsed.rows.map((row): CsvCell[] => normalized.get(row.line) ?? COLUMNS.map((column) => row.cells[column] ?? ''));
  return {
    report,
    fileProblems: report.problems.filter((p) => p.line === 0),
    rows,
    rowsWithProblems: problemsByLine.size,
    normalizedCsv: toCsv(COLUMNS, csvRows, { lineEnding: '\n' }),
    csvBytes,
    ids: parsed.rows.map((row) => (row.cells.id ?? '').trim()).filter((id) => id !== ''),
  };
}

/** A spreadsheet's report: lines as sheet rows, the reader's repairs among the warnings. */
function inSheetRows(report: Report, sheetRowOf: (line: number) => number, repairs: Problem[]): Report {
  const problems = [...repairs, ...report.problems.map((p) => (p.line === 0 ? p : { ...p, line: sheetRowOf(p.line) }))].sort(compareProblems);
  const ref = <T extends { line: number }>(source: T): T => ({ ...source, line: sheetRowOf(source.line) });
  return {
    ...report,
    summary: { ...report.summary, warnings: report.summary.warnings + repairs.length },
    problems,
    merges: report.merges.map((merge) => ({ ...merge, kept: ref(merge.kept), merged: ref(merge.merged) })),
  };
}

/** What the file would change against the current version of the producer's file (compared under its name). */
export function diffWithCurrent(check: FileCheck, current: { file: string; bytes: Uint8Array }): DiffReport {
  return diffListings(new Map([[current.file, current.bytes]]), new Map([[current.file, check.csvBytes]]));
}
