/** `/donnees/sources/index.json`: the raw listing files published beside it, with their rows' ids and sources (see sources-index.ts). */
import { getSourcesIndex } from '../../../site/sources.ts';

export function GET(): Response {
  return new Response(JSON.stringify(getSourcesIndex()), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
