/** `/donnees/couverture-departements.csv`: coverage figures per département, with the national total last. */
import { TERRITORIES_CSV_HEADER, territoriesCsvRows } from '../../lib/coverage.ts';
import { toCsv } from '../../lib/csv.ts';
import { getSiteData } from '../../lib/site-data.ts';

export function GET(): Response {
  const { coverage, reference } = getSiteData();
  const regionOf = new Map(reference.departements.map((d) => [d.code, d.region]));
  const rows = territoriesCsvRows([...coverage.departements, coverage.national], (code) => regionOf.get(code) ?? '');
  return new Response(toCsv(TERRITORIES_CSV_HEADER, rows, { bom: true }), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
