/** `/donnees/villes-moyennes.geojson`: mid-sized towns as points (coverage map, home map layer). */
import { townsGeoJson } from '../../coverage/downloads.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(townsGeoJson(getSiteData().coverage)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
