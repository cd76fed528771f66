/** `/donnees/lieux.geojson`: every published venue as a Point feature. */
import { venuesToGeoJson } from '../../pipeline/6-outputs/exports.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(venuesToGeoJson(getSiteData().venues)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
