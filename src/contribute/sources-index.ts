/**
 * The index of the raw listing files the site publishes under `/donnees/sources/`, and how the
 * file checker finds, among them, the current version of the file a contributor drops: the file
 * of the same name, else the one sharing the most venue ids (a renamed file, or a spreadsheet
 * saved under another name). It also lists each file's sources, from which « Télécharger mes
 * lieux » (/contribuer/) offers a producer her rows. Browser-safe: built at build time, read by
 * the checker.
 */
import { parseCsvFile } from '../pipeline/1-parse/parse.ts';
import { sourceOf } from '../pipeline/ownership.ts';

export const SOURCES_INDEX_FORMAT = 'sources-v1';

/** A source whose rows a file holds (see ownership.ts: its `source` column, else the file). */
export interface SourceInFile {
  key: string;
  label: string;
  rows: number;
}

export interface SourceFileEntry {
  /** Name relative to the listings folder, as reports show it. */
  file: string;
  rows: number;
  /** The ids of its rows, in file order (empty ids left out). */
  ids: string[];
  /** Its sources, by number of rows (then name): one for a producer's own file, many for a consolidated one. */
  sources: SourceInFile[];
}

export interface SourcesIndex {
  format: typeof SOURCES_INDEX_FORMAT;
  files: SourceFileEntry[];
}

export function buildSourcesIndex(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): SourcesIndex {
  return {
    format: SOURCES_INDEX_FORMAT,
    files: files.map(({ name, bytes }) => {
      const { rows } = parseCsvFile(name, bytes);
      const ids = rows.map((row) => (row.cells.id ?? '').trim()).filter((id) => id !== '');
      const sources = new Map<string, SourceInFile>();
      for (const row of rows) {
        const { key, label } = sourceOf(name, row.cells.source ?? '');
        const known = sources.get(key);
        if (known === undefined) sources.set(key, { key, label, rows: 1 });
        else known.rows++;
      }
      const byRows = [...sources.values()].sort((a, b) => b.rows - a.rows || a.label.localeCompare(b.label, 'fr'));
      return { file: name, rows: rows.length, ids, sources: byRows };
    }),
  };
}

/** The published file a dropped file is a new version of, or null for a new producer's file. */
export function findCurrentVersion(index: SourcesIndex, name: string, ids: readonly string[]): SourceFileEntry | null {
  const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1);
  const sameName = index.files.find((entry) => baseName(entry.file) === baseName(name));
  if (sameName) return sameName;
  const wanted = new Set(ids);
  let best: SourceFileEntry | null = null;
  let bestShared = 0;
  for (const entry of index.files) {
    const shared = entry.ids.reduce((n, id) => n + (wanted.has(id) ? 1 : 0), 0);
    if (shared > bestShared) {
      best = entry;
      bestShared = shared;
    }
  }
  return best;
}

/** The path of a source file under `/donnees/`, each segment URL-encoded. */
export function sourceFilePath(file: string): string {
  return `sources/${file.split('/').map(encodeURIComponent).join('/')}`;
}
