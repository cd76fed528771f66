/**
 * `/donnees/geocodage-cache.csv`: the online geocoder's committed results (header only when there
 * are none), which `npm run validate` reuses offline: the file checker reuses them the same way.
 */
import { loadOnlineCache } from '../../io/reference-files.ts';
import { serializeOnlineCache } from '../../pipeline/3-geocode/geocode-online.ts';

export function GET(): Response {
  return new Response(serializeOnlineCache(loadOnlineCache()), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
