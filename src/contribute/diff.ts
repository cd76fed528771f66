/**
 * What a change to the listing files does, for the pull-request report: per file, venues added,
 * removed and changed (field by field), matched by `id` within a file and compared on
 * normalized values, so that re-saving a file from a spreadsheet (quotes, `0X XX` phones,
 * list order...) is not reported as a change. Only the validation problems of added and changed
 * rows are reported: a contributor answers for their change, not for the whole file's past.
 *
 * With the reference data, the pipeline also runs on both versions: a row that merges into a
 * venue another producer publishes and changes its contact details is shown as such
 * (« modifie le lieu X publié par Y »), not as an addition, since that is what visitors will see.
 *
 * With the correction files of both versions (`data/corrections/`), rows are compared as the site
 * publishes them, corrections applied by the ownership rule: a pull request that only adds a
 * correction shows the venue it corrects as changed, field by field, `date_maj` included.
 */
import { clip, inertJson, printable, replaceLineBreaks } from '../common/cell-text.ts';
import { normalizeField } from '../pipeline/2-validate/normalize.ts';
import { parseCsvFile } from '../pipeline/1-parse/parse.ts';
import { escapeMarkdown } from '../pipeline/6-outputs/report.ts';
import { groupBy } from '../common/group-by.ts';
import { foldText } from '../common/text.ts';
import { COLUMNS, LIST_SEPARATOR } from '../pipeline/schema.ts';
import type { Column, StandardRecord } from '../pipeline/schema.ts';
import type { ParsedFile, Problem, RawRow } from '../pipeline/types.ts';
import { validateFiles } from '../pipeline/2-validate/validate.ts';
import { runPipeline } from '../pipeline/run.ts';
import { buildDay, comparable, correctedDate, correctionFieldOutcome, correctionsInOrder, effectiveDate, futureDateProblems, readCorrections, sourceOf, venueKey } from '../pipeline/ownership.ts';
import type { CommuneIndex } from '../pipeline/3-geocode/reference.ts';
import type { ReferenceData, Venue } from '../pipeline/types.ts';

/** Listing files by name (path relative to the listings folder) → bytes. */
export type ListingSnapshot = ReadonlyMap<string, Uint8Array>;

export const DEFAULT_MAX_REMOVED_SHARE = 0.2;

export interface VenueRef {
  id: string;
  nom: string;
  /** Line in the new version (for removed venues: in the old version). */
  line: number;
}

export interface FieldChange {
  column: Column;
  before: string;
  after: string;
}

export interface VenueChange extends VenueRef {
  baseLine: number;
  changes: FieldChange[];
}

/** A touched row that, once merged, changes the contact details of a venue another source publishes. */
export interface Takeover extends VenueRef {
  /** The other producer's venue, named as it was published before. */
  venue: string;
  publisher: string;
  changes: FieldChange[];
}

export type FileStatus = 'added' | 'removed' | 'renamed' | 'modified' | 'unchanged';

export interface FileDiff {
  file: string;
  /** For a renamed file, its name in the old version. */
  previousFile?: string;
  status: FileStatus;
  baseRows: number;
  headRows: number;
  /** New rows, except those that take over another producer's venue (in `takeovers`). */
  added: VenueRef[];
  removed: VenueRef[];
  changed: VenueChange[];
  takeovers: Takeover[];
  /** Validation problems of the added and changed rows, and the new version's file-level problems. */
  problems: Problem[];
  /** Share of the old version's rows removed, 0–1. */
  removedShare: number;
  /** More than the allowed share of rows removed: probably a mistake (wrong file, truncated export). */
  massRemoval: boolean;
}

export interface DiffReport {
  maxRemovedShare: number;
  files: FileDiff[];
  summary: { added: number; removed: number; changed: number; takeovers: number; errors: number; warnings: number; massRemovals: number };
}

/** The correction files of both versions, named relative to their folder. */
export interface CorrectionSnapshots {
  base: ListingSnapshot;
  head: ListingSnapshot;
}

/** What the pipeline needs to tell which venue a row ends up in. */
export interface DiffContext {
  reference: ReferenceData;
  communeIndex?: CommuneIndex;
  /** The build date (default: now). */
  buildDate?: Date;
}

/**
 * Longest value kept in a change or a problem of the report: one pasted 900 KB value must not
 * push every other change out of the pull-request summary. The line number finds the rest.
 */
export const DIFF_VALUE_LENGTH = 200;

/** A row's fields normalized and written as comparable text (lists sorted, joined with `|`). */
export type ComparableCells = Record<Column, string>;

/** The comparable text of a row's cells: what the change report and the listing form compare. */
export function comparableCells(cells: RawRow['cells']): ComparableCells {
  const out = {} as ComparableCells;
  for (const column of COLUMNS) {
    const raw = (cells[column] ?? '').trim();
    // As in validation: code_postal comes before telephone in COLUMNS, so the phone is read with
    // the venue's postal code (a number from Mayotte's block listed in Paris is +33 there).
    const { value } = normalizeField(column, raw, { codePostal: out.code_postal ?? '' });
    const normalized = Array.isArray(value) ? [...value].sort().join(LIST_SEPARATOR) : value === null ? '' : String(value);
    // A value the normalizer had to drop still counts as what the contributor wrote, so that
    // typing an unreadable value is shown as a change, with its warning.
    out[column] = normalized === '' ? raw : normalized;
  }
  return out;
}

/**
 * What identifies a row within a file: its `source` and `id` (a consolidated file may use one id
 * in two sources). The file itself is left out, so that a renamed file still matches.
 */
const rowKey = (row: RawRow): string => `${foldText(row.cells.source ?? '')}\u0000${(row.cells.id ?? '').trim()}`;

/** Rows by source and id; the n-th row carrying a key in one version matches the n-th in the other. */
const ref = (row: RawRow): VenueRef => ({
  id: clip((row.cells.id ?? '').trim(), DIFF_VALUE_LENGTH),
  nom: clip((row.cells.nom ?? '').trim(), DIFF_VALUE_LENGTH),
  line: row.line,
});

function diffFile(base: ParsedFile | undefined, head: ParsedFile | undefined, maxRemovedShare: number, today: string): FileDiff {
  const file = head?.info.file ?? base?.info.file ?? '';
  const baseRows = base?.rows ?? [];
  const headRows = head?.rows ?? [];
  const baseById = groupBy(baseRows, rowKey);
  const added: VenueRef[] = [];
  const changed: VenueChange[] = [];
  const matched = new Set<RawRow>();

  const seen = new Map<string, number>();
  for (const row of headRows) {
    const id = rowKey(row);
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    const before = (row.cells.id ?? '').trim() === '' ? undefined : baseById.get(id)?.[occurrence];
    if (before === undefined) {
      added.push(ref(row));
      continue;
    }
    matched.add(before);
    if (COLUMNS.every((c) => (before.cells[c] ?? '') === (row.cells[c] ?? ''))) continue;
    const old = comparableCells(before.cells);
    const now = comparableCells(row.cells);
    const changes = COLUMNS.filter((c) => old[c] !== now[c]).map((column) => ({
      column,
      before: clip(old[column], DIFF_VALUE_LENGTH),
      after: clip(now[column], DIFF_VALUE_LENGTH),
    }));
    if (changes.length > 0) changed.push({ ...ref(row), baseLine: before.line, changes });
  }
  const removed = baseRows.filter((row) => !matched.has(row)).map(ref);

  // File-level problems (line 0, or 1 for the header) concern whoever rewrote the file; row problems, only touched rows.
  const touchedLines = new Set([...added, ...changed].map((v) => v.line));
  const validation = head === undefined ? undefined : validateFiles([head]);
  const problems = (validation === undefined ? [] : [...validation.problems, ...futureDateProblems(validation.valid, today)])
    .filter((p) => p.line <= 1 || touchedLines.has(p.line))
    .map((p) => ({ ...p, value: clip(p.value, DIFF_VALUE_LENGTH) }));
  const removedShare = baseRows.length === 0 ? 0 : removed.length / baseRows.length;
  const status: FileStatus =
    base === undefined
      ? 'added'
      : head === undefined
        ? 'removed'
        : base.info.file !== head.info.file
          ? 'renamed'
          : added.length + removed.length + changed.length > 0
            ? 'modified'
            : 'unchanged';
  return {
    file,
    ...(status === 'renamed' ? { previousFile: base?.info.file } : {}),
    status,
    baseRows: baseRows.length,
    headRows: headRows.length,
    added,
    removed,
    changed,
    takeovers: [],
    problems,
    removedShare,
    massRemoval: removedShare > maxRemovedShare,
  };
}

const ids = (file: ParsedFile): Set<string> => new Set(file.rows.map((row) => (row.cells.id ?? '').trim()).filter((id) => id !== ''));

/**
 * Pairs each new file with the deleted file whose ids it mostly keeps (at least half of them):
 * a producer who renames their file (the standard's names start with a date) is updating it, not
 * deleting every venue and creating as many.
 */
function pairRenames(deleted: ParsedFile[], created: ParsedFile[]): Map<ParsedFile, ParsedFile> {
  const previousOf = new Map<ParsedFile, ParsedFile>();
  const available = new Set(deleted);
  for (const file of created) {
    const kept = ids(file);
    let best: { file: ParsedFile; shared: number } | undefined;
    for (const candidate of available) {
      const before = ids(candidate);
      const shared = [...before].filter((id) => kept.has(id)).length;
      if (shared > 0 && shared * 2 >= before.size && shared > (best?.shared ?? 0)) best = { file: candidate, shared };
    }
    if (best !== undefined) {
      previousOf.set(file, best.file);
      available.delete(best.file);
    }
  }
  return previousOf;
}

/**
 * An entry of the new version that could not be read (a symbolic link, a device, a file over the
 * size limit): a file without rows whose only problem says why, so that the venues it replaces
 * show as removed and its error fails the check.
 */
function refusedFile(problem: Problem): ParsedFile {
  return {
    info: { file: problem.file, encoding: 'utf-8', bom: false, delimiter: ',', format: 'v1', rows: 0, lines: 0 },
    rows: [],
    problems: [problem],
  };
}

/** The columns a visitor uses to reach a venue. */
const CONTACT_COLUMNS = ['telephone', 'courriels', 'site_web'] as const satisfies readonly Column[];

const contactText = (record: StandardRecord, column: (typeof CONTACT_COLUMNS)[number]): string => {
  const value = record[column];
  return Array.isArray(value) ? [...value].sort().join(LIST_SEPARATOR) : value;
};

const runOn = (snapshot: ListingSnapshot, context: DiffContext, corrections: ListingSnapshot | undefined): Venue[] =>
  runPipeline({
    files: [...snapshot].map(([name, bytes]) => ({ name, bytes })),
    corrections: [...(corrections ?? [])].map(([name, bytes]) => ({ name, bytes })),
    reference: context.reference,
    ...(context.communeIndex === undefined ? {} : { communeIndex: context.communeIndex }),
    ...(context.buildDate === undefined ? {} : { buildDate: context.buildDate }),
  }).venues;

/**
 * Moves to `takeovers` the added and changed rows whose venue, in the new version, also holds a
 * row of another source and publishes other contact details than that source's venue did.
 */
function findTakeovers(files: FileDiff[], base: ListingSnapshot, head: ListingSnapshot, context: DiffContext, corrections: CorrectionSnapshots | undefined): void {
  const touched = new Map<string, { diff: FileDiff; ref: VenueRef; added: boolean }>();
  for (const diff of files) {
    for (const ref of diff.added) touched.set(`${diff.file}\u0000${ref.id}`, { diff, ref, added: true });
    for (const ref of diff.changed) touched.set(`${diff.file}\u0000${ref.id}`, { diff, ref, added: false });
  }
  if (touched.size === 0) return;
  const rowKey = (s: { source: string; id: string }): string => `${s.source}\u0000${s.id}`;
  const before = new Map<string, Venue>();
  for (const venue of runOn(base, context, corrections?.base)) for (const source of venue.sources) before.set(rowKey(source), venue);
  const takenOver = new Set<VenueRef>();
  for (const venue of runOn(head, context, corrections?.head)) {
    const mine = venue.sources.flatMap((source) => {
      const entry = touched.get(`${source.file}\u0000${source.id}`);
      return entry === undefined ? [] : [{ source, ...entry }];
    });
    if (mine.length === 0) continue;
    for (const other of venue.sources) {
      if (mine.some((m) => m.source.source === other.source)) continue;
      const previous = before.get(rowKey(other));
      if (previous === undefined) continue;
      const changes = CONTACT_COLUMNS.filter((c) => contactText(previous.record, c) !== contactText(venue.record, c)).map((column) => ({
        column,
        before: contactText(previous.record, column),
        after: contactText(venue.record, column),
      }));
      if (changes.length === 0) continue;
      for (const { diff, ref, added } of mine) {
        diff.takeovers.push({ ...ref, venue: previous.record.nom, publisher: other.source, changes });
        if (added) takenOver.add(ref);
      }
    }
  }
  for (const diff of files) diff.added = diff.added.filter((ref) => !takenOver.has(ref));
}

/**
 * Compares two snapshots of the listing files. Files that did not change at all are left out.
 * `refused` are the file-level errors of the entries of the new version that were not read.
 * With a `context`, rows that take over another producer's venue are found (see findTakeovers).
 */
export function diffListings(
  base: ListingSnapshot,
  head: ListingSnapshot,
  maxRemovedShare = DEFAULT_MAX_REMOVED_SHARE,
  refused: readonly Problem[] = [],
  context?: DiffContext,
  corrections?: CorrectionSnapshots,
): DiffReport {
  const today = buildDay(context?.buildDate ?? new Date());
  let pairs: Array<[ParsedFile | undefined, ParsedFile | undefined]> = [];
  // Files of the same bytes in both versions differ only if the corrections did.
  const untouched: Array<[ParsedFile, ParsedFile]> = [];
  const correctionsChanged = corrections !== undefined && !sameSnapshot(corrections.base, corrections.head);
  let deleted: ParsedFile[] = [];
  let created: ParsedFile[] = [];
  const refusedByName = new Map(refused.map((problem) => [problem.file, refusedFile(problem)]));
  for (const name of [...new Set([...base.keys(), ...head.keys(), ...refusedByName.keys()])].sort()) {
    const before = base.get(name);
    const after = head.get(name);
    const unread = refusedByName.get(name);
    if (unread !== undefined) {
      pairs.push([before === undefined ? undefined : parseCsvFile(name, before), unread]);
    } else if (before !== undefined && after !== undefined) {
      if (!sameBytes(before, after)) pairs.push([parseCsvFile(name, before), parseCsvFile(name, after)]);
      else if (correctionsChanged) untouched.push([parseCsvFile(name, before), parseCsvFile(name, after)]);
    } else if (before !== undefined) deleted.push(parseCsvFile(name, before));
    else if (after !== undefined) created.push(parseCsvFile(name, after));
  }
  if (corrections !== undefined) {
    const defined = (files: Array<ParsedFile | undefined>): ParsedFile[] => files.filter((file) => file !== undefined);
    const baseFixed = withCorrections(defined([...pairs.map(([b]) => b), ...untouched.map(([b]) => b), ...deleted]), corrections.base, today);
    const headFixed = withCorrections(defined([...pairs.map(([, h]) => h), ...untouched.map(([, h]) => h), ...created]), corrections.head, today);
    const fixed = <F extends ParsedFile | undefined>(file: F, side: Map<ParsedFile, ParsedFile>): F => (file === undefined ? file : ((side.get(file) ?? file) as F));
    pairs = pairs.map(([b, h]) => [fixed(b, baseFixed), fixed(h, headFixed)]);
    for (const [b, h] of untouched) if (baseFixed.has(b) || headFixed.has(h)) pairs.push([fixed(b, baseFixed), fixed(h, headFixed)]);
    deleted = deleted.map((file) => fixed(file, baseFixed));
    created = created.map((file) => fixed(file, headFixed));
  }
  const previousOf = pairRenames(deleted, created);
  const renamed = new Set(previousOf.values());
  for (const file of created) pairs.push([previousOf.get(file), file]);
  for (const file of deleted) if (!renamed.has(file)) pairs.push([file, undefined]);

  const files = pairs
    .map(([before, after]) => diffFile(before, after, maxRemovedShare, today))
    .filter((diff) => diff.status !== 'unchanged' || diff.problems.length > 0)
    .sort((a, b) => a.file.localeCompare(b.file));
  if (context !== undefined) findTakeovers(files, base, head, context, corrections);
  const sum = (f: (d: FileDiff) => number): number => files.reduce((n, d) => n + f(d), 0);
  return {
    maxRemovedShare,
    files,
    summary: {
      added: sum((d) => d.added.length),
      removed: sum((d) => d.removed.length),
      changed: sum((d) => d.changed.length),
      takeovers: sum((d) => d.takeovers.length),
      errors: sum((d) => d.problems.filter((p) => p.severity === 'error').length),
      warnings: sum((d) => d.problems.filter((p) => p.severity === 'warning').length),
      massRemovals: sum((d) => (d.massRemoval ? 1 : 0)),
    },
  };
}

/**
 * The files whose rows the corrections change, as the site publishes them: each correction, oldest
 * first, sets the fields the ownership rule lets it set (`correctionFieldOutcome`) on the rows of
 * its source and id, as comparable text, and dates them (`correctedDate`). Unchanged files are left out.
 */
function withCorrections(files: readonly ParsedFile[], correctionFiles: ListingSnapshot, today: string): Map<ParsedFile, ParsedFile> {
  const fixed = new Map<ParsedFile, ParsedFile>();
  if (correctionFiles.size === 0) return fixed;
  const { corrections } = readCorrections([...correctionFiles].map(([name, bytes]) => parseCsvFile(name, bytes)));
  const rowsOf = new Map<string, Array<{ file: ParsedFile; index: number }>>();
  for (const file of files) {
    file.rows.forEach((row, index) => {
      const key = venueKey(sourceOf(file.info.file, row.cells.source ?? '').key, (row.cells.id ?? '').trim());
      rowsOf.set(key, [...(rowsOf.get(key) ?? []), { file, index }]);
    });
  }
  for (const correction of correctionsInOrder(corrections)) {
    for (const { file, index } of rowsOf.get(venueKey(correction.sourceKey, correction.id)) ?? []) {
      const source = comparableCells(file.rows[index]!.cells);
      const target = fixed.get(file) ?? { ...file, rows: [...file.rows] };
      const row = target.rows[index]!;
      const cells = { ...row.cells };
      let used = false;
      for (const { column, value } of correction.fields) {
        if (correctionFieldOutcome(source[column], comparable(value), effectiveDate(source.date_maj, today), correction.date) !== 'applied') continue;
        cells[column] = comparable(value);
        used = true;
      }
      if (!used) continue;
      cells.date_maj = correctedDate(comparableCells(row.cells).date_maj, correction.date, today);
      target.rows[index] = { ...row, cells };
      fixed.set(file, target);
    }
  }
  return fixed;
}

const sameSnapshot = (a: ListingSnapshot, b: ListingSnapshot): boolean =>
  a.size === b.size && [...a].every(([name, bytes]) => b.has(name) && sameBytes(bytes, b.get(name)!));

/** Byte equality without Node's `Buffer`: the file checker runs this module in the browser. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/* ------------------------------------------------------------------ formatting */

export type DiffFormat = 'text' | 'json' | 'markdown';

/** Problems listed per file before a count, so that a new 5,000-row file keeps a readable report. */
const PROBLEMS_LISTED = 100;
/** Venues listed per category and file before a count. */
const VENUES_LISTED = 200;

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
const percent = (share: number): string => `${Math.round(share * 100)} %`;
const oneLine = (value: string): string => replaceLineBreaks(value, ' ');
const shown = (value: string): string => (value === '' ? '(vide)' : `« ${oneLine(value)} »`);

const STATUS: Record<FileStatus, string> = {
  added: 'nouveau fichier',
  removed: 'fichier supprimé',
  modified: 'fichier modifié',
  unchanged: 'fichier réenregistré sans changement de contenu',
  renamed: 'fichier renommé',
};

function fileSummary(d: FileDiff): string {
  const parts = [
    count(d.added.length, 'lieu ajouté', 'lieux ajoutés'),
    count(d.changed.length, 'lieu modifié', 'lieux modifiés'),
    count(d.removed.length, 'lieu retiré', 'lieux retirés'),
    ...(d.takeovers.length > 0 ? [count(d.takeovers.length, "lieu d'un autre producteur modifié", "lieux d'autres producteurs modifiés")] : []),
  ];
  const status = d.previousFile === undefined ? STATUS[d.status] : `${STATUS[d.status]} (ancien nom : ${d.previousFile})`;
  return `${status} : ${parts.join(', ')}`;
}

function massRemovalWarning(d: FileDiff, max: number): string {
  return (
    `Attention : ${percent(d.removedShare)} des lieux de ce fichier (${d.removed.length} sur ${d.baseRows}) sont retirés, ` +
    `au-delà du seuil de ${percent(max)}. Est-ce voulu ? Un fichier tronqué ou remplacé par erreur donne ce résultat ; ` +
    `si les lieux ont vraiment fermé, précisez-le dans la demande de fusion.`
  );
}

function globalSummary(r: DiffReport): string[] {
  const s = r.summary;
  return [
    `${count(r.files.length, 'fichier concerné', 'fichiers concernés')} : ${count(s.added, 'lieu ajouté', 'lieux ajoutés')}, ` +
      `${count(s.changed, 'lieu modifié', 'lieux modifiés')}, ${count(s.removed, 'lieu retiré', 'lieux retirés')}.`,
    s.errors > 0
      ? `${count(s.errors, 'erreur', 'erreurs')} dans les lignes ajoutées ou modifiées : ces lieux ne seront pas publiés tant qu'elles ne sont pas corrigées.`
      : 'Aucune erreur dans les lignes ajoutées ou modifiées.',
    ...(s.takeovers > 0
      ? [
          `${count(s.takeovers, 'ligne modifie', 'lignes modifient')} les coordonnées d'un lieu publié par un autre producteur ` +
            `(fusion avec sa fiche) : vérifiez que c'est voulu.`,
        ]
      : []),
    ...(s.warnings > 0 ? [`${count(s.warnings, 'avertissement', 'avertissements')} (lieux publiés, valeur corrigée ou ignorée).`] : []),
    ...(s.massRemovals > 0 ? [`${count(s.massRemovals, 'fichier perd', 'fichiers perdent')} plus de ${percent(r.maxRemovedShare)} de ses lieux : vérifiez que c'est voulu.`] : []),
  ];
}

const sortedProblems = (d: FileDiff): Problem[] =>
  [...d.problems].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error') || a.line - b.line);

const unlistedVenues = (d: FileDiff): number =>
  [d.added, d.changed, d.removed, d.takeovers].reduce((n, list) => n + Math.max(0, list.length - VENUES_LISTED), 0);

/** « modifie le lieu « Médiathèque » publié par « Réseau Dijon » ». */
const takeoverSentence = (t: Takeover): string => `modifie le lieu « ${oneLine(t.venue)} » publié par « ${oneLine(t.publisher)} »`;

const venueName = (v: VenueRef): string => `${v.nom === '' ? '(sans nom)' : `« ${oneLine(v.nom)} »`} (id ${v.id === '' ? '(vide)' : oneLine(v.id)})`;

function formatText(r: DiffReport): string {
  const out = ['Changements des fichiers de lieux', ...globalSummary(r)];
  for (const d of r.files) {
    out.push('', `${d.file} — ${fileSummary(d)}`);
    if (d.massRemoval) out.push(`  ${massRemovalWarning(d, r.maxRemovedShare)}`);
    for (const v of d.added.slice(0, VENUES_LISTED)) out.push(`  + ligne ${v.line} : ${venueName(v)}`);
    for (const v of d.changed.slice(0, VENUES_LISTED)) {
      out.push(`  ~ ligne ${v.line} : ${venueName(v)}`);
      for (const c of v.changes) out.push(`      ${c.column} : ${shown(c.before)} → ${shown(c.after)}`);
    }
    for (const v of d.removed.slice(0, VENUES_LISTED)) out.push(`  - ${venueName(v)}, ligne ${v.line} de l'ancienne version`);
    for (const t of d.takeovers.slice(0, VENUES_LISTED)) {
      out.push(`  ! ligne ${t.line} : ${venueName(t)} ${takeoverSentence(t)}`);
      for (const c of t.changes) out.push(`      ${c.column} : ${shown(c.before)} → ${shown(c.after)}`);
    }
    const hidden = unlistedVenues(d);
    if (hidden > 0) out.push(`  … et ${count(hidden, 'autre lieu', 'autres lieux')} (voir le format json).`);
    const problems = sortedProblems(d);
    for (const p of problems.slice(0, PROBLEMS_LISTED)) {
      const where = p.line === 0 ? 'fichier' : `ligne ${p.line}${p.column === '' ? '' : `, colonne ${p.column}`}`;
      out.push(`  ${p.severity === 'error' ? 'ERREUR' : 'avertissement'} (${where}) : ${oneLine(p.message)}`);
    }
    if (problems.length > PROBLEMS_LISTED) out.push(`  … et ${count(problems.length - PROBLEMS_LISTED, 'autre problème', 'autres problèmes')}.`);
  }
  return `${out.join('\n')}\n`;
}

const md = (value: string): string => escapeMarkdown(value);
const mdValue = (value: string): string => (value === '' ? '*(vide)*' : `« ${md(value)} »`);
const mdVenue = (v: VenueRef): string => `${v.nom === '' ? '*(sans nom)*' : `« ${md(v.nom)} »`} (id ${v.id === '' ? '*(vide)*' : md(v.id)})`;

function formatMarkdown(r: DiffReport): string {
  const out = ['## Changements des fichiers de lieux', '', ...globalSummary(r).map((line) => `- ${md(line)}`)];
  for (const d of r.files) {
    out.push('', `### ${md(d.file)}`, '', md(`${fileSummary(d)}.`));
    if (d.massRemoval) out.push('', `> **${md(massRemovalWarning(d, r.maxRemovedShare))}**`);
    const problems = sortedProblems(d);
    if (problems.length > 0) {
      out.push('', '| | Où | Colonne | Valeur | Problème et correction |', '|---|---|---|---|---|');
      for (const p of problems.slice(0, PROBLEMS_LISTED)) {
        const where = p.line === 0 ? 'fichier' : `ligne ${p.line}`;
        out.push(`| ${p.severity === 'error' ? '❌ erreur' : '⚠️ avertissement'} | ${where} | ${md(p.column)} | ${mdValue(p.value)} | ${md(p.message)} |`);
      }
      if (problems.length > PROBLEMS_LISTED) out.push('', md(`… et ${count(problems.length - PROBLEMS_LISTED, 'autre problème', 'autres problèmes')}.`));
    }
    if (d.added.length > 0) {
      out.push('', '#### Lieux ajoutés', '', ...d.added.slice(0, VENUES_LISTED).map((v) => `- ligne ${v.line} : ${mdVenue(v)}`));
    }
    if (d.changed.length > 0) {
      out.push('', '#### Lieux modifiés', '', '| Ligne | Lieu | Colonne | Avant | Après |', '|---|---|---|---|---|');
      for (const v of d.changed.slice(0, VENUES_LISTED)) {
        for (const c of v.changes) out.push(`| ${v.line} | ${mdVenue(v)} | ${md(c.column)} | ${mdValue(c.before)} | ${mdValue(c.after)} |`);
      }
    }
    if (d.removed.length > 0) {
      out.push('', '#### Lieux retirés', '', ...d.removed.slice(0, VENUES_LISTED).map((v) => `- ${mdVenue(v)}, ligne ${v.line} de l'ancienne version`));
    }
    if (d.takeovers.length > 0) {
      out.push('', "#### Lieux d'autres producteurs modifiés", '', '| Ligne | Lieu | Effet | Colonne | Avant | Après |', '|---|---|---|---|---|---|');
      for (const t of d.takeovers.slice(0, VENUES_LISTED)) {
        for (const c of t.changes) out.push(`| ${t.line} | ${mdVenue(t)} | ${md(takeoverSentence(t))} | ${md(c.column)} | ${mdValue(c.before)} | ${mdValue(c.after)} |`);
      }
    }
    const hidden = unlistedVenues(d);
    if (hidden > 0) out.push('', md(`… et ${count(hidden, 'autre lieu', 'autres lieux')} non listés ici.`));
  }
  return `${out.join('\n')}\n`;
}

/**
 * The change report in the requested format; `json` is exactly the `DiffReport` object. Whatever
 * the format, no character of the data can act on the terminal or viewer showing it.
 */
export function formatDiff(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return `${inertJson(report, 2)}\n`;
  return printable(format === 'markdown' ? formatMarkdown(report) : formatText(report));
}
