/**
 * The listings pipeline: parse → validate/normalize → one current row per source + id, with the
 * corrections applied (ownership.ts) → geocode → deduplicate, then the reconciliation that proves
 * nothing was lost. Pure: files and reference data come in, venues and the report come out;
 * scripts/ does the reading and writing.
 */
import { deduplicate, probableDuplicateProblem } from './4-deduplicate/deduplicate.ts';
import { applyCorrections, currentRows, futureDateProblems, readCorrections, todayUtc } from './ownership.ts';
import { geocodeRecord, type OnlineCacheLookup } from './3-geocode/geocode.ts';
import { parseCsvFile } from './1-parse/parse.ts';
import { buildCommuneIndex, type CommuneIndex } from './3-geocode/reference.ts';
import type { FileInfo, Geocode, Merge, Problem, ReferenceData, Report, SourcePairMerges, ValidationResult, ValidRow, Venue } from './types.ts';
import { validateFiles } from './2-validate/validate.ts';

export interface PipelineInput {
  /** Source files (`data/lieux/`), named relative to their folder. */
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  /** Correction files (`data/corrections/`), named as reports should show them. */
  corrections?: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  /** The build date, `YYYY-MM-DD` (default: today, UTC): a `date_maj` after it is reported and never wins. */
  today?: string;
  reference: ReferenceData;
  /** Prebuilt commune index, when the caller runs the pipeline several times. */
  communeIndex?: CommuneIndex;
  /** Address-level results of the optional online geocoder, reused offline. */
  onlineCache?: OnlineCacheLookup;
}

export interface PipelineResult {
  venues: Venue[];
  report: Report;
  /** Milliseconds spent in each stage, for the benchmark. */
  timings: Record<'parse' | 'validate' | 'geocode' | 'deduplicate', number>;
}

export class ReconciliationError extends Error {}

export function runPipeline(input: PipelineInput): PipelineResult {
  const clock = stageClock();
  const today = input.today ?? todayUtc();

  // File by file, so that only one file's raw cells are alive at a time (100,000 rows would
  // otherwise hold every raw cell and every normalized record at once).
  const files: FileInfo[] = [];
  const valid: ValidRow[] = [];
  const rejected: ValidationResult['rejected'] = [];
  const problems: Problem[] = [];
  let rows = 0;
  let parseMs = 0;
  let validateMs = 0;
  for (const file of input.files) {
    const parsed = parseCsvFile(file.name, file.bytes);
    parseMs += clock();
    const validation = validateFiles([parsed]);
    validateMs += clock();
    rows += parsed.rows.length;
    files.push(parsed.info);
    appendAll(valid, validation.valid);
    appendAll(rejected, validation.rejected);
    appendAll(problems, validation.problems);
  }
  appendAll(problems, futureDateProblems(valid, today));
  const updates = currentRows(valid, today);
  appendAll(problems, updates.problems);
  const correctionFiles = (input.corrections ?? []).map((file) => parseCsvFile(file.name, file.bytes));
  const read = readCorrections(correctionFiles);
  appendAll(problems, read.problems);
  const corrected = applyCorrections(updates.current, read.corrections, today);
  appendAll(problems, corrected.problems);
  for (const file of correctionFiles) files.push(file.info);
  validateMs += clock();

  const communeIndex = input.communeIndex ?? buildCommuneIndex(input.reference);
  const placed: Array<{ row: ValidRow; geo: Geocode }> = [];
  for (const row of corrected.rows) {
    const result = geocodeRecord(row, communeIndex, input.onlineCache);
    problems.push(...result.problems);
    if (result.geo === null) {
      rejected.push({ file: row.file, line: row.line, id: row.record.id });
      continue;
    }
    if (row.record.code_insee === '' && result.geo.codeInsee !== null) {
      row.record.code_insee = result.geo.codeInsee;
    }
    placed.push({ row, geo: result.geo });
  }
  const geocodeMs = clock();

  const { venues, merges, probableDuplicates } = deduplicate(placed, { today });
  appendAll(problems, probableDuplicates.map(probableDuplicateProblem));
  const deduplicateMs = clock();

  const summary = {
    rows,
    published: venues.length,
    merged: merges.length,
    replaced: updates.replaced.length,
    rejected: rejected.length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    errors: problems.filter((p) => p.severity === 'error').length,
  };
  // Every row read must be published, merged into another venue, replaced by a newer row of its source, or rejected with a reason.
  const accounted = summary.published + summary.merged + summary.replaced + summary.rejected;
  if (accounted !== rows) {
    throw new ReconciliationError(
      `Rapprochement impossible : ${rows} lignes lues, mais ${summary.published} publiées + ` +
        `${summary.merged} fusionnées + ${summary.replaced} remplacées + ${summary.rejected} rejetées = ${accounted}.`,
    );
  }
  const rejectedWithoutError = rejected.filter(
    (row) => !problems.some((p) => p.severity === 'error' && p.file === row.file && p.line === row.line),
  );
  if (rejectedWithoutError.length > 0) {
    const first = rejectedWithoutError[0]!;
    throw new ReconciliationError(
      `${rejectedWithoutError.length} ligne(s) rejetée(s) sans erreur expliquée, par exemple ${first.file} ligne ${first.line}.`,
    );
  }

  problems.sort(compareProblems);
  return {
    venues,
    report: {
      summary,
      files,
      problems,
      merges,
      mergesBySources: mergesBySourcePair(merges),
      probableDuplicates,
      corrections: {
        rows: correctionFiles.reduce((n, file) => n + file.rows.length, 0),
        applied: corrected.applied,
        superseded: corrected.superseded,
        unmatched: corrected.unmatched,
      },
    },
    timings: { parse: parseMs, validate: validateMs, geocode: geocodeMs, deduplicate: deduplicateMs },
  };
}

/** Merges counted per pair of sources, the pair's labels in alphabetical order, most merges first. */
export function mergesBySourcePair(merges: readonly Merge[]): SourcePairMerges[] {
  const counts = new Map<string, SourcePairMerges>();
  for (const merge of merges) {
    const sources = [merge.kept.source, merge.merged.source].sort() as [string, string];
    const key = sources.join('\u0000');
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { sources, merges: 1 });
    else entry.merges++;
  }
  return [...counts.values()].sort((a, b) => b.merges - a.merges || a.sources[0].localeCompare(b.sources[0]) || a.sources[1].localeCompare(b.sources[1]));
}

function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  return a.column < b.column ? -1 : a.column > b.column ? 1 : 0;
}

/** `target.push(...items)` without the argument-count limit of a spread over 100,000 items. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Returns a function that gives the milliseconds elapsed since its previous call. */
function stageClock(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return Math.round(elapsed);
  };
}
