/**
 * Refreshing the listings from the national consolidated file of the standard (`npm run
 * sync:national`, I/O in scripts/sync-national.ts). Pure decisions: which file of the portal's
 * dataset to take, whether a download is the whole CSV file it claims to be, and whether
 * replacing the previous version is safe. A refused download writes nothing.
 */
import { createHash } from 'node:crypto';
import { parseCsvFile } from '../pipeline/1-parse/parse.ts';
import { isDemoSource } from '../pipeline/demo-marker.ts';
import type { FileDiff } from './diff.ts';

/**
 * The dataset « Lieux de médiation numérique sur le territoire national » on data.gouv.fr, as its
 * API describes it (resources with URL, size and checksum). A direct CSV URL works too.
 */
export const DEFAULT_NATIONAL_SOURCE =
  'https://www.data.gouv.fr/api/1/datasets/lieux-de-mediation-numerique-sur-le-territoire-national/';

/** The one listings file the sync writes, at the top of the listings folder. */
export const NATIONAL_FILE = 'lieux-de-mediation-numerique-national.csv';

/** What the portal publishes about the file, to check the download against. */
export interface ExpectedFile {
  url: string;
  /** Size in bytes. */
  filesize?: number;
  checksum?: { type: string; value: string };
}

/** A reason to write nothing, in French for the maintainer reading the job's log. */
export class SyncRefusal extends Error {}

interface PortalResource {
  url?: unknown;
  format?: unknown;
  title?: unknown;
  filesize?: unknown;
  checksum?: { type?: unknown; value?: unknown } | null;
  last_modified?: unknown;
}

/**
 * The CSV file of a data.gouv.fr dataset description: the most recently modified resource in
 * CSV format, with the size and checksum the portal gives for it.
 */
export function pickCsvResource(dataset: unknown, sourceUrl: string): ExpectedFile {
  const resources = (dataset as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) {
    throw new SyncRefusal(`La réponse de ${sourceUrl} n'est ni un fichier CSV ni la description d'un jeu de données (pas de « resources »).`);
  }
  const csv = (resources as PortalResource[])
    .filter((resource) => typeof resource.url === 'string' && String(resource.format ?? '').toLowerCase() === 'csv')
    .sort((a, b) => String(b.last_modified ?? '').localeCompare(String(a.last_modified ?? '')));
  const chosen = csv[0];
  if (chosen === undefined) throw new SyncRefusal(`Le jeu de données décrit par ${sourceUrl} ne contient aucun fichier CSV.`);
  const expected: ExpectedFile = { url: String(chosen.url) };
  if (typeof chosen.filesize === 'number' && chosen.filesize > 0) expected.filesize = chosen.filesize;
  const { type, value } = chosen.checksum ?? {};
  if (typeof type === 'string' && typeof value === 'string' && value !== '') expected.checksum = { type, value: value.toLowerCase() };
  return expected;
}

export interface Download {
  url: string;
  status: number;
  contentType: string;
  /** The `Content-Length` header, when the server sent one. */
  contentLength: number | null;
  bytes: Uint8Array;
}

const HASHES: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512', md5: 'md5' };

/**
 * Refuses a download that is not the whole CSV file: an HTTP error, an HTML page (a portal's
 * error or login page), fewer bytes than announced by `Content-Length` or by the portal, another
 * checksum than the portal's, or a last record cut in the middle.
 */
export function checkDownload(download: Download, expected: ExpectedFile): void {
  const { url, bytes } = download;
  if (download.status < 200 || download.status > 299) {
    throw new SyncRefusal(`Le téléchargement de ${url} a échoué (HTTP ${download.status}).`);
  }
  const start = new TextDecoder().decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/html/.test(download.contentType) || start.startsWith('<!doctype html') || start.startsWith('<html')) {
    throw new SyncRefusal(`${url} a renvoyé une page HTML au lieu d'un fichier CSV (le portail est peut-être en maintenance, ou l'adresse a changé).`);
  }
  if (download.contentLength !== null && bytes.length !== download.contentLength) {
    throw new SyncRefusal(`Téléchargement incomplet : ${bytes.length} octets reçus sur les ${download.contentLength} annoncés par le serveur.`);
  }
  if (expected.filesize !== undefined && bytes.length !== expected.filesize) {
    throw new SyncRefusal(`Le fichier reçu fait ${bytes.length} octets, le portail en annonce ${expected.filesize} : il est incomplet ou n'est pas celui publié.`);
  }
  if (expected.checksum !== undefined) {
    const algorithm = HASHES[expected.checksum.type.toLowerCase()];
    if (algorithm !== undefined) {
      const actual = createHash(algorithm).update(bytes).digest('hex');
      if (actual !== expected.checksum.value) {
        throw new SyncRefusal(`L'empreinte ${expected.checksum.type} du fichier reçu (${actual}) n'est pas celle publiée par le portail (${expected.checksum.value}).`);
      }
    }
  }
  const parsed = parseCsvFile('téléchargement.csv', bytes);
  const fileError = parsed.problems.find((problem) => problem.severity === 'error' && problem.line <= 1);
  if (fileError !== undefined) throw new SyncRefusal(`Le fichier téléchargé n'est pas un fichier de lieux lisible : ${fileError.message}`);
  const lastLine = parsed.rows.at(-1)?.line;
  const cut = parsed.problems.find((problem) => problem.line === lastLine && (problem.code === 'nombre-de-champs' || problem.code === 'ligne-illisible'));
  if (cut !== undefined) {
    throw new SyncRefusal(`Le dernier enregistrement du fichier (ligne ${cut.line}) est coupé : le téléchargement est incomplet.`);
  }
}

/** A listings file of the fictitious demonstration data: every row carries the demo source. */
export function isDemoFile(name: string, bytes: Uint8Array): boolean {
  const { rows } = parseCsvFile(name, bytes);
  return rows.length > 0 && rows.every((row) => isDemoSource((row.cells.source ?? '').trim()));
}

/**
 * Refuses to replace a previous national file by one that removes more than the allowed share
 * of its venues, unless forced. The first sync, which replaces the demo files, has no previous
 * national file and is never refused for that.
 */
export function checkRemovals(nationalDiff: FileDiff | undefined, force: boolean): void {
  if (nationalDiff === undefined || nationalDiff.status === 'added' || !nationalDiff.massRemoval || force) return;
  throw new SyncRefusal(
    `La nouvelle version retire ${nationalDiff.removed.length} des ${nationalDiff.baseRows} lieux de la précédente ` +
      `(${Math.round(nationalDiff.removedShare * 100)} %) : c'est probablement une erreur du portail. Rien n'a été écrit. ` +
      `Si cette baisse est réelle, relancez avec --force.`,
  );
}
