/**
 * The coverage tables as CSV for French spreadsheets (`;`, decimal comma, UTF-8 with a BOM):
 * `/donnees/villes-moyennes.csv`, `couverture-departements.csv`, `couverture-epci.csv`,
 * `couverture-communes.csv`. The standard's own exports (`lieux.csv`…) have routes of their own.
 */
import type { APIContext, GetStaticPaths } from 'astro';
import { tableCsv, type CoverageTable } from '../../coverage/downloads.ts';
import { siteCoverageTables } from '../../site/coverage-view.ts';
import { getSiteData } from '../../site/site-data.ts';

export const getStaticPaths = (() => siteCoverageTables(getSiteData()).map((table) => ({ params: { table: table.file }, props: { table } }))) satisfies GetStaticPaths;

export function GET({ props }: APIContext<{ table: CoverageTable }>): Response {
  const { table } = props;
  return new Response(tableCsv(table), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
