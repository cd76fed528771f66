/** `/donnees/departements/<code>.geojson`: the published venues of one département as Point features. */
import type { GetStaticPaths } from 'astro';
import { departementPaths, venuesToGeoJson } from '../../../pipeline/6-outputs/exports.ts';
import { getSiteData } from '../../../site/site-data.ts';
import type { Venue } from '../../../pipeline/types.ts';

export const getStaticPaths = (() => {
  const { venues, reference } = getSiteData();
  return departementPaths(venues, reference);
}) satisfies GetStaticPaths;

export function GET({ props }: { props: { venues: Venue[] } }): Response {
  return new Response(JSON.stringify(venuesToGeoJson(props.venues)), {
    headers: { 'content-type': 'application/geo+json; charset=utf-8' },
  });
}
