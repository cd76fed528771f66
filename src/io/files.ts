/**
 * File-system helpers for the CLIs and the build: the pipeline stages themselves never touch the
 * disk. Writes are atomic (temporary file + rename) so that an interrupted build never leaves a
 * half-written output that a later step would read as valid.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { readPipelineConfig } from '../config.ts';
import { fileTooLargeProblem, MAX_FILE_BYTES } from '../pipeline/1-parse/parse.ts';
import type { Problem } from '../pipeline/types.ts';
import { CommandError } from './cli.ts';

/**
 * The repository root, whatever the current directory of the process: the nearest folder above
 * this module holding `astro.config.mjs`. Found by walking up rather than by a fixed `../..`
 * because Astro bundles this module into a chunk elsewhere in the repository during the site build.
 */
export const REPO_ROOT = findRepoRoot(import.meta.dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'astro.config.mjs'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '../..');
  }
}

/** Folder of listing CSV files: `DATA_DIR` when set, else `data/lieux/` of the repository. */
export function listingsDir(): string {
  return readPipelineConfig().dataDir;
}

/**
 * The correction files (see src/pipeline/ownership.ts) of the configured folder, named as reports
 * show them (`data/corrections/…`), with the entries refused as in the listings folder.
 */
export function readCorrectionFiles(): ListingFolder {
  const dir = readPipelineConfig().correctionsDir;
  if (dir === null || !existsDir(dir)) return { files: [], refused: [] };
  const inRepository = !path.relative(REPO_ROOT, dir).startsWith('..');
  const prefix = (inRepository ? path.relative(REPO_ROOT, dir) : dir).split(path.sep).join('/');
  const folder = readListingFiles(dir);
  const named = (name: string): string => `${prefix}/${name}`;
  return {
    files: folder.files.map((file) => ({ ...file, name: named(file.name) })),
    refused: folder.refused.map((problem) => ({ ...problem, file: named(problem.file) })),
  };
}

export interface ListingFile {
  /** Path relative to the listings folder, with `/` separators: what reports show. */
  name: string;
  bytes: Uint8Array;
}

/** The files read, and one file-level error for each entry that was not (a link, a device…). */
export interface ListingFolder {
  files: ListingFile[];
  refused: Problem[];
}

type Refusal = 'lien-symbolique' | 'fichier-special' | 'fichier-illisible';

const REFUSALS: Record<Refusal, string> = {
  'lien-symbolique':
    "C'est un lien symbolique : il n'a été ni suivi ni lu, car il pourrait mener hors du dossier des lieux. " +
    'Remplacez-le par le fichier lui-même.',
  'fichier-special':
    "Ce n'est pas un fichier ordinaire (périphérique, tube, socket…) : il n'a pas été lu. Retirez-le du dossier des lieux.",
  'fichier-illisible': "Le fichier n'a pas pu être lu (droits d'accès) : vérifiez qu'il est lisible par tous.",
};

const refusal = (name: string, code: Refusal): Problem => ({
  file: name,
  line: 0,
  column: '',
  value: '',
  severity: 'error',
  code,
  message: REFUSALS[code],
});

/**
 * Reads one file that must be a regular file: opened without following a symbolic link (even
 * one swapped in after the folder was listed) and without waiting on a pipe, checked for its
 * size before reading.
 */
function readRegularFile(name: string, absolute: string, folder: ListingFolder): void {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return void folder.refused.push(refusal(name, 'lien-symbolique'));
    if (code === 'EACCES' || code === 'EPERM') return void folder.refused.push(refusal(name, 'fichier-illisible'));
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return void folder.refused.push(refusal(name, 'fichier-special'));
    if (stat.size > MAX_FILE_BYTES) return void folder.refused.push(fileTooLargeProblem(name, stat.size));
    folder.files.push({ name, bytes: readFileSync(fd) });
  } finally {
    closeSync(fd);
  }
}

/**
 * Walks the folder without following symbolic links: a link (to a file or a folder, even a loop)
 * and anything that is not a regular file or a folder is refused, whatever its name; regular
 * `.csv` files are read.
 */
function walk(dir: string, relative: string, folder: ListingFolder): void {
  const entries = readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isSymbolicLink()) folder.refused.push(refusal(name, 'lien-symbolique'));
    else if (entry.isDirectory()) walk(dir, name, folder);
    else if (!entry.isFile()) folder.refused.push(refusal(name, 'fichier-special'));
    else if (entry.name.toLowerCase().endsWith('.csv')) readRegularFile(name, path.join(dir, name), folder);
  }
}

/** Every `.csv` file under `dir` (recursively), sorted by name so that builds are deterministic. */
export function readListingFiles(dir: string): ListingFolder {
  if (!existsDir(dir)) {
    throw new CommandError(
      `Le dossier des lieux « ${dir} » n'existe pas. Vérifiez la variable DATA_DIR, ou lancez la commande depuis le dépôt (data/lieux/).`,
    );
  }
  const folder: ListingFolder = { files: [], refused: [] };
  walk(dir, '', folder);
  folder.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return folder;
}

/**
 * Reads the given paths (relative to the current directory), naming them relative to `dir` when
 * inside it. A missing path or a folder is a usage mistake; a link or a special file is refused
 * as in the folder walk.
 */
export function readNamedFiles(paths: string[], dir: string): ListingFolder {
  const folder: ListingFolder = { files: [], refused: [] };
  for (const p of paths) {
    const absolute = path.resolve(p);
    const relative = path.relative(dir, absolute);
    const name = (relative.startsWith('..') || path.isAbsolute(relative) ? p : relative).split(path.sep).join('/');
    let isDirectory: boolean;
    try {
      isDirectory = lstatSync(absolute).isDirectory();
    } catch {
      throw new CommandError(`Fichier introuvable : « ${p} ». Vérifiez son chemin (relatif au dossier courant).`);
    }
    if (isDirectory) {
      throw new CommandError(
        `« ${p} » est un dossier : indiquez des fichiers CSV, ou aucun pour valider tout le dossier des lieux (DATA_DIR=${p}).`,
      );
    }
    readRegularFile(name, absolute, folder);
  }
  return folder;
}

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * Writes a JSON array atomically, item by item: at 100,000 venues the whole array as one string
 * would be about 140 MB on top of the venues themselves.
 */
export function writeJsonArrayAtomic(file: string, items: readonly unknown[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    const CHUNK = 1000;
    writeSync(fd, '[');
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK).map((item) => JSON.stringify(item));
      writeSync(fd, (start > 0 ? ',' : '') + chunk.join(','));
    }
    writeSync(fd, ']');
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

function existsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
