/**
 * Fills `data/reference/geocodage-cache.csv` with the national address geocoder's answers for the
 * listings that the offline cascade can only place at their commune. Only runs when invoked:
 *   npx node scripts/geocode-online.ts            (files of DATA_DIR, default data/lieux/)
 * `GEOCODAGE_URL` overrides the service's base URL. Commit the updated cache with the data:
 * builds stay offline and reuse it.
 */
import { readPipelineConfig } from '../src/config.ts';
import { listingsDir, readListingFiles, writeFileAtomic } from '../src/io/files.ts';
import { geocodeOnline, sameCommuneIn, selectOnlineRequests, serializeOnlineCache } from '../src/pipeline/3-geocode/geocode-online.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import { ONLINE_CACHE_FILE, loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';

const files = readListingFiles(listingsDir()).map((f) => parseCsvFile(f.name, f.bytes));
const { valid } = validateFiles(files);
const index = buildCommuneIndex(loadReferenceData());
const cache = loadOnlineCache();
const requests = selectOnlineRequests(valid, index, cache);
console.log(`${valid.length} lieux valides, ${requests.length} adresses à géocoder en ligne (${cache.size} déjà en cache).`);

const result = await geocodeOnline(requests, {
  baseUrl: readPipelineConfig().geocodageUrl,
  sameCommune: sameCommuneIn(index), log: (message) => console.log(message) });
for (const [key, entry] of result.found) cache.set(key, entry);
writeFileAtomic(ONLINE_CACHE_FILE, serializeOnlineCache(cache));
console.log(
  `${result.found.size} adresses trouvées et mises en cache, ${result.lowScore} au score trop faible (≤ 0,9), ` +
    `${result.otherCommune} dans une autre commune, ${result.notFound} introuvables, ${result.failed} en échec.`,
);
if (result.failed > 0) process.exitCode = 1;
