/**
 * Converts a CSV file in a producer's own format into the standard's 32 columns, driven by a
 * declarative mapping (a JSON file under `data/imports/`). The conversion is pure: bytes and
 * mapping in, standard cells and a list of what could not be carried over out. Checking the
 * converted values (phones, URLs, e-mails...) stays the validator's job: `writeImportedCsv` runs
 * it on the converted rows and writes the rows it accepts normalized.
 */
import Papa from 'papaparse';
import { recordToCsvRow, toCsv } from '../pipeline/6-outputs/csv.ts';
import { decodeBytes, detectDelimiter, MAX_FIELDS, parseCsvFile } from '../pipeline/1-parse/parse.ts';
import { COLUMNS, FIELDS, LIST_SEPARATOR, isListColumn } from '../pipeline/schema.ts';
import type { Column, FieldSpec } from '../pipeline/schema.ts';
import { groupBy } from '../common/group-by.ts';
import { foldText } from '../common/text.ts';
import { clip, printable, removeInvisibleControls, replaceLineBreaks } from '../common/cell-text.ts';
import type { ParsedFile, Problem } from '../pipeline/types.ts';
import { validateFiles } from '../pipeline/2-validate/validate.ts';
import { DATE_FORMATS, WEEKDAYS, parseImportMapping } from './import-mapping.ts';

/**
 * A mistake in the mapping or in the source file's layout that makes the whole conversion
 * impossible; its French message says what to fix.
 */
export class ImportError extends Error {
  override name = 'ImportError';
}

/* ------------------------------------------------------------------ mapping */

export { WEEKDAYS };
export type Weekday = (typeof WEEKDAYS)[number];

/** Standard values to add, by standard column (list columns only). */
export type ColumnValues = Partial<Record<Column, string[]>>;

export type DateFormat = (typeof DATE_FORMATS)[number];
const DATE_PATTERNS: Record<DateFormat, RegExp> = {
  'DD/MM/YYYY': /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})$/,
  'DD-MM-YYYY': /^(?<day>\d{1,2})-(?<month>\d{1,2})-(?<year>\d{4})$/,
  'YYYY-MM-DD': /^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})$/,
};

/**
 * How to build each standard column from a source file. Every part is optional; source columns
 * are named exactly as in the source header. Order of application: `columns`, `joins`, `id`,
 * `dates`, `hours` fill one column each (at most one of them per column); `codes` and `keywords`
 * add values to list columns; `constants` then overwrite; `defaults` finally fill what is still
 * empty (and each use of a default is reported, so nobody mistakes it for the producer's data).
 */
export interface ImportMapping {
  /** Free text for humans: what the source is, and why the choices below were made. */
  description?: string;
  notes?: string[];
  /** Standard column ← one source column, copied as is (trimmed). Coordinates go here. */
  columns?: Partial<Record<Column, string>>;
  /** Standard column ← several source columns, the non-empty ones joined with `separator`. */
  joins?: Partial<Record<Column, { from: string[]; separator: string }>>;
  /** `id` ← `prefix` + the source identifier, so that ids stay unique across producers. */
  id?: { prefix: string; from: string };
  /** Date column ← a source date in `format`, rewritten `YYYY-MM-DD`. */
  dates?: Partial<Record<Column, { from: string; format: DateFormat }>>;
  /** Cells holding codes (several joined by `separator`), each code → standard values. Codes compare without case. */
  codes?: Array<{ from: string; separator?: string; values: Record<string, ColumnValues> }>;
  /** Words searched (without case or accents, as whole words) in free-text source columns → standard values. */
  keywords?: Array<{ from: string[]; rules: Array<{ words: string[]; values: ColumnValues }> }>;
  /**
   * `horaires` ← one or more source columns per day (e.g. morning and afternoon), each holding a
   * time range such as `8h30-12h`, `9h12h`, `14:00-18:00`, or one of the `closed` markers.
   */
  hours?: { days: Partial<Record<Weekday, string[]>>; closed: string[] };
  /** Same value for every row (e.g. `source`). */
  constants?: Partial<Record<Column, string>>;
  /** Value used when the column is still empty after mapping (e.g. `date_maj`, `pivot`). */
  defaults?: Partial<Record<Column, string>>;
}

/**
 * Checks a parsed JSON mapping against the schema (import-mapping.ts) and the standard's
 * vocabularies, listing every mistake at once. Throws when there is any.
 */
export function checkMapping(value: unknown): ImportMapping {
  const checked = parseImportMapping(value);
  if ('errors' in checked) throw new ImportError(`Correspondance invalide :\n- ${checked.errors.join('\n- ')}`);
  return checked.mapping as ImportMapping;
}

/** The source columns a mapping reads, to check them against a file's header. */
export function sourceColumns(mapping: ImportMapping): string[] {
  const names = new Set<string>();
  for (const from of Object.values(mapping.columns ?? {})) names.add(from);
  for (const join of Object.values(mapping.joins ?? {})) join.from.forEach((n) => names.add(n));
  if (mapping.id) names.add(mapping.id.from);
  for (const date of Object.values(mapping.dates ?? {})) names.add(date.from);
  for (const entry of mapping.codes ?? []) names.add(entry.from);
  for (const entry of mapping.keywords ?? []) entry.from.forEach((n) => names.add(n));
  for (const columns of Object.values(mapping.hours?.days ?? {})) columns.forEach((n) => names.add(n));
  return [...names];
}

/* ------------------------------------------------------------------ source table */

export interface SourceRow {
  /** 1-based line where the row starts (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface SourceTable {
  header: string[];
  rows: SourceRow[];
}

/** Reads a CSV in any encoding / separator the project accepts into rows keyed by header name. */
export function readSourceTable(bytes: Uint8Array): SourceTable {
  const { text } = decodeBytes(bytes);
  const delimiter = detectDelimiter(text);
  const newline = text.includes('\n') ? '\n' : '\r';
  let header: string[] | null = null;
  const rows: SourceRow[] = [];
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result) => {
      const startLine = line;
      for (let i = text.indexOf(newline, cursor); i !== -1 && i < result.meta.cursor; i = text.indexOf(newline, i + 1)) line++;
      cursor = result.meta.cursor;
      const fields = result.data;
      if (fields.every((f) => f.trim() === '')) return;
      if (header === null) {
        if (fields.length > MAX_FIELDS) {
          throw new ImportError(
            `L'en-tête du fichier a ${fields.length.toLocaleString('fr-FR')} colonnes, au-delà des ${MAX_FIELDS} lues au plus : ` +
              `vérifiez le séparateur du fichier.`,
          );
        }
        header = fields.map((f) => f.trim());
        return;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, i) => {
        cells[name] = fields[i] ?? '';
      });
      rows.push({ line: startLine, cells });
    },
  });
  return { header: header ?? [], rows };
}

/* ------------------------------------------------------------------ values */

/** `DD/MM/YYYY` (or another `DateFormat`) → `YYYY-MM-DD`, null when not a real calendar date. */
export function convertDate(value: string, format: DateFormat): string | null {
  const match = DATE_PATTERNS[format].exec(value);
  if (match?.groups === undefined) return null;
  const [year, month, day] = [match.groups.year, match.groups.month, match.groups.day].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

interface Interval {
  from: number;
  to: number;
}

// Spaces are collapsed to one before matching, so that each optional space is ` ?`: three
// adjacent `\s*` would try every split of a long run of spaces (cubic time).
const TIME = String.raw`(\d{1,2}) ?[hH:] ?(\d{2})?`;
const TIME_RANGE = new RegExp(`^${TIME} ?(?:-|–|à)? ?${TIME}$`);
/** Longer than any way of writing a time range: not worth matching. */
const TIME_RANGE_MAX_LENGTH = 40;

/**
 * One half-day cell → an interval in minutes, `closed`, or null when unreadable. Accepts
 * `8h30-12h`, `09h-12h`, `9h12h`, `14:00-18:00`, `9h à 12h`.
 */
export function parseTimeRange(cell: string, closedMarkers: readonly string[]): Interval | 'closed' | null {
  const value = cell.trim().replace(/\s+/g, ' ');
  if (value === '' || closedMarkers.some((m) => m.toLowerCase() === value.toLowerCase())) return 'closed';
  if (value.length > TIME_RANGE_MAX_LENGTH) return null;
  const match = TIME_RANGE.exec(value);
  if (match === null) return null;
  const [h1, m1, h2, m2] = [match[1], match[2], match[3], match[4]].map((p) => Number(p ?? 0)) as [number, number, number, number];
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) return null;
  const from = h1 * 60 + m1;
  const to = h2 * 60 + m2;
  if (to <= from || to > 24 * 60) return null;
  return { from, to };
}

const clock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Sorted, with overlapping or touching intervals merged (`9h-12h` + `12h-17h` = `09:00-17:00`). */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const interval of [...intervals].sort((a, b) => a.from - b.from)) {
    const last = merged.at(-1);
    if (last !== undefined && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}

/**
 * Per-day intervals → an OpenStreetMap `opening_hours` value, consecutive days with the same
 * hours grouped: `Mo-Fr 08:30-12:00,14:00-18:00; Sa 09:00-12:00`. Empty when never open.
 */
export function weeklyHoursToOsm(days: Partial<Record<Weekday, Interval[]>>): string {
  const spans = WEEKDAYS.map((day) => mergeIntervals(days[day] ?? []).map((i) => `${clock(i.from)}-${clock(i.to)}`).join(','));
  const rules: string[] = [];
  for (let start = 0; start < WEEKDAYS.length; ) {
    let end = start;
    while (end + 1 < WEEKDAYS.length && spans[end + 1] === spans[start]) end++;
    if (spans[start] !== '') {
      const days = start === end ? WEEKDAYS[start] : `${WEEKDAYS[start]}-${WEEKDAYS[end]}`;
      rules.push(`${days} ${spans[start]}`);
    }
    start = end + 1;
  }
  return rules.join('; ');
}

/* ------------------------------------------------------------------ conversion */

export type ImportIssueCode = 'code-inconnu' | 'horaire-illisible' | 'date-illisible' | 'valeur-par-defaut';

/** Something the mapping could not carry over, located in the source file. */
export interface ImportIssue {
  line: number;
  /** The source column (for a default, the standard column it filled). */
  column: string;
  value: string;
  code: ImportIssueCode;
}

export interface ImportResult {
  /** The standard's 32 cells (lists joined with `|`) of each source row, in source order. */
  rows: Array<{ line: number; cells: Record<Column, string> }>;
  issues: ImportIssue[];
}

/** Adds values to a list cell, keeping the first occurrence of each. */
function addValues(cells: Record<Column, string>, values: ColumnValues): void {
  for (const [column, list] of Object.entries(values) as Array<[Column, string[]]>) {
    const current = cells[column] === '' ? [] : cells[column].split(LIST_SEPARATOR);
    for (const v of list) if (!current.includes(v)) current.push(v);
    cells[column] = current.join(LIST_SEPARATOR);
  }
}

function convertRow(row: SourceRow, mapping: ImportMapping, issues: ImportIssue[]): Record<Column, string> {
  const cells = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
  const source = (name: string): string => (row.cells[name] ?? '').trim();
  const issue = (column: string, value: string, code: ImportIssueCode): void => {
    issues.push({ line: row.line, column, value, code });
  };

  for (const [column, from] of Object.entries(mapping.columns ?? {}) as Array<[Column, string]>) cells[column] = source(from);
  for (const [column, join] of Object.entries(mapping.joins ?? {}) as Array<[Column, { from: string[]; separator: string }]>) {
    cells[column] = join.from.map(source).filter((v) => v !== '').join(join.separator);
  }
  if (mapping.id !== undefined) {
    const sourceId = source(mapping.id.from);
    cells.id = sourceId === '' ? '' : mapping.id.prefix + sourceId;
  }
  for (const [column, date] of Object.entries(mapping.dates ?? {}) as Array<[Column, { from: string; format: DateFormat }]>) {
    const value = source(date.from);
    if (value === '') continue;
    const converted = convertDate(value, date.format);
    if (converted === null) issue(date.from, value, 'date-illisible');
    else cells[column] = converted;
  }
  if (mapping.hours !== undefined) {
    const days: Partial<Record<Weekday, Interval[]>> = {};
    for (const [day, columns] of Object.entries(mapping.hours.days) as Array<[Weekday, string[]]>) {
      for (const name of columns) {
        const value = source(name);
        const interval = parseTimeRange(value, mapping.hours.closed);
        if (interval === null) issue(name, value, 'horaire-illisible');
        else if (interval !== 'closed') (days[day] ??= []).push(interval);
      }
    }
    cells.horaires = weeklyHoursToOsm(days);
  }
  for (const entry of mapping.codes ?? []) {
    const value = source(entry.from);
    if (value === '') continue;
    const byCode = new Map(Object.entries(entry.values).map(([code, values]) => [code.toLowerCase(), values]));
    const codes = entry.separator === undefined ? [value] : value.split(entry.separator);
    for (const code of codes.map((c) => c.trim()).filter((c) => c !== '')) {
      const values = byCode.get(code.toLowerCase());
      if (values === undefined) issue(entry.from, code, 'code-inconnu');
      else addValues(cells, values);
    }
  }
  for (const entry of mapping.keywords ?? []) {
    const text = ` ${entry.from.map((name) => foldText(source(name))).join(' ')} `;
    for (const rule of entry.rules) {
      if (rule.words.some((word) => text.includes(` ${foldText(word)} `))) addValues(cells, rule.values);
    }
  }
  for (const [column, value] of Object.entries(mapping.constants ?? {}) as Array<[Column, string]>) cells[column] = value;
  for (const [column, value] of Object.entries(mapping.defaults ?? {}) as Array<[Column, string]>) {
    if (cells[column] !== '') continue;
    cells[column] = value;
    issue(column, value, 'valeur-par-defaut');
  }
  return cells;
}

/**
 * Converts a source table. Throws (French) when the mapping reads a column the file lacks, since
 * then every row would silently lose that information.
 */
export function importTable(table: SourceTable, mapping: ImportMapping): ImportResult {
  const missing = sourceColumns(mapping).filter((name) => !table.header.includes(name));
  if (missing.length > 0) {
    throw new ImportError(
      `Colonnes attendues par la correspondance mais absentes du fichier : ${missing.map((n) => `« ${n} »`).join(', ')}. ` +
        `Colonnes du fichier : ${table.header.map((n) => `« ${n} »`).join(', ')}.`,
    );
  }
  const issues: ImportIssue[] = [];
  const rows = table.rows.map((row) => ({ line: row.line, cells: convertRow(row, mapping, issues) }));
  return { rows, issues };
}

/* ------------------------------------------------------------------ checked output */

export interface ImportOutput {
  /** The converted file, `\n` line ends (it is meant to be committed). */
  csv: string;
  /** What the project's validator says about it, located at the SOURCE file's lines. */
  problems: Problem[];
}

/**
 * Runs the project's validator on the converted rows and writes the file: a row the validator
 * accepts is written normalized (phones international, URLs completed...), so that the
 * committed file is clean; a row it refuses is written as converted, so that the contributor
 * sees and fixes it in the pull request report.
 */
export function writeImportedCsv(file: string, result: ImportResult): ImportOutput {
  const raw = toCsv(COLUMNS, result.rows.map((row) => COLUMNS.map((column) => row.cells[column])), { lineEnding: '\n' });
  const parsed = parseCsvFile(file, new TextEncoder().encode(raw));
  const validation = validateFiles([parsed]);
  // The parser reads the rows back in the order they were written: the n-th parsed row is the n-th source row.
  const sourceLine = new Map(parsed.rows.map((row, i) => [row.line, result.rows[i]?.line ?? row.line]));
  const validByLine = new Map(validation.valid.map((row) => [row.line, row.record]));
  const rows = parsed.rows.map((row, i) => {
    const record = validByLine.get(row.line);
    const converted = result.rows[i] as ImportResult['rows'][number];
    // A refused row is written as converted for its author to fix, but without invisible characters.
    return record === undefined ? COLUMNS.map((column) => removeInvisibleControls(converted.cells[column]).text) : recordToCsvRow(record);
  });
  return {
    csv: toCsv(COLUMNS, rows, { lineEnding: '\n' }),
    problems: validation.problems.map((problem) => ({ ...problem, line: sourceLine.get(problem.line) ?? problem.line })),
  };
}

/** A legacy v0.1 file, already converted to v1 cells by the parser, as an import result. */
export function legacyImport(parsed: ParsedFile): ImportResult {
  return {
    rows: parsed.rows.map((row) => ({
      line: row.line,
      cells: Object.fromEntries(COLUMNS.map((column) => [column, row.cells[column] ?? ''])) as Record<Column, string>,
    })),
    issues: [],
  };
}

/* ------------------------------------------------------------------ report */

/** A source value or column name on one line and cut, so that a cell cannot fake or flood report lines. */
const shown = (value: string): string => clip(replaceLineBreaks(value, ' '), 80);

const ISSUE_TEXT: Record<ImportIssueCode, (issue: ImportIssue) => string> = {
  'code-inconnu': (i) =>
    `code « ${shown(i.value)} » de la colonne « ${shown(i.column)} » absent de la correspondance : ignoré ` +
    `(ajoutez-le à la correspondance s'il a un équivalent dans le standard)`,
  'horaire-illisible': (i) =>
    `horaire « ${shown(i.value)} » de la colonne « ${shown(i.column)} » illisible : cette demi-journée est comptée fermée`,
  'date-illisible': (i) => `date « ${shown(i.value)} » de la colonne « ${shown(i.column)} » illisible ou inexistante : laissée vide`,
  'valeur-par-defaut': (i) => `« ${shown(i.column)} » vide dans la source : valeur par défaut « ${shown(i.value)} » de la correspondance`,
};

/** Values lost first, then values filled in. */
const ISSUE_ORDER: readonly ImportIssueCode[] = ['code-inconnu', 'horaire-illisible', 'date-illisible', 'valeur-par-defaut'];

/** Line numbers as compact ranges: `2-5, 9, 12-13`, cut after `max` ranges. */
function lineRanges(lines: number[], max = 12): string {
  const ranges: string[] = [];
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > max ? `${ranges.slice(0, max).join(', ')}…` : ranges.join(', ');
}

function where(lines: number[]): string {
  const distinct = new Set(lines);
  return distinct.size === 1 ? `ligne ${lines[0]}` : `${distinct.size} lignes (${lineRanges(lines)})`;
}

/**
 * The import report in French, lines of the source file: first what the mapping could not carry
 * over (one line per kind of issue and value), then what the validator says about the converted
 * rows (one line per kind of problem, with one example). 561 identical defaults take one line.
 * Safe to print: values on one line, cut, invisible control characters shown (`printable`).
 */
export function formatImportReport(file: string, result: ImportResult, output: ImportOutput): string {
  const errors = output.problems.filter((p) => p.severity === 'error');
  const refused = new Set(errors.map((p) => p.line)).size;
  const lines = [
    `${file} : ${result.rows.length} ligne${result.rows.length > 1 ? 's' : ''} convertie${result.rows.length > 1 ? 's' : ''}` +
      (refused > 0 ? `, dont ${refused} refusée${refused > 1 ? 's' : ''} par la validation (à corriger).` : ', toutes acceptées par la validation.'),
  ];
  const issueGroups = [...groupBy(result.issues, (i) => `${i.code}\u0000${i.column}\u0000${i.value}`).values()].sort(
    (a, b) => ISSUE_ORDER.indexOf((a[0] as ImportIssue).code) - ISSUE_ORDER.indexOf((b[0] as ImportIssue).code) || b.length - a.length,
  );
  lines.push('', issueGroups.length === 0 ? 'Conversion : tout a été repris.' : `Conversion : ${result.issues.length} valeurs non reprises telles quelles ou complétées.`);
  for (const group of issueGroups) {
    lines.push(`- ${ISSUE_TEXT[(group[0] as ImportIssue).code](group[0] as ImportIssue)} — ${where(group.map((i) => i.line))}`);
  }
  const problemGroups = [...groupBy(output.problems, (p) => `${p.severity}\u0000${p.code}\u0000${p.column}`).values()].sort(
    (a, b) => Number((b[0] as Problem).severity === 'error') - Number((a[0] as Problem).severity === 'error') || b.length - a.length,
  );
  lines.push('', problemGroups.length === 0 ? 'Validation : aucun problème.' : `Validation : ${output.problems.length} remarques.`);
  for (const group of problemGroups) {
    const first = group[0] as Problem;
    const label = first.severity === 'error' ? 'ERREUR' : 'avertissement';
    const example = group.length > 1 ? ' Par exemple : ' : ' ';
    lines.push(`- ${label} [${first.column || 'fichier'}] —${example}${replaceLineBreaks(first.message, ' ')} — ${where(group.map((p) => p.line))}`);
  }
  return printable(`${lines.join('\n')}\n`);
}
