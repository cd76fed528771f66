/**
 * Who owns a row, decided once for the whole project (pipeline, pull-request report, national
 * refresh, contribution forms):
 *
 * - Files under `data/lieux/` are *sources*: a producer's export, or the national file written
 *   by the refresh. A source is replaced whole by whoever produces it.
 * - A row belongs to its `source` (the column when filled, else its file, named without the
 *   export date). A venue is found by `source` + `id`, never by file or line (line numbers only
 *   serve messages). Two rows of one source with the same `id` in two files are the same venue:
 *   the newest (`date_maj`, then the later file name, i.e. the newer dated export) is the
 *   current one, the other is reported as replaced.
 * - Small *correction* files (`data/corrections/`, written by the site's form, the maintainers'
 *   command or a pull request) name the venue they correct by `source` + `id` and override the
 *   fields they fill, until the source changes that same field after the correction's
 *   `date_maj` (a newer row giving another, non-empty value): then the source wins and the
 *   report says « correction dépassée ». A correction that changes a field dates the venue
 *   with its own `date_maj`. Nothing deletes a correction: the report lists those that no
 *   longer apply.
 * - A `date_maj` after the build date is reported and counts as no date: it never makes a row
 *   win an update or a merge.
 */
import { normalizeField, quoteValue } from './2-validate/normalize.ts';
import { foldText } from '../common/text.ts';
import { COLUMNS, FIELDS, type Column, type StandardRecord } from './schema.ts';
import type { ParsedFile, Problem, ValidRow } from './types.ts';

/* ------------------------------------------------------------------ sources */

export interface SourceIdentity {
  /** Comparison key: the folded `source` value, or the file's producer name. */
  key: string;
  /** How reports and pages name the source. */
  label: string;
}

/**
 * The part of a file name that names its producer. The standard's recommended names start with the
 * export date (`2026-11-01_<SIRET>_lieux-de-mediation-numerique_<Territoire>.csv`): a producer
 * sending a newer file must not become another producer, so the date is left out.
 */
export function producerKey(file: string): string {
  return file.replace(/(^|\/)\d{4}-\d{2}-\d{2}_/, '$1');
}

/** The source a row belongs to: its `source` column when filled, else its file. */
export function sourceOf(file: string, source: string): SourceIdentity {
  const label = source.trim();
  if (label !== '') return { key: `source:${foldText(label)}`, label };
  const producer = producerKey(file);
  return { key: `fichier:${producer}`, label: `fichier ${producer}` };
}

/**
 * How a correction names its source: the value of the corrected row's `source` column, or,
 * for a row without one, its file name (with or without the export date).
 */
function sourceNamedByCorrection(value: string): string {
  const trimmed = value.trim();
  return /\.csv$/i.test(trimmed) ? `fichier:${producerKey(trimmed.replace(/^fichier\s+/i, ''))}` : `source:${foldText(trimmed)}`;
}

/** What finds a venue across files: its source's key and its id. */
export const venueKey = (sourceKey: string, id: string): string => `${sourceKey}\u0000${id}`;

/** A build date as the day rows are compared with, UTC, `YYYY-MM-DD`. */
export function buildDay(buildDate: Date): string {
  return buildDate.toISOString().slice(0, 10);
}

/** The `date_maj` a row competes with: empty when it is after the build date (or missing). */
export function effectiveDate(dateMaj: string, today: string): string {
  return dateMaj !== '' && dateMaj <= today ? dateMaj : '';
}

/** A warning for every row dated after the build date. */
export function futureDateProblems(rows: readonly ValidRow[], today: string): Problem[] {
  return rows
    .filter((row) => row.record.date_maj > today)
    .map((row) => ({
      file: row.file,
      line: row.line,
      column: 'date_maj',
      value: row.record.date_maj,
      severity: 'warning' as const,
      code: 'date-maj-future',
      message:
        `La date de mise à jour ${quoteValue(row.record.date_maj)} est postérieure à la date de publication (${today}) : ` +
        `elle est ignorée, et cette ligne ne l'emporte jamais sur une autre source décrivant le même lieu. ` +
        `Indiquez la date réelle de dernière vérification, au format AAAA-MM-JJ.`,
    }));
}

/* ------------------------------------------------------------------ updates */

export interface ReplacedRow {
  row: ValidRow;
  /** The row of the same source and id that is current. */
  by: ValidRow;
}

export interface CurrentRows {
  /** One row per source + id, in input order. */
  current: ValidRow[];
  replaced: ReplacedRow[];
  problems: Problem[];
}

/**
 * Keeps one row per source + id. Rows come file by file in sorted order; the current row of an
 * id is the one with the newest effective `date_maj`, then the one from the later file.
 */
export function currentRows(rows: ValidRow[], today: string): CurrentRows {
  // Most ids are seen once: a list only for those seen again.
  const first = new Map<string, ValidRow>();
  const repeated = new Map<string, ValidRow[]>();
  for (const row of rows) {
    const key = venueKey(sourceOf(row.file, row.record.source).key, row.record.id);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row);
    else repeated.set(key, [...(repeated.get(key) ?? [seen]), row]);
  }
  first.clear();
  const replaced: ReplacedRow[] = [];
  const losers = new Set<ValidRow>();
  for (const list of repeated.values()) {
    const winner = list.reduce((best, row) => {
      const a = effectiveDate(row.record.date_maj, today);
      const b = effectiveDate(best.record.date_maj, today);
      return a > b || (a === b && row.file > best.file) ? row : best;
    });
    for (const row of list) {
      if (row === winner) continue;
      losers.add(row);
      replaced.push({ row, by: winner });
    }
  }
  const problems = replaced.map(({ row, by }) => ({
    file: row.file,
    line: row.line,
    column: 'id',
    value: row.record.id,
    severity: 'warning' as const,
    code: 'ligne-remplacee',
    message:
      `Cette ligne (id ${quoteValue(row.record.id)}, source ${quoteValue(sourceOf(row.file, row.record.source).label)}) est ` +
      `remplacée par la ligne ${by.line} de ${by.file}, plus récente : pour une même source, un identifiant désigne un seul lieu. ` +
      `Supprimez l'ancienne ligne (ou l'ancien fichier si la source l'a remplacé par un nouvel export).`,
  }));
  return { current: losers.size === 0 ? rows : rows.filter((row) => !losers.has(row)), replaced, problems };
}

/* ------------------------------------------------------------------ corrections */

/** One cell of a correction file, normalized. */
interface CorrectedField {
  column: Column;
  value: StandardRecord[Column];
}

export interface Correction {
  file: string;
  line: number;
  sourceKey: string;
  source: string;
  id: string;
  date: string;
  fields: CorrectedField[];
}

/** Columns a correction names its venue and date with; it cannot change them. */
const KEY_COLUMNS: ReadonlySet<Column> = new Set(['source', 'id', 'date_maj']);

const correctionProblem = (file: string, line: number, column: string, value: string, code: string, message: string, severity: Problem['severity'] = 'warning'): Problem => ({
  file,
  line,
  column,
  value,
  severity,
  code,
  message,
});

/**
 * Reads parsed correction files: every row must name `source`, `id` and `date_maj`; every other
 * filled cell is a corrected field, normalized like a source cell. A correction file lists only
 * the columns it needs, so missing columns are not a problem here.
 */
export function readCorrections(files: readonly ParsedFile[]): { corrections: Correction[]; problems: Problem[] } {
  const corrections: Correction[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    problems.push(...file.problems.filter((p) => p.code !== 'colonnes-manquantes'));
    const unreadable = new Set(file.problems.filter((p) => p.severity === 'error' && p.line > 0).map((p) => p.line));
    for (const row of file.rows) {
      if (unreadable.has(row.line)) continue;
      const cell = (column: Column): string => (row.cells[column] ?? '').trim();
      const missing = (['source', 'id', 'date_maj'] as const).filter((column) => cell(column) === '');
      const date = normalizeField('date_maj', cell('date_maj'));
      if (missing.length > 0 || date.value === '') {
        problems.push(
          correctionProblem(
            row.file,
            row.line,
            missing[0] ?? 'date_maj',
            missing.length > 0 ? '' : cell('date_maj'),
            'correction-incomplete',
            `Correction ignorée : une correction doit indiquer la source du lieu (colonne source), son identifiant (colonne id) ` +
              `et la date de la correction au format AAAA-MM-JJ (colonne date_maj).` +
              (missing.length > 0 ? ` Vide ici : ${missing.join(', ')}.` : ''),
            'error',
          ),
        );
        continue;
      }
      const fields: CorrectedField[] = [];
      for (const column of COLUMNS) {
        const raw = row.cells[column];
        if (raw === undefined || raw.trim() === '' || KEY_COLUMNS.has(column)) continue;
        const normalized = normalizeField(column, raw, { codePostal: cell('code_postal') });
        for (const issue of normalized.issues) problems.push(correctionProblem(row.file, row.line, column, raw, issue.code, issue.message));
        if (comparable(normalized.value) !== '') fields.push({ column, value: normalized.value });
      }
      corrections.push({
        file: row.file,
        line: row.line,
        sourceKey: sourceNamedByCorrection(cell('source')),
        source: cell('source'),
        id: cell('id'),
        date: date.value,
        fields,
      });
    }
  }
  return { corrections, problems };
}

/** A field value as text, lists in a stable order, to tell whether two values say the same. */
export function comparable(value: StandardRecord[Column]): string {
  if (Array.isArray(value)) return [...value].sort().join('|');
  return value === null ? '' : String(value);
}

/** Corrections oldest first (then by file and line), so that a later one wins. */
export function correctionsInOrder(corrections: readonly Correction[]): Correction[] {
  return [...corrections].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
}

/**
 * What a correction does to one field of its venue, both values as `comparable` text and the
 * source row's effective date: `applied`, `taken-up` (the source already gives that value) or
 * `superseded` (the source gave another value after the correction's date). An empty source
 * field is a gap the correction fills, not a change by the source.
 */
export function correctionFieldOutcome(sourceValue: string, correctedValue: string, sourceDate: string, correctionDate: string): 'applied' | 'taken-up' | 'superseded' {
  if (sourceValue === correctedValue) return 'taken-up';
  if (sourceDate > correctionDate && sourceValue !== '') return 'superseded';
  return 'applied';
}

/**
 * The `date_maj` of a venue a correction changed: the correction's date when it is later (the
 * fields were checked that day), unless it is after the build date, which dates nothing.
 */
export function correctedDate(venueDate: string, correctionDate: string, today: string): string {
  const date = effectiveDate(correctionDate, today);
  return date !== '' && date > effectiveDate(venueDate, today) ? date : venueDate;
}

export interface CorrectionOutcome {
  /** Rows with the corrections that still hold applied (new records; the inputs are left as they are). */
  rows: ValidRow[];
  /** Fields corrected, fields left to the source (« correction dépassée »), corrections naming no venue. */
  applied: number;
  superseded: number;
  unmatched: number;
  problems: Problem[];
}

/**
 * Applies corrections to the current rows, oldest correction first so that a later one wins. A
 * corrected field holds until the source gives another value with a `date_maj` after the
 * correction's: the source has changed that field since, its value is published and the
 * correction is reported as superseded. A field the source leaves empty stays corrected. A venue
 * whose fields a correction changes is dated by it (`correctedDate`): visitors see when it was checked.
 */
export function applyCorrections(rows: ValidRow[], corrections: readonly Correction[], today: string): CorrectionOutcome {
  if (corrections.length === 0) return { rows, applied: 0, superseded: 0, unmatched: 0, problems: [] };
  const byVenue = new Map(rows.map((row, index) => [venueKey(sourceOf(row.file, row.record.source).key, row.record.id), index]));
  const result = [...rows];
  const problems: Problem[] = [];
  let applied = 0;
  let superseded = 0;
  let unmatched = 0;
  for (const correction of correctionsInOrder(corrections)) {
    const index = byVenue.get(venueKey(correction.sourceKey, correction.id));
    if (index === undefined) {
      unmatched++;
      problems.push(
        correctionProblem(
          correction.file,
          correction.line,
          'id',
          correction.id,
          'correction-sans-lieu',
          `Aucun lieu de la source ${quoteValue(correction.source)} n'a l'identifiant ${quoteValue(correction.id)} : ` +
            `cette correction n'est pas appliquée. Vérifiez la source et l'identifiant (le lieu a peut-être été retiré par son producteur).`,
        ),
      );
      continue;
    }
    const original = rows[index]!;
    const target = result[index]!;
    const record: StandardRecord = { ...target.record };
    const sourceDate = effectiveDate(original.record.date_maj, today);
    let used = false;
    const warn = (column: Column, value: StandardRecord[Column], code: string, message: string): void => {
      problems.push(correctionProblem(correction.file, correction.line, column, comparable(value), code, message));
    };
    for (const { column, value } of correction.fields) {
      const sourceValue = comparable(original.record[column]);
      const outcome = correctionFieldOutcome(sourceValue, comparable(value), sourceDate, correction.date);
      if (outcome === 'taken-up') {
        warn(column, value, 'correction-reprise', `La source donne déjà cette valeur pour ${FIELDS[column].label} : la correction n'est plus utile et peut être supprimée.`);
        continue;
      }
      if (outcome === 'superseded') {
        superseded++;
        warn(
          column,
          value,
          'correction-depassee',
          `Correction dépassée : la source ${quoteValue(correction.source)} a mis à jour ce lieu (id ${quoteValue(correction.id)}) ` +
            `le ${sourceDate}, après cette correction du ${correction.date}, et donne pour ${FIELDS[column].label} ` +
            `${quoteValue(sourceValue)}. La valeur de la source est publiée ; supprimez cette correction, ou redatez-la si la source se trompe encore.`,
        );
        continue;
      }
      (record as Record<Column, StandardRecord[Column]>)[column] = value;
      applied++;
      used = true;
    }
    if (used) result[index] = { ...target, record: { ...record, date_maj: correctedDate(record.date_maj, correction.date, today) } };
  }
  return { rows: result, applied, superseded, unmatched, problems };
}
