/** `/donnees/lieux.csv`: every published venue in the standard's 32 columns, placed. */
import { venuesToCsv } from '../../lib/exports.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(venuesToCsv(getSiteData().venues), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
