/** `/donnees/couverture-communes.csv`: coverage figures of every current commune. */
import { COMMUNES_CSV_HEADER, communesCsvRows } from '../../lib/coverage.ts';
import { toCsv } from '../../lib/csv.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  return new Response(toCsv(COMMUNES_CSV_HEADER, communesCsvRows(getSiteData().coverage), { bom: true }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
