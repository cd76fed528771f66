/**
 * What `npm run apply` does with a proposal from the listing form, without touching the disk
 * (scripts/apply.ts reads the message and the listings and writes the file): find the venue by
 * source + id, refuse a correction whose fields the producer changed since the form was opened,
 * drop the fields the source already gives, and say what the result changes on the site, with
 * the pull-request change report.
 */
import { foldText } from '../../common/text.ts';
import { parseCsvFile } from '../../pipeline/1-parse/parse.ts';
import { producerKey } from '../../pipeline/ownership.ts';
import { toCsv } from '../../pipeline/6-outputs/csv.ts';
import { COLUMNS, FIELDS, type Column } from '../../pipeline/schema.ts';
import type { RawRow } from '../../pipeline/types.ts';
import { changedColumns, missingRequired, proposalFile, rowFingerprint, type Proposal, type ProposalVenue } from './correction.ts';
import { comparableCells, diffListings, type DiffReport } from '../diff.ts';

export interface ListingInput {
  /** Path relative to the listings folder. */
  name: string;
  bytes: Uint8Array;
}

export interface ApplyResult {
  /** 0: the file can be written; 1: the proposal cannot be applied as it is (the messages say why). */
  exitCode: 0 | 1;
  /** French lines for the maintainer. */
  messages: string[];
  /** The file to write (folder of the repository's `data/`), when there is one. */
  file: { folder: 'corrections' | 'lieux'; name: string; content: string } | null;
  report: DiffReport | null;
}

const shown = (value: string): string => (value === '' ? '(vide)' : `« ${value} »`);

function sameSource(file: string, sourceCell: string, named: string): boolean {
  if (sourceCell.trim() !== '') return foldText(sourceCell) === foldText(named);
  const base = (name: string): string => producerKey(name.split('/').pop() ?? name);
  return /\.csv$/i.test(named) && base(file) === base(named);
}

interface FoundRow {
  file: ListingInput;
  row: RawRow;
  rows: RawRow[];
}

/** The current row of a venue: among the rows of its source with its id, the newest (`date_maj`, then file). */
function findVenue(listings: readonly ListingInput[], venue: ProposalVenue): FoundRow | null {
  let found: FoundRow | null = null;
  for (const file of listings) {
    const { rows } = parseCsvFile(file.name, file.bytes);
    for (const row of rows) {
      if ((row.cells.id ?? '').trim() !== venue.id || !sameSource(file.name, row.cells.source ?? '', venue.source)) continue;
      const date = (row.cells.date_maj ?? '').trim();
      if (found === null || date >= (found.row.cells.date_maj ?? '').trim()) found = { file, row, rows };
    }
  }
  return found;
}

const fileBytes = (rows: readonly RawRow[]): Uint8Array =>
  new TextEncoder().encode(toCsv(COLUMNS, rows.map((row) => COLUMNS.map((column) => row.cells[column] ?? '')), { lineEnding: '\n' }));

export function applyProposal(proposal: Proposal, listings: readonly ListingInput[]): ApplyResult {
  if (proposal.venue === null) return applyNewVenue(proposal);
  const found = findVenue(listings, proposal.venue);
  const name = `« ${proposal.venue.id} » de la source « ${proposal.venue.source} »`;
  if (found === null) {
    return {
      exitCode: 1,
      messages: [`Aucun lieu ${name} dans les fichiers de lieux : il a peut-être été retiré ou renommé par son producteur. Rien n'a été écrit.`],
      file: null,
      report: null,
    };
  }
  const where = `fichier ${found.file.name}, ligne ${found.row.line}`;
  if (proposal.kind === 'fermeture') {
    return {
      exitCode: 0,
      messages: [
        `Signalement de fermeture du lieu ${name} (${where}).`,
        'Aucun fichier écrit : vérifiez la fermeture auprès du producteur, puis retirez la ligne de son fichier (ou demandez-lui de le faire).',
        ...(proposal.comment ? [`Commentaire : ${proposal.comment}`] : []),
      ],
      file: null,
      report: null,
    };
  }
  const current = comparableCells(found.row.cells);
  const messages: string[] = [];
  const conflicts: string[] = [];
  const fields: Partial<Record<Column, string>> = {};
  for (const column of changedColumns(proposal)) {
    const proposed = proposal.fields[column]!;
    if (current[column] === proposed) {
      messages.push(`${column} : la source donne déjà ${shown(proposed)}, champ laissé de côté.`);
    } else if (current[column] !== (proposal.before[column] ?? '')) {
      conflicts.push(
        `${column} (${FIELDS[column].label}) : ${shown(proposal.before[column] ?? '')} quand la proposition a été faite, ${shown(current[column])} aujourd'hui, ${shown(proposed)} proposé.`,
      );
    } else {
      fields[column] = proposed;
    }
  }
  if (conflicts.length > 0) {
    return {
      exitCode: 1,
      messages: [
        `Le lieu ${name} (${where}) a changé depuis la proposition, sur les champs qu'elle corrige : rien n'a été écrit.`,
        ...conflicts.map((line) => `- ${line}`),
        'Vérifiez avec l’auteur de la proposition quelle valeur est la bonne.',
      ],
      file: null,
      report: null,
    };
  }
  if (rowFingerprint(current) !== proposal.venue.fingerprint) {
    messages.push(`La ligne du lieu (${where}) a changé depuis la proposition, sur d'autres champs que ceux qu'elle corrige : la correction ne touche que ses champs.`);
  }
  const kept: Proposal = { ...proposal, fields };
  if (changedColumns(kept).length === 0) {
    return { exitCode: 0, messages: [...messages, `Rien à corriger pour le lieu ${name} : la source donne déjà ces valeurs. Rien n'a été écrit.`], file: null, report: null };
  }
  const patched: RawRow = { ...found.row, cells: { ...found.row.cells, ...fields, date_maj: proposal.date } };
  const head = found.rows.map((row) => (row === found.row ? patched : row));
  const report = diffListings(new Map([[found.file.name, found.file.bytes]]), new Map([[found.file.name, fileBytes(head)]]));
  if (report.summary.errors > 0) {
    return { exitCode: 1, messages: [...messages, 'La ligne corrigée aurait des erreurs (voir le rapport) : rien n’a été écrit.'], file: null, report };
  }
  return { exitCode: 0, messages, file: proposalFile(kept), report };
}

function applyNewVenue(proposal: Proposal): ApplyResult {
  const file = proposalFile(proposal)!;
  const missing = missingRequired(proposal);
  if (missing.length > 0) {
    return {
      exitCode: 1,
      messages: [`Le nouveau lieu n'a pas tous les champs obligatoires : il manque ${missing.map((c) => `${c} (${FIELDS[c].label})`).join(', ')}. Rien n'a été écrit.`],
      file: null,
      report: null,
    };
  }
  const report = diffListings(new Map(), new Map([[file.name, new TextEncoder().encode(file.content)]]));
  if (report.summary.errors > 0) {
    return { exitCode: 1, messages: ['Le nouveau lieu aurait des erreurs (voir le rapport) : rien n’a été écrit.'], file: null, report };
  }
  return { exitCode: 0, messages: [], file, report };
}
