/** `/donnees/lieux.geojson`: every published venue as a Point feature. */
import { venuesToGeoJson } from '../../lib/exports.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(venuesToGeoJson(getSiteData().venues)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
