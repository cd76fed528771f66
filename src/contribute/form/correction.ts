/**
 * What the listing form proposes, and the files it becomes, for the page and for
 * `npm run apply` alike (browser-safe: no `node:*`).
 *
 * A proposal on a published venue is a *correction* in the row-ownership model (CONTRIBUTING,
 * « Qui publie quoi »): a CSV file under `data/corrections/` in the standard's columns, naming the
 * venue by `source` + `id`, filling only the corrected fields, with `date_maj` the date of the
 * correction. A correction cannot empty a field. The proposal also carries the fingerprint of the
 * row the form started from and the starting values of the fields it corrects, so that a change
 * the producer made meanwhile is reported instead of silently overwritten.
 *
 * A new venue (« Ajouter un lieu ») becomes a one-row listing file in the standard's 32 columns;
 * a closure report names the venue and writes no file (a maintainer checks it with the producer).
 */
import { clip } from '../../common/cell-text.ts';
import { shortHash, slugify } from '../../common/text.ts';
import { toCsv } from '../../pipeline/6-outputs/csv.ts';
import { COLUMNS, REQUIRED_COLUMNS, type Column } from '../../pipeline/schema.ts';
import { comparableCells, type ComparableCells } from '../diff.ts';

export const PROPOSAL_FORMAT = 'proposition-lieu-v1';

export type ProposalKind = 'correction' | 'ajout' | 'fermeture';
export type ProposalAuthor = 'structure' | 'usager';

/** Columns a correction names its venue and its date with: the form never proposes them as changes. */
export const KEY_COLUMNS: readonly Column[] = ['source', 'id', 'date_maj'];

export const MAX_COMMENT_LENGTH = 2000;

/** The published row a venue page comes from, as `/donnees/fiches/<département>.json` gives it. */
export interface VenueFiche {
  /** The source as a correction names it: the row's `source` column, else its file name. */
  source: string;
  id: string;
  file: string;
  line: number;
  /** The row's filled cells, normalized as the change report compares them (empty ones left out). */
  fields: Partial<ComparableCells>;
  fingerprint: string;
}

export interface VenueFicheFile {
  format: 'fiches-v1';
  /** By venue slug. */
  fiches: Record<string, VenueFiche>;
}

export interface ProposalVenue {
  slug: string;
  /** The venue's name as published, for the people reading the proposal. */
  nom: string;
  source: string;
  id: string;
  /** Fingerprint of the row the form started from. */
  fingerprint: string;
}

export interface Proposal {
  format: typeof PROPOSAL_FORMAT;
  kind: ProposalKind;
  author: ProposalAuthor;
  /** `YYYY-MM-DD`: the correction's `date_maj`. */
  date: string;
  /** The venue corrected or reported closed; null for a new venue. */
  venue: ProposalVenue | null;
  /** New values (for a new venue: every filled field), normalized. */
  fields: Partial<Record<Column, string>>;
  /** The starting values of the corrected fields (empty for a new venue). */
  before: Partial<Record<Column, string>>;
  comment: string;
}

/** The fingerprint of a row's normalized cells: it changes when any field of the row changes. */
export function rowFingerprint(fields: ComparableCells): string {
  const text = COLUMNS.map((column) => fields[column]).join('\u0001');
  // Two 32-bit hashes of the text and of its reverse: a 64-bit fingerprint from the project's one hash.
  return `${shortHash(text)}${shortHash([...text].reverse().join(''))}`;
}

/** How a correction names a row's source: its `source` column when filled, else its file name. */
export function correctionSource(file: string, sourceCell: string): string {
  return sourceCell.trim() !== '' ? sourceCell.trim() : (file.split('/').pop() ?? file);
}

export function venueFiche(file: string, line: number, cells: Partial<Record<Column, string>>): VenueFiche {
  const all = comparableCells(cells);
  const fields = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== '')) as Partial<ComparableCells>;
  return { source: correctionSource(file, all.source), id: all.id, file, line, fields, fingerprint: rowFingerprint(all) };
}

export interface ProposalInput {
  kind: ProposalKind;
  author: ProposalAuthor;
  date: string;
  /** The venue's published row; null for a new venue. */
  start: { slug: string; fiche: VenueFiche } | null;
  /** What the form holds, as typed (it is normalized here). */
  values: Partial<Record<Column, string>>;
  comment: string;
}

export interface BuiltProposal {
  proposal: Proposal;
  /** Fields the form emptied: a correction cannot empty a field (the producer must). */
  emptied: Column[];
}

/** The proposal a form makes: only the fields that differ, once normalized, from the starting row. */
export function buildProposal(input: ProposalInput): BuiltProposal {
  const edited = comparableCells({ ...input.values, date_maj: input.date });
  const fields: Partial<Record<Column, string>> = {};
  const before: Partial<Record<Column, string>> = {};
  const emptied: Column[] = [];
  const start = input.start?.fiche.fields;
  for (const column of COLUMNS) {
    if (KEY_COLUMNS.includes(column) && start !== undefined) continue;
    if (input.kind === 'fermeture') break;
    const value = edited[column];
    const previous = start?.[column] ?? '';
    if (value === previous) continue;
    if (value === '') {
      if (start !== undefined && input.values[column] !== undefined) emptied.push(column);
      continue;
    }
    fields[column] = value;
    if (start !== undefined) before[column] = previous;
  }
  const venue = input.start ? { slug: input.start.slug, nom: input.start.fiche.fields.nom ?? '', source: input.start.fiche.source, id: input.start.fiche.id, fingerprint: input.start.fiche.fingerprint } : null;
  return {
    proposal: { format: PROPOSAL_FORMAT, kind: input.kind, author: input.author, date: input.date, venue, fields, before, comment: input.comment.trim().slice(0, MAX_COMMENT_LENGTH) },
    emptied,
  };
}

/** Columns a proposal changes, in the standard's order. */
export function changedColumns(proposal: Proposal): Column[] {
  return COLUMNS.filter((column) => proposal.fields[column] !== undefined);
}

/** Required columns a new venue still lacks. */
export function missingRequired(proposal: Proposal): Column[] {
  return REQUIRED_COLUMNS.filter((column) => column !== 'id' && column !== 'date_maj' && !proposal.fields[column]);
}

/** The id a new venue gets: its name and commune, and the day it was proposed. */
export function newVenueId(proposal: Proposal): string {
  return `formulaire-${slugify(`${proposal.fields.nom ?? ''} ${proposal.fields.commune ?? ''}`, 50)}-${proposal.date}`;
}

/** The correction file of a proposal on a published venue: `source,id,date_maj` and the corrected fields. */
export function correctionCsv(proposal: Proposal): string {
  if (proposal.venue === null) throw new Error('A correction names a published venue.');
  const columns = changedColumns(proposal).filter((column) => !KEY_COLUMNS.includes(column));
  const header = ['source', 'id', 'date_maj', ...columns];
  return toCsv(header, [[proposal.venue.source, proposal.venue.id, proposal.date, ...columns.map((column) => proposal.fields[column] ?? '')]], { lineEnding: '\n' });
}

/** The source of the venues added through the form, when the contributor names none. */
export const FORM_SOURCE = 'Contributions du formulaire du site';

/** The one-row listing file of a new venue, in the standard's 32 columns. */
export function newVenueCsv(proposal: Proposal): string {
  const fields: Partial<Record<Column, string>> = { source: FORM_SOURCE, ...proposal.fields, id: newVenueId(proposal), date_maj: proposal.date };
  return toCsv(COLUMNS, [COLUMNS.map((column) => fields[column] ?? '')], { lineEnding: '\n' });
}

/**
 * Where the file goes: `<date>_<source>_<id>_<fingerprint>.csv` under `data/corrections/` for a
 * correction (the fingerprint says which version of the row it was made from), a dated file of
 * `data/lieux/formulaire/` for a new venue.
 */
export function proposalFileName(proposal: Proposal): string {
  if (proposal.venue === null) return `formulaire/${proposal.date}_${newVenueId(proposal)}.csv`;
  const { source, id, fingerprint } = proposal.venue;
  return `${proposal.date}_${slugify(source, 40) || 'source'}_${slugify(id, 40) || 'lieu'}_${fingerprint}.csv`;
}

/** The file a proposal becomes (none for a closure report). */
export function proposalFile(proposal: Proposal): { folder: 'corrections' | 'lieux'; name: string; content: string } | null {
  if (proposal.kind === 'fermeture') return null;
  if (proposal.venue === null) return { folder: 'lieux', name: proposalFileName(proposal), content: newVenueCsv(proposal) };
  return { folder: 'corrections', name: proposalFileName(proposal), content: correctionCsv(proposal) };
}

/** One line naming the proposal: the e-mail's subject, the issue's and the pull request's title. */
export function proposalTitle(proposal: Proposal): string {
  const what = proposal.kind === 'ajout' ? 'Nouveau lieu' : proposal.kind === 'fermeture' ? 'Fermeture' : 'Correction';
  return `${what} : ${proposal.fields.nom ?? proposal.venue?.nom ?? ''}`.trim();
}

/**
 * The proposal in words, for the e-mail and the issue: one line per changed field, each value cut
 * at `maxValueLength` characters when given (the block carries them whole).
 */
export function describeProposal(proposal: Proposal, maxValueLength = Infinity): string[] {
  const shown = (value: string | undefined): string => (value === undefined || value === '' ? '(vide)' : `« ${clip(value, maxValueLength)} »`);
  const who = proposal.author === 'structure' ? 'la structure elle-même' : 'un usager';
  const venue = proposal.venue === null ? 'un nouveau lieu' : `le lieu « ${proposal.venue.nom || proposal.venue.id} » (source ${proposal.venue.source}, id ${proposal.venue.id})`;
  const head =
    proposal.kind === 'fermeture'
      ? `Signalement de fermeture pour ${venue}, par ${who}, le ${proposal.date}.`
      : proposal.kind === 'ajout'
        ? `Proposition d'ajout d'un lieu, par ${who}, le ${proposal.date}.`
        : `Proposition de correction pour ${venue}, par ${who}, le ${proposal.date}.`;
  const lines = [head];
  for (const column of changedColumns(proposal)) {
    lines.push(proposal.kind === 'ajout' ? `- ${column} : ${shown(proposal.fields[column])}` : `- ${column} : ${shown(proposal.before[column])} → ${shown(proposal.fields[column])}`);
  }
  if (proposal.comment !== '') lines.push(`Commentaire : ${proposal.comment}`);
  return lines;
}
