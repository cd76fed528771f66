/**
 * `/donnees/reference-communes.json`: the commune reference table in the pipeline's own format,
 * for the file checker, which runs the pipeline in the browser on exactly what the build uses.
 */
import { serializeReferenceData } from '../../pipeline/3-geocode/reference.ts';
import { getSiteData } from '../../site/site-data.ts';

export function GET(): Response {
  return new Response(serializeReferenceData(getSiteData().reference), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
