/** `/donnees/index-recherche.json`: the compact venue data the home page fetches after first paint. */
import { buildSearchIndex } from '../../lib/search-index.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  const { venues, reference, builtAt } = getSiteData();
  return new Response(JSON.stringify(buildSearchIndex(venues, reference, { builtAt })), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
