/** `/donnees/communes-recherche.json`: the commune table for the offline place search, fetched on first focus. */
import { buildCommuneTable } from '../../pipeline/6-outputs/search-index.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(buildCommuneTable(getSiteData().reference)), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
