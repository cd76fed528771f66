/** `/donnees/villes-moyennes.geojson`: mid-sized towns as points (coverage map, home map layer). */
import { townsGeoJson } from '../../lib/coverage.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(townsGeoJson(getSiteData().coverage)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
