/** `/donnees/couverture-communes.csv`: coverage figures of every current commune. */
import { COMMUNES_CSV_HEADER, communesCsvRows } from '../../coverage/downloads.ts';
import { toCsv } from '../../pipeline/6-outputs/csv.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(toCsv(COMMUNES_CSV_HEADER, communesCsvRows(getSiteData().coverage), { bom: true }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
