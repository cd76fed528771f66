/**
 * Optional online geocoding (off by default): sends the addresses that the offline cascade can
 * only place at their commune to the national address geocoder (BAN, served by IGN's
 * Géoplateforme), and keeps the good answers in a committed cache file. Builds never call the
 * network: they read the cache (`loadOnlineCache`) and the offline cascade uses it.
 *
 * Batch endpoint: `POST {baseUrl}/search/csv`, multipart: `data` (a CSV file), `columns` (the
 * columns joined into the query), `postcode` (the column holding the postal code, used as a
 * filter), repeatable `result_columns`. The answer is the input CSV with the result columns
 * appended. About 50 requests/s per IP and 50 MB per file: chunks of a few thousand rows.
 */
import Papa from 'papaparse';
import { toCsv } from '../6-outputs/csv.ts';
import { geocodeRecord, onlineCacheKey, type OnlineCacheEntry, type OnlineCacheLookup } from './geocode.ts';
import type { CommuneIndex } from './reference.ts';
import { foldText } from '../../common/text.ts';
import type { ValidRow } from '../types.ts';


/** The national pipeline keeps batch results above this score. */
const MIN_SCORE = 0.9;

/* ------------------------------------------------------------------ cache file */

const CACHE_HEADER = ['adresse', 'code_postal', 'code_insee', 'latitude', 'longitude', 'score', 'libelle'] as const;

export function parseOnlineCache(text: string): Map<string, OnlineCacheEntry> {
  const cache = new Map<string, OnlineCacheEntry>();
  const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  for (const row of data) {
    const entry = { lat: Number(row.latitude), lon: Number(row.longitude), score: Number(row.score), label: row.libelle ?? '' };
    if (!Number.isFinite(entry.lat) || !Number.isFinite(entry.lon)) continue;
    // The stored address is already folded: folding it again is a no-op that keeps one key function.
    cache.set(onlineCacheKey(row.adresse ?? '', row.code_postal ?? '', row.code_insee ?? ''), entry);
  }
  return cache;
}

/** Deterministic CSV (sorted by key, `\n` line ends) so that the committed file diffs well. */
export function serializeOnlineCache(cache: OnlineCacheLookup): string {
  const rows = [...cache.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, e]) => {
      const [adresse = '', codePostal = '', codeInsee = ''] = key.split('|');
      return [adresse, codePostal, codeInsee, e.lat, e.lon, e.score, e.label];
    });
  return toCsv(CACHE_HEADER, rows, { lineEnding: '\n' });
}

/* ------------------------------------------------------------------ what to ask */

export interface OnlineRequest {
  key: string;
  adresse: string;
  codePostal: string;
  /** Current INSEE code of the row's commune: the answer must be in it. */
  codeInsee: string;
}

/**
 * Addresses worth asking for: rows the offline cascade (cache included) cannot place at address
 * precision, whose commune is known and whose address is filled. One request per distinct key.
 */
export function selectOnlineRequests(rows: readonly ValidRow[], index: CommuneIndex, cache: OnlineCacheLookup): OnlineRequest[] {
  const requests = new Map<string, OnlineRequest>();
  for (const row of rows) {
    const { geo } = geocodeRecord(row, index, cache);
    const adresse = row.record.adresse.trim();
    if (!geo || geo.precision === 'adresse' || geo.codeInsee === null || foldText(adresse) === '') continue;
    const codePostal = row.record.code_postal.trim();
    const key = onlineCacheKey(adresse, codePostal, geo.codeInsee);
    if (!requests.has(key)) requests.set(key, { key, adresse, codePostal, codeInsee: geo.codeInsee });
  }
  return [...requests.values()];
}

/** True when the geocoder's commune code (an arrondissement's for Paris, Lyon, Marseille) is the row's commune. */
export function sameCommuneIn(index: CommuneIndex): (resultCode: string, codeInsee: string) => boolean {
  return (resultCode, codeInsee) => {
    const commune = index.byCode(resultCode);
    return commune !== undefined && (commune.parent ?? commune.code) === codeInsee;
  };
}

/* ------------------------------------------------------------------ client */

export interface OnlineGeocoderOptions {
  /** The service's base URL (`GEOCODAGE_URL` in the configuration, the Géoplateforme by default). */
  baseUrl: string;
  chunkSize?: number;
  maxAttempts?: number;
  /** First retry delay, doubled at each attempt. */
  retryDelayMs?: number;
  sameCommune: (resultCode: string, codeInsee: string) => boolean;
  log?: (message: string) => void;
}

export interface OnlineGeocodeResult {
  found: Map<string, OnlineCacheEntry>;
  /** Answers below the score threshold. */
  lowScore: number;
  /** Answers in another commune than the row's. */
  otherCommune: number;
  /** Addresses the geocoder did not find. */
  notFound: number;
  /** Requests in chunks that still failed after every attempt. */
  failed: number;
}

const REQUEST_HEADER = ['cle', 'adresse', 'code_postal'] as const;
const RESULT_COLUMNS = ['latitude', 'longitude', 'result_label', 'result_score', 'result_citycode', 'result_status'];

export async function geocodeOnline(requests: readonly OnlineRequest[], options: OnlineGeocoderOptions): Promise<OnlineGeocodeResult> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const chunkSize = options.chunkSize ?? 2000;
  const result: OnlineGeocodeResult = { found: new Map(), lowScore: 0, otherCommune: 0, notFound: 0, failed: 0 };
  const byKey = new Map(requests.map((r) => [r.key, r]));

  for (let start = 0; start < requests.length; start += chunkSize) {
    const chunk = requests.slice(start, start + chunkSize);
    let answer: string;
    try {
      answer = await postChunkWithRetry(`${baseUrl}/search/csv`, chunk, options);
    } catch (error) {
      result.failed += chunk.length;
      options.log?.(`Échec du lot de ${chunk.length} adresses (à partir de la n° ${start + 1}) : ${(error as Error).message}`);
      continue;
    }
    const { data } = Papa.parse<Record<string, string>>(answer, { header: true, skipEmptyLines: true });
    for (const row of data) {
      const request = byKey.get(row.cle ?? '');
      if (!request) continue;
      const score = Number(row.result_score);
      const lat = Number(row.latitude);
      const lon = Number(row.longitude);
      if (row.result_status !== 'ok' || !Number.isFinite(lat) || !Number.isFinite(lon) || row.latitude === '' || row.longitude === '') {
        result.notFound++;
      } else if (!(score > MIN_SCORE)) {
        result.lowScore++;
      } else if (!options.sameCommune(row.result_citycode ?? '', request.codeInsee)) {
        result.otherCommune++;
      } else {
        result.found.set(request.key, { lat, lon, score, label: row.result_label ?? '' });
      }
    }
  }
  return result;
}

async function postChunkWithRetry(url: string, chunk: readonly OnlineRequest[], options: OnlineGeocoderOptions): Promise<string> {
  const maxAttempts = options.maxAttempts ?? 4;
  let delay = options.retryDelayMs ?? 2000;
  const csv = toCsv(REQUEST_HEADER, chunk.map((r) => [r.key, r.adresse, r.codePostal]), { lineEnding: '\n' });
  for (let attempt = 1; ; attempt++) {
    try {
      const form = new FormData();
      form.append('data', new Blob([csv], { type: 'text/csv' }), 'adresses.csv');
      form.append('columns', 'adresse');
      form.append('postcode', 'code_postal');
      for (const column of RESULT_COLUMNS) form.append('result_columns', column);
      const response = await fetch(url, { method: 'POST', body: form });
      if (response.ok) return await response.text();
      const failure = new Error(`HTTP ${response.status} ${response.statusText}`);
      // A malformed request will not get better: only overload (429) and server errors are retried.
      if (response.status !== 429 && response.status < 500) throw Object.assign(failure, { final: true });
      throw failure;
    } catch (error) {
      if (attempt >= maxAttempts || (error as { final?: boolean }).final === true) throw error;
      options.log?.(`Lot de ${chunk.length} adresses : ${(error as Error).message}, nouvel essai dans ${delay} ms.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}
