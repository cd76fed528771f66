/** `/donnees/couverture-departements.csv`: coverage figures per département, with the national total last. */
import { TERRITORIES_CSV_HEADER, territoriesCsvRows } from '../../coverage/downloads.ts';
import { toCsv } from '../../pipeline/6-outputs/csv.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  const { coverage, reference } = getSiteData();
  const regionOf = new Map(reference.departements.map((d) => [d.code, d.region]));
  const rows = territoriesCsvRows([...coverage.departements, coverage.national], (code) => regionOf.get(code) ?? '');
  return new Response(toCsv(TERRITORIES_CSV_HEADER, rows, { bom: true }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
