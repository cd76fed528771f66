/** `/donnees/lieux.csv`: every published venue in the standard's 32 columns, placed. */
import { venuesToCsv } from '../../pipeline/6-outputs/exports.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(venuesToCsv(getSiteData().venues), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
