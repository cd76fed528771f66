/**
 * File-system helpers for the CLIs and the build: the pipeline stages themselves never touch the
 * disk. Writes are atomic (temporary file + rename) so that an interrupted build never leaves a
 * half-written output that a later step would read as valid.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readPipelineConfig } from '../config.ts';

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
