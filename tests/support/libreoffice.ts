/**
 * Spreadsheets made at test time from a CSV by LibreOffice headless, as a member would save them:
 * every column imported as text, or with LibreOffice's default typing (codes and phones become
 * numbers, dates become dates). Each call uses its own profile folder, so that parallel test files
 * and other LibreOffice users of the machine do not share one.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { COLUMNS } from '../../src/pipeline/schema.ts';

export type Typing = 'text' | 'default';

/** Converts `csv` (UTF-8, comma) to `format`; returns the path of the spreadsheet, in a temporary folder. */
export function spreadsheetFromCsv(csv: string, format: 'xlsx' | 'ods', typing: Typing): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lieux-tableur-'));
  const source = path.join(dir, path.basename(csv));
  copyFileSync(csv, source);
  // CSV import options: separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), first line 1,
  // then the column formats: 2 (text) for each column.
  const columnFormats = COLUMNS.map((_, index) => `${index + 1}/2`).join('/');
  const filter = typing === 'text' ? `CSV:44,34,76,1,${columnFormats}` : 'CSV:44,34,76,1';
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', `--infilter=${filter}`, '--convert-to', format, '--outdir', dir, source],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return path.join(dir, `${path.basename(csv, '.csv')}.${format}`);
}

/** Whether LibreOffice can be run here (the spreadsheet tests that need it are skipped otherwise). */
export function hasLibreOffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** What LibreOffice reads in a spreadsheet, saved by it as CSV (UTF-8, comma, `"`): what a member sees once she opens it. */
export function csvFromSpreadsheet(spreadsheet: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lieux-tableur-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, spreadsheet],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return readFileSync(path.join(dir, `${path.basename(spreadsheet, path.extname(spreadsheet))}.csv`), 'utf8');
}
