/** `/donnees/sources/index.json`: the raw listing files published beside it, with their rows' ids (see sources-index.ts). */
import { buildSourcesIndex } from '../../../contribute/sources-index.ts';
import { listingsDir, readListingFiles } from '../../../io/files.ts';

export function GET(): Response {
  return new Response(JSON.stringify(buildSourcesIndex(readListingFiles(listingsDir()))), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
