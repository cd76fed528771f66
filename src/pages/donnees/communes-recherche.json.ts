/** `/donnees/communes-recherche.json`: the commune table for the offline place search, fetched on first focus. */
import { buildCommuneTable } from '../../lib/search-index.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(buildCommuneTable(getSiteData().reference)), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
