/** `/donnees/rapport.json`: the build's validation report (what `npm run validate -- --format json` prints). */
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(JSON.stringify(getSiteData().report), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
