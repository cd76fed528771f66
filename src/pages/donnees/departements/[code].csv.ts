/** `/donnees/departements/<code>.csv`: the published venues of one département, standard's 32 columns. */
import type { GetStaticPaths } from 'astro';
import { departementPaths, venuesToCsv, type CsvExport } from '../../../pipeline/6-outputs/exports.ts';
import { getSiteData } from '../../../site/site-data.ts';
import type { Venue } from '../../../pipeline/types.ts';

export const getStaticPaths = (() => {
  const { venues, reference } = getSiteData();
  return departementPaths(venues, reference);
}) satisfies GetStaticPaths;

export function GET({ props }: { props: { venues: Venue[]; exported: CsvExport } }): Response {
  return new Response(venuesToCsv(props.venues, props.exported), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
