/**
 * The listings pipeline: parse → validate/normalize → one current row per source + id, with the
 * corrections applied (ownership.ts) → geocode → deduplicate, the checks of the CSV exports
 * against the standard, then the reconciliation that proves nothing was lost (`checkListings`:
 * everything the report depends on, which the in-browser file checker runs), then enrich
 * (`runPipeline`: what the site publishes).
 * Pure: files and reference data come in, venues and the report come out; scripts/ does the
 * reading and writing. Browser-safe: imports nothing from `node:*`.
 */
import { deduplicate, probableDuplicateProblem } from './4-deduplicate/deduplicate.ts';
import { enrichVenues } from './5-enrich/enrich.ts';
import { csvExport } from './6-outputs/exports.ts';
import type { WeeklySchedule } from '../common/opening.ts';
import { applyCorrections, buildDay, currentRows, futureDateProblems, readCorrections } from './ownership.ts';
import { geocodeRecord, type OnlineCacheLookup } from './3-geocode/geocode.ts';
import { parseCsvFile } from './1-parse/parse.ts';
import { buildCommuneIndex, type CommuneIndex } from './3-geocode/reference.ts';
import type { FileInfo, Geocode, Merge, MergedVenue, Problem, ReferenceData, Report, SourcePairMerges, ValidationResult, ValidRow, Venue } from './types.ts';
import { validateFiles } from './2-validate/validate.ts';

export interface PipelineInput {
  /** Source files (`data/lieux/`), named relative to their folder. */
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  /** File-level errors of the entries of the listings folder that were not read (links, devices…). */
  refused?: readonly Problem[];
  /** Correction files (`data/corrections/`), named as reports should show them. */
  corrections?: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  reference: ReferenceData;
  /** Prebuilt commune index, when the caller runs the pipeline several times. */
  communeIndex?: CommuneIndex;
  /** Address-level results of the optional online geocoder, reused offline. */
  onlineCache?: OnlineCacheLookup;
  /**
   * The build's reference time, now when not given: a `date_maj` after its day (UTC) is reported
   * and never wins, and weekly schedules start from its week.
   */
  buildDate?: Date;
  /** Told each stage as it starts, with the share of the work done so far (0–1), for a progress bar. */
  onProgress?: (stage: PipelineStage, done: number) => void;
}

export type PipelineStage = 'parse' | 'validate' | 'geocode' | 'deduplicate' | 'enrich';

/** Rough shares of the time each stage takes, measured on the real national file. */
const STAGE_START: Record<PipelineStage, number> = { parse: 0, validate: 0.05, geocode: 0.3, deduplicate: 0.6, enrich: 0.8 };

export interface ListingsCheck {
  /** The venues to publish, before enrichment. */
  venues: MergedVenue[];
  /** Rows without error, normalized (the commune code filled in by the geocoder), merged or not. */
  valid: ValidRow[];
  report: Report;
  timings: Record<'parse' | 'validate' | 'geocode' | 'deduplicate', number>;
}

export interface PipelineResult {
  venues: Venue[];
  /** Distinct weekly schedules, indexed by `Venue.schedule`. */
  schedules: WeeklySchedule[];
  /** Public holidays per holiday zone, for the twelve months after the build. */
  holidays: Record<string, string[]>;
  report: Report;
  /** Milliseconds spent in each stage, for the benchmark. */
  timings: Record<'parse' | 'validate' | 'geocode' | 'deduplicate' | 'enrich', number>;
}

export class ReconciliationError extends Error {}

export function runPipeline(input: PipelineInput): PipelineResult {
  // One reference time for every stage, even when a run straddles midnight.
  const buildDate = input.buildDate ?? new Date();
  const check = checkListings({ ...input, buildDate });
  const clock = stageClock();
  input.onProgress?.('enrich', STAGE_START.enrich);
  const { venues, schedules, holidays } = enrichVenues(check.venues, input.reference, buildDate);
  return { venues, schedules, holidays, report: check.report, timings: { ...check.timings, enrich: clock() } };
}

/** Every stage the report depends on: the same report as `runPipeline`, without the enrichment. */
export function checkListings(input: PipelineInput): ListingsCheck {
  const clock = stageClock();
  const progress = (stage: PipelineStage, withinStage = 0): void => {
    if (!input.onProgress) return;
    const stages = Object.keys(STAGE_START) as PipelineStage[];
    const next = STAGE_START[stages[stages.indexOf(stage) + 1] ?? 'enrich'];
    input.onProgress(stage, STAGE_START[stage] + (next - STAGE_START[stage]) * withinStage);
  };
  const today = buildDay(input.buildDate ?? new Date());

  // File by file, so that only one file's raw cells are alive at a time (100,000 rows would
  // otherwise hold every raw cell and every normalized record at once).
  const files: FileInfo[] = [];
  const valid: ValidRow[] = [];
  const rejected: ValidationResult['rejected'] = [];
  const problems: Problem[] = [...(input.refused ?? [])];
  let rows = 0;
  let lines = 0;
  let parseMs = 0;
  let validateMs = 0;
  for (const file of input.files) {
    progress('parse');
    const parsed = parseCsvFile(file.name, file.bytes);
    parseMs += clock();
    progress('validate');
    const validation = validateFiles([parsed]);
    validateMs += clock();
    rows += parsed.rows.length;
    lines += parsed.info.lines;
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
  progress('geocode');
  for (const [index, row] of corrected.rows.entries()) {
    if (index % 1000 === 999) progress('geocode', index / corrected.rows.length);
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

  progress('deduplicate');
  const deduplicated = deduplicate(placed, { today });
  const { merges, probableDuplicates } = deduplicated;
  appendAll(problems, probableDuplicates.map(probableDuplicateProblem));
  const deduplicateMs = clock();

  const venues = deduplicated.venues;
  // What the CSV downloads must leave out or rename to pass the standard's schema is reported too.
  appendAll(problems, csvExport(venues).problems);
  const summary = {
    lines,
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
  // A set, not a search of every problem for every rejected row: 100,000 of each would be 10^10 comparisons.
  const linesWithError = new Set(problems.filter((p) => p.severity === 'error').map((p) => `${p.file}\u0000${p.line}`));
  const rejectedWithoutError = rejected.filter((row) => !linesWithError.has(`${row.file}\u0000${row.line}`));
  if (rejectedWithoutError.length > 0) {
    const first = rejectedWithoutError[0]!;
    throw new ReconciliationError(
      `${rejectedWithoutError.length} ligne(s) rejetée(s) sans erreur expliquée, par exemple ${first.file} ligne ${first.line}.`,
    );
  }

  problems.sort(compareProblems);
  rejected.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
  return {
    venues,
    valid,
    report: {
      summary,
      files,
      problems,
      rejected,
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

/** Report order: file, line, errors before warnings, column. */
export function compareProblems(a: Problem, b: Problem): number {
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
