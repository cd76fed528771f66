/**
 * The index of the published listing files (src/contribute/sources-index.ts), built once per
 * build: `/donnees/sources/index.json` publishes it, /contribuer/ lists its sources.
 */
import { buildSourcesIndex, type SourcesIndex } from '../contribute/sources-index.ts';
import { listingsDir, readListingFiles } from '../io/files.ts';

let cached: SourcesIndex | undefined;

export function getSourcesIndex(): SourcesIndex {
  cached ??= buildSourcesIndex(readListingFiles(listingsDir()).files);
  return cached;
}
