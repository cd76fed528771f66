/** `/donnees/contour-france.json`: France's outline (Natural Earth, public domain) drawn under the maps. */
import { franceOutline, loadWorldAtlasCountries } from '../../site/france-outline.ts';

export function GET(): Response {
  return new Response(JSON.stringify(franceOutline(loadWorldAtlasCountries())), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
