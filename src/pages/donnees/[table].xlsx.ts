/** The coverage tables as `.xlsx` workbooks, each with its « Dictionnaire » sheet (see `tableXlsx`). */
import type { APIContext, GetStaticPaths } from 'astro';
import { tableXlsx, type CoverageTable } from '../../coverage/downloads.ts';
import { downloadAbout, siteCoverageTables } from '../../site/coverage-view.ts';
import { getSiteData } from '../../site/site-data.ts';

export const getStaticPaths = (() => siteCoverageTables(getSiteData()).map((table) => ({ params: { table: table.file }, props: { table } }))) satisfies GetStaticPaths;

export function GET({ props }: APIContext<{ table: CoverageTable }>): Response {
  const { table } = props;
  const data = getSiteData();
  return new Response(tableXlsx(table, downloadAbout(data.coverage), data.coverage.provenance.computedAt), {
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}
