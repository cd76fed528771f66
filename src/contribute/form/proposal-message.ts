/**
 * A proposal carried in an e-mail, as one block that survives what mail does to text: lines
 * re-wrapped, the reply quoted with « > », a signature or a disclaimer added, the message saved
 * as `.eml` (quoted-printable or base64 bodies, an HTML part). The block is the proposal as JSON,
 * in base64url, then `.` and a checksum of it, cut into short lines between two marker lines:
 * everything that is not the alphabet of base64url is dropped between the markers, and the
 * checksum says whether what is left is what was sent. Browser-safe (the form encodes, the
 * maintainers' command decodes).
 */
import { shortHash } from '../../common/text.ts';
import { COLUMNS, FIELDS, type Column } from '../../pipeline/schema.ts';
import { MAX_COMMENT_LENGTH, PROPOSAL_FORMAT, type Proposal, type ProposalVenue } from './correction.ts';

export const BLOCK_BEGIN = '-----DEBUT-PROPOSITION-LIEU-----';
export const BLOCK_END = '-----FIN-PROPOSITION-LIEU-----';
const LINE_LENGTH = 60;
/** A message larger than this is not a reply to the form (a mailbox export, a wrong file). */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const fromBase64Url = (text: string): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(text.replace(/-/g, '+').replace(/_/g, '/')));

/** The block for a proposal, markers included. */
export function encodeProposal(proposal: Proposal): string {
  const payload = toBase64Url(JSON.stringify(proposal));
  const body = `${payload}.${shortHash(payload)}`;
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += LINE_LENGTH) lines.push(body.slice(i, i + LINE_LENGTH));
  return [BLOCK_BEGIN, ...lines, BLOCK_END].join('\n');
}

export type DecodeResult = { ok: true; proposal: Proposal } | { ok: false; message: string };

/**
 * The texts a message may hold the block in: as it is, with quoted-printable undone, and every
 * base64 body part decoded (an `.eml` file); HTML tags and the entities of « > » removed.
 */
function candidateTexts(raw: string): string[] {
  const texts = [raw, raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))];
  // Base64 body parts: after their `Content-Transfer-Encoding` header, the part's headers end at
  // the first empty line, and its body runs while lines are base64.
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^content-transfer-encoding:\s*base64\s*$/i.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '') j++;
    const body: string[] = [];
    for (j++; j < lines.length && /^[A-Za-z0-9+/=]+$/.test(lines[j]!.trim()); j++) body.push(lines[j]!.trim());
    try {
      texts.push(new TextDecoder('utf-8').decode(fromBase64(body.join(''))));
    } catch {
      // Not base64 after all: the other texts are still tried.
    }
    i = j - 1;
  }
  return texts.map((text) => text.replace(/<[^<>]{0,2000}>/g, '\n').replace(/&gt;|&lt;|&nbsp;|&amp;|&#62;/gi, ' '));
}

/** Finds and checks the block in a message (the whole e-mail, a reply quoting it, an `.eml` file). */
export function decodeProposalMessage(raw: string): DecodeResult {
  if (raw.length > MAX_MESSAGE_BYTES) {
    return { ok: false, message: `Le message fait plus de ${MAX_MESSAGE_BYTES / 1024 / 1024} Mo : ce n'est pas un message du formulaire. Enregistrez le seul message reçu (.eml ou texte).` };
  }
  let damaged = false;
  for (const text of candidateTexts(raw)) {
    let from = 0;
    for (;;) {
      const begin = text.indexOf(BLOCK_BEGIN, from);
      if (begin < 0) break;
      const end = text.indexOf(BLOCK_END, begin + BLOCK_BEGIN.length);
      if (end < 0) break;
      from = end + BLOCK_END.length;
      const body = text.slice(begin + BLOCK_BEGIN.length, end).replace(/[^A-Za-z0-9_\-.]/g, '');
      const dot = body.lastIndexOf('.');
      const payload = body.slice(0, dot);
      if (dot < 0 || shortHash(payload) !== body.slice(dot + 1)) {
        damaged = true;
        continue;
      }
      try {
        return checkProposal(JSON.parse(fromBase64Url(payload)) as unknown);
      } catch {
        damaged = true;
      }
    }
  }
  return {
    ok: false,
    message: damaged
      ? 'Le bloc de la proposition est abîmé (sa somme de contrôle ne correspond pas) : demandez à l’expéditeur de renvoyer le message sans le modifier, ou de joindre le fichier téléchargé depuis le formulaire.'
      : `Aucun bloc de proposition dans ce message (il commence par la ligne ${BLOCK_BEGIN}) : vérifiez que c'est bien le message envoyé depuis le formulaire du site, enregistré en entier (.eml ou texte).`,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

function checkFields(value: unknown): Partial<Record<Column, string>> | null {
  if (!isRecord(value)) return null;
  const out: Partial<Record<Column, string>> = {};
  for (const [key, cell] of Object.entries(value)) {
    // A field is at most as long as the standard's column (the form refuses what validation would drop).
    if (!(COLUMNS as readonly string[]).includes(key) || !isText(cell, FIELDS[key as Column].maxLength)) return null;
    out[key as Column] = cell;
  }
  return out;
}

function checkVenue(value: unknown): ProposalVenue | null | undefined {
  if (value === null) return null;
  if (!isRecord(value)) return undefined;
  const { slug, nom, source, id, fingerprint } = value;
  // The fingerprint goes into a file name: only the letters and digits `rowFingerprint` writes.
  if (!isText(slug, 300) || !isText(nom, 300) || !isText(source, 300) || !isText(id, 300) || typeof fingerprint !== 'string' || !/^[0-9a-z]{1,40}$/.test(fingerprint) || id.trim() === '' || source.trim() === '') return undefined;
  return { slug, nom, source, id, fingerprint };
}

/** The decoded JSON is untrusted: every part is checked for type and length before use. */
function checkProposal(value: unknown): DecodeResult {
  const invalid: DecodeResult = { ok: false, message: 'Le bloc de la proposition est lisible mais son contenu n’a pas la forme attendue : il n’a pas été appliqué. Demandez à l’expéditeur de refaire la proposition depuis le formulaire du site.' };
  if (!isRecord(value) || value.format !== PROPOSAL_FORMAT) return invalid;
  const { kind, author, date, comment } = value;
  const venue = checkVenue(value.venue);
  const fields = checkFields(value.fields);
  const before = checkFields(value.before);
  if (kind !== 'correction' && kind !== 'ajout' && kind !== 'fermeture') return invalid;
  if (author !== 'structure' && author !== 'usager') return invalid;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !isText(comment, MAX_COMMENT_LENGTH)) return invalid;
  if (venue === undefined || fields === null || before === null || (venue === null) !== (kind === 'ajout')) return invalid;
  return { ok: true, proposal: { format: PROPOSAL_FORMAT, kind, author, date, venue, fields, before, comment } };
}
