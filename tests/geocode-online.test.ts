import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geocodeRecord } from '../src/pipeline/3-geocode/geocode.ts';
import { geocodeOnline, sameCommuneIn, selectOnlineRequests, serializeOnlineCache } from '../src/pipeline/3-geocode/geocode-online.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { ValidRow } from '../src/pipeline/types.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';

const index = buildCommuneIndex(loadReferenceData());

/** What the fake geocoder answers for each address: [lat, lon, score, citycode, status]. */
const ANSWERS: Record<string, [string, string, string, string, string]> = {
  '1 place Martin Bastard': ['46.3236', '-0.4647', '0.95', '79191', 'ok'],
  '12 rue du Moulin': ['46.3301', '-0.4501', '0.42', '79191', 'ok'],
  '3 avenue de Limoges': ['46.3000', '-0.3900', '0.97', '79049', 'ok'],
  'Lieu-dit inconnu': ['', '', '', '', 'not-found'],
  '20 rue de Vaugirard': ['48.8490', '2.3319', '0.96', '75106', 'ok'],
  '5 rue Bleue': ['48.8759', '2.3474', '0.93', '75109', 'ok'],
};

interface ReceivedRequest {
  rows: number;
  columns: string[];
  postcode: string | null;
  resultColumns: string[];
  fileName: string | null;
}

let server: Server;
let baseUrl = '';
const received: ReceivedRequest[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== '/geocodage/search/csv') {
          res.writeHead(404).end();
          return;
        }
        // Parse the multipart body the way the real service would have to.
        const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        const data = form.get('data');
        if (!(data instanceof File)) {
          res.writeHead(400).end('data manquant');
          return;
        }
        const csv = Papa.parse<Record<string, string>>(await data.text(), { header: true, skipEmptyLines: true });
        received.push({
          rows: csv.data.length,
          columns: form.getAll('columns').map(String),
          postcode: form.get('postcode') as string | null,
          resultColumns: form.getAll('result_columns').map(String),
          fileName: data.name,
        });
        // The second chunk fails once, as an overloaded service would.
        if (received.length === 2 && failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end('surcharge');
          return;
        }
        const rows = csv.data.map((row) => {
          const [latitude, longitude, score, citycode, status] = ANSWERS[row.adresse ?? ''] ?? ['', '', '', '', 'not-found'];
          return { ...row, latitude, longitude, result_label: `${row.adresse} (trouvé)`, result_score: score, result_citycode: citycode, result_status: status };
        });
        res.writeHead(200, { 'content-type': 'text/csv' }).end(Papa.unparse(rows));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/geocodage`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function row(fields: Partial<StandardRecord>, line: number): ValidRow {
  return { file: 'lieux.csv', line, record: { ...emptyRecord(), ...fields } };
}

const rows: ValidRow[] = [
  row({ commune: 'Niort', code_postal: '79000', adresse: '1 place Martin Bastard' }, 2),
  row({ commune: 'NIORT', code_postal: '79000', adresse: '1 PLACE MARTIN-BASTARD' }, 3), // same address: asked once
  row({ commune: 'Niort', code_postal: '79000', adresse: '12 rue du Moulin' }, 4),
  row({ commune: 'Niort', code_postal: '79000', adresse: '3 avenue de Limoges' }, 5),
  row({ commune: 'Niort', code_postal: '79000', adresse: 'Lieu-dit inconnu' }, 6),
  row({ commune: 'Paris', code_postal: '75006', adresse: '20 rue de Vaugirard' }, 7),
  row({ commune: 'Paris', code_postal: '75009', adresse: '5 rue Bleue', latitude: 48.8759, longitude: 2.3474 }, 8), // already precise
];

describe('online geocoding against a local fake service', () => {
  it('asks only for distinct addresses that are not already precise', () => {
    const requests = selectOnlineRequests(rows, index, new Map());
    expect(requests.map((r) => r.adresse)).toEqual([
      '1 place Martin Bastard',
      '12 rue du Moulin',
      '3 avenue de Limoges',
      'Lieu-dit inconnu',
      '20 rue de Vaugirard',
    ]);
    expect(requests.find((r) => r.adresse === '20 rue de Vaugirard')?.codeInsee).toBe('75056');
  });

  it('sends multipart chunks, retries a failed chunk, keeps only good answers in the right commune, and the cache is reused offline', async () => {
    failuresLeft = 1;
    const requests = selectOnlineRequests(rows, index, new Map());
    const logs: string[] = [];
    const result = await geocodeOnline(requests, { baseUrl, chunkSize: 2, retryDelayMs: 5, sameCommune: sameCommuneIn(index), log: (m) => logs.push(m) });

    // 5 addresses in chunks of 2 → 3 chunks, the second sent twice.
    expect(received.map((r) => r.rows)).toEqual([2, 2, 2, 1]);
    expect(received[0]).toEqual({
      rows: 2,
      columns: ['adresse'],
      postcode: 'code_postal',
      resultColumns: ['latitude', 'longitude', 'result_label', 'result_score', 'result_citycode', 'result_status'],
      fileName: 'adresses.csv',
    });
    expect(logs.some((m) => m.includes('HTTP 503'))).toBe(true);

    expect(result).toMatchObject({ lowScore: 1, otherCommune: 1, notFound: 1, failed: 0 });
    expect([...result.found.values()].map((e) => e.label).sort()).toEqual(['1 place Martin Bastard (trouvé)', '20 rue de Vaugirard (trouvé)']);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'geocodage-')), 'geocodage-cache.csv');
    writeFileSync(file, serializeOnlineCache(result.found));
    const cache = loadOnlineCache(file);
    expect(serializeOnlineCache(cache)).toBe(serializeOnlineCache(result.found));

    const niort = geocodeRecord(rows[1] as ValidRow, index, cache);
    expect(niort.geo).toEqual({ precision: 'adresse', method: 'ban', lat: 46.3236, lon: -0.4647, codeInsee: '79191' });
    // An arrondissement's code from the service counts as the city's (Paris 6e → Paris).
    expect(geocodeRecord(rows[5] as ValidRow, index, cache).geo).toMatchObject({ method: 'ban', codeInsee: '75056' });
    // A second run asks only for what is still imprecise.
    expect(selectOnlineRequests(rows, index, cache).map((r) => r.adresse)).toEqual(['12 rue du Moulin', '3 avenue de Limoges', 'Lieu-dit inconnu']);
  });

  it('gives up on a chunk after its attempts and says so, without losing the others', async () => {
    const requests = selectOnlineRequests(rows.slice(0, 1), index, new Map());
    const logs: string[] = [];
    const result = await geocodeOnline(requests, {
      baseUrl: baseUrl.replace('/geocodage', '/ailleurs'),
      maxAttempts: 2,
      retryDelayMs: 5,
      sameCommune: sameCommuneIn(index),
      log: (m) => logs.push(m),
    });
    expect(result.failed).toBe(1);
    expect(result.found.size).toBe(0);
    // A 404 is not worth retrying: one attempt, one message.
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('HTTP 404');
  });

  it('reads an absent cache file as an empty cache', () => {
    expect(loadOnlineCache(path.join(tmpdir(), 'absent-geocodage-cache.csv')).size).toBe(0);
  });
});
