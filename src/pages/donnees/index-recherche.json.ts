/** `/donnees/index-recherche.json`: the compact venue data the home page fetches after first paint. */
import { buildSearchIndex } from '../../pipeline/6-outputs/search-index.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  const { venues, schedules, builtAt } = getSiteData();
  return new Response(JSON.stringify(buildSearchIndex(venues, { builtAt, schedules })), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
