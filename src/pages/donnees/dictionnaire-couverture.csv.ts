/** `/donnees/dictionnaire-couverture.csv`: every column of the coverage CSVs, its unit and meaning. */
import { dictionaryCsv } from '../../coverage/downloads.ts';
import { siteCoverageTables } from '../../site/coverage-view.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(dictionaryCsv(siteCoverageTables(getSiteData())), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
