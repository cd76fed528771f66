/**
 * Spreadsheets made at test time from a CSV by LibreOffice headless, as a member would save them:
 * every column imported as text, or with LibreOffice's default typing (codes and phones become
 * numbers, dates become dates); and CSV downloads opened as a French user opens them. Each call
 * uses its own profile folder, so that parallel test files and other LibreOffice users of the
 * machine do not share one.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestOptions } from 'vitest';
import { COLUMNS } from '../../src/pipeline/schema.ts';
import { REQUIRE_SHARED } from '../shared-fixtures.ts';

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

let available: boolean | undefined;

/** Whether LibreOffice can be run here (the spreadsheet tests that need it are skipped otherwise). */
export function hasLibreOffice(): boolean {
  if (available !== undefined) return available;
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    available = true;
  } catch {
    available = false;
  }
  return available;
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

/**
 * Options for `describe` or `it`: skip when LibreOffice is absent, recording it in the test's meta
 * for the summary line, unless `REQUIRE_SHARED=1`, under which `.ci/run` installs it: then a
 * missing `soffice` fails the test.
 */
export function needsLibreOffice(): TestOptions {
  if (REQUIRE_SHARED || hasLibreOffice()) return {};
  return { skip: true, meta: { missingTools: ['soffice (libreoffice-calc-nogui)'] } };
}

/** A LibreOffice profile whose locale is French (fr-FR): numbers read with a decimal comma. */
function frenchProfile(dir: string): string {
  const user = path.join(dir, 'profile', 'user');
  mkdirSync(user, { recursive: true });
  writeFileSync(
    path.join(user, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
`,
  );
  return pathToFileURL(path.join(dir, 'profile')).href;
}

/**
 * Opens files as a French LibreOffice user does, and saves them as `format`. A CSV is read with
 * the import dialog's own defaults, which a user accepts by pressing OK: fields separated at
 * commas, semicolons and tabs alike, `"` quotes, the character set detected from the file (its
 * byte order mark), numbers read in the French locale — nothing says which separator the file
 * uses. (Without any import option, a headless conversion would instead assume commas and
 * Windows-1252 for every CSV, which no user ever sees.) Other files (`.xlsx`) are read by their
 * own filter. Returns the spreadsheets' paths, in order.
 */
export function openedByFrenchLibreOffice(files: readonly string[], format: 'xlsx' | 'ods'): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'lieux-tableur-fr-'));
  const csv = files.every((file) => file.endsWith('.csv'));
  if (!csv && files.some((file) => file.endsWith('.csv'))) throw new Error('CSV and other files are opened by separate calls');
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${frenchProfile(dir)}`, '--headless', ...(csv ? ['--infilter=CSV:44/59/9,34,,1'] : []), '--convert-to', format, '--outdir', dir, ...files],
    { stdio: 'ignore', timeout: 300_000 },
  );
  return files.map((file) => path.join(dir, `${path.parse(file).name}.${format}`));
}
