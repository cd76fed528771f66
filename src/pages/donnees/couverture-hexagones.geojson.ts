/** `/donnees/couverture-hexagones.geojson`: the density layer (inhabitants and venues per hexagon). */
import { hexagonsGeoJson } from '../../lib/coverage.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(hexagonsGeoJson(getSiteData().coverage)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
