/** `/donnees/villes-moyennes.csv`: mid-sized towns with their figures, score and flags. */
import { TOWNS_CSV_HEADER, townsCsvRows } from '../../coverage/downloads.ts';
import { toCsv } from '../../pipeline/6-outputs/csv.ts';
import { getSiteData } from '../../site/site-data.ts';
import { paths } from '../../site/paths.ts';

export function GET({ site }: { site: URL | undefined }): Response {
  const pageUrl = (town: { slug: string }) => new URL(paths.town(town.slug), site).href;
  return new Response(toCsv(TOWNS_CSV_HEADER, townsCsvRows(getSiteData().coverage, pageUrl), { bom: true }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
