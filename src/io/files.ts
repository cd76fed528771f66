/**
 * File-system helpers for the CLIs and the build: the pipeline stages themselves never touch the
 * disk. Writes are atomic (temporary file + rename) so that an interrupted build never leaves a
 * half-written output that a later step would read as valid.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The repository root, whatever the current directory of the process. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Folder of listing CSV files: `DATA_DIR` when set, else `data/lieux/` of the repository. */
export function listingsDir(): string {
  return path.resolve(process.env.DATA_DIR ?? path.join(REPO_ROOT, 'data/lieux'));
}

/**
 * Folder of correction files (see src/pipeline/ownership.ts): `CORRECTIONS_DIR` when set, else
 * `data/corrections/` of the repository when the listings are the repository's own; none for
 * another `DATA_DIR` (a folder checked as it is), unless `CORRECTIONS_DIR` says so.
 */
export function correctionsDir(): string | null {
  if (process.env.CORRECTIONS_DIR !== undefined) return path.resolve(process.env.CORRECTIONS_DIR);
  return process.env.DATA_DIR === undefined ? path.join(REPO_ROOT, 'data/corrections') : null;
}

/**
 * The correction files, named by their path from the repository root when inside it
 * (`data/corrections/…`), so that reports do not confuse them with the listings.
 */
export function readCorrectionFiles(): ListingFile[] {
  const dir = correctionsDir();
  if (dir === null || !existsDir(dir)) return [];
  const inRepository = !path.relative(REPO_ROOT, dir).startsWith('..');
  const prefix = (inRepository ? path.relative(REPO_ROOT, dir) : dir).split(path.sep).join('/');
  return readListingFiles(dir).map((file) => ({ ...file, name: `${prefix}/${file.name}` }));
}

export interface ListingFile {
  /** Path relative to the listings folder, with `/` separators: what reports show. */
  name: string;
  bytes: Uint8Array;
}

/** Every `.csv` file under `dir` (recursively), sorted by name so that builds are deterministic. */
export function readListingFiles(dir: string): ListingFile[] {
  if (!existsDir(dir)) {
    throw new Error(`Le dossier des lieux « ${dir} » n'existe pas (variable DATA_DIR ou data/lieux/).`);
  }
  const names = (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
  return names.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

/** Reads the given paths (relative to the current directory), naming them relative to `dir` when inside it. */
export function readNamedFiles(paths: string[], dir: string): ListingFile[] {
  return paths.map((p) => {
    const absolute = path.resolve(p);
    const relative = path.relative(dir, absolute);
    const name = relative.startsWith('..') ? p : relative;
    return { name: name.split(path.sep).join('/'), bytes: readFileSync(absolute) };
  });
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
