/** `/donnees/couverture-hexagones.geojson`: the density layer (inhabitants and venues per hexagon). */
import { hexagonsGeoJson } from '../../coverage/downloads.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(hexagonsGeoJson(getSiteData().coverage)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
