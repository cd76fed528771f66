/**
 * `npm run sync:national` against a fake portal on 127.0.0.1: a data.gouv.fr-like dataset
 * description pointing to a national file made of real venues (the package venues through the
 * pipeline and its export, in the standard's 32 columns, then with the extra columns a portal adds
 * and in another order), and the ways a download goes wrong. A refused sync writes nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_FILE } from '../src/contribute/national-sync.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { venuesToCsv } from '../src/pipeline/6-outputs/exports.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { packageVenuesCsv } from './package-venues.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEMO_FILE = '2026-10-03_99329456971345_lieux-de-mediation-numerique_Guyane.csv';

type Route = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Route>();
let server: Server;
let origin: string;

/** The national file: real venues in the standard's 32 columns, CRLF, as the national pipeline writes. */
let national: string;
let rowCount: number;

/** The same file keeping `share` of its rows, with extra portal columns, columns in reverse order. */
function portalVariant(keptShare: number): string {
  const { data, meta } = Papa.parse<Record<string, string>>(national, { header: true, skipEmptyLines: true });
  const fields = [...(meta.fields ?? []), 'adresse_complete', 'date_import'].reverse();
  const rows = data.slice(0, Math.round(data.length * keptShare)).map((row): Record<string, string> => ({
    ...row,
    adresse_complete: `${row.adresse} ${row.code_postal} ${row.commune}`,
    date_import: '2026-12-01T03:00:00Z',
  }));
  return `${Papa.unparse({ fields, data: rows.map((row) => fields.map((field) => row[field] ?? '')) }, { newline: '\r\n' })}\r\n`;
}

function serveCsv(body: string | Uint8Array, contentType = 'text/csv; charset=utf-8'): Route {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return (_request, response) => response.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length }).end(bytes);
}

/** A dataset description whose CSV resource is `/fichiers/<name>`, with the size and checksum the portal gives. */
function serveDataset(name: string, described: Uint8Array, extra: { filesize?: number } = {}): Route {
  const checksum = createHash('sha1').update(described).digest('hex');
  const dataset = {
    title: 'Lieux de médiation numérique sur le territoire national',
    resources: [
      { format: 'json', url: `${origin}/fichiers/autre.json`, last_modified: '2026-12-01T00:00:00' },
      { format: 'csv', url: `${origin}/fichiers/ancien.csv`, last_modified: '2025-01-01T00:00:00' },
      {
        format: 'csv',
        url: `${origin}/fichiers/${name}`,
        filesize: extra.filesize ?? described.length,
        checksum: { type: 'sha1', value: checksum },
        last_modified: '2026-12-01T03:00:00',
      },
    ],
  };
  return serveCsv(JSON.stringify(dataset), 'application/json; charset=utf-8');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sync(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts/sync-national.ts'), '--timeout', '2', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 2) : 0, stdout, stderr }),
    );
  });
}

/** A listings folder holding one real demo file, as a fresh fork has. */
function demoFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sync-national-'));
  writeFileSync(path.join(dir, DEMO_FILE), readFileSync(path.join(ROOT, 'data/lieux', DEMO_FILE)));
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

beforeAll(async () => {
  const { venues } = runPipeline({ files: [packageVenuesCsv()], reference: loadReferenceData() });
  national = venuesToCsv(venues);
  rowCount = venues.length;
  server = createServer((request, response) => {
    const route = routes.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (route) route(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('npm run sync:national', () => {
  it('first sync: writes the national file whole, removes the demo files and reports the changes', async () => {
    const bytes = Buffer.from(national);
    routes.set('/api/national', serveDataset('national.csv', bytes));
    routes.set('/fichiers/national.csv', serveCsv(bytes));
    const dir = demoFolder();
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'sync-report-')), 'rapport.md');
    const run = await sync(dir, ['--source', `${origin}/api/national`, '--report', report]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(dir)).toEqual([NATIONAL_FILE]);
    expect(readFileSync(path.join(dir, NATIONAL_FILE))).toEqual(bytes);
    expect(run.stdout).toContain(`${NATIONAL_FILE} écrit (${bytes.length} octets, depuis ${origin}/fichiers/national.csv), 1 fichier(s) de démonstration retiré(s)`);
    expect(run.stdout).toContain(`${rowCount} lieux publiés`);
    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toContain('## Changements des fichiers de lieux');
    expect(markdown).toContain(`### ${NATIONAL_FILE}`);
    expect(markdown).toContain(`### ${DEMO_FILE.replace(/_/g, '\\_')}`);
    expect(markdown).toMatch(/#### Lieux retirés/);
  });

  it('a later sync with extra columns in another order replaces the file and reports the removed venues', async () => {
    const dir = demoFolder();
    routes.set('/national.csv', serveCsv(national));
    expect((await sync(dir, ['--source', `${origin}/national.csv`])).code).toBe(0);
    const variant = portalVariant(0.9);
    routes.set('/national-variante.csv', serveCsv(variant));
    const run = await sync(dir, ['--source', `${origin}/national-variante.csv`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, NATIONAL_FILE), 'utf8')).toBe(variant);
    expect(run.stdout).toContain(`${Math.round(rowCount * 0.9)} lieux publiés`);
    expect(run.stdout).toMatch(new RegExp(`${rowCount - Math.round(rowCount * 0.9)} lieux retirés`));
  });

  it('refuses to remove more than 20 % of the venues without --force, and writes nothing', async () => {
    const dir = demoFolder();
    routes.set('/national.csv', serveCsv(national));
    expect((await sync(dir, ['--source', `${origin}/national.csv`])).code).toBe(0);
    const before = snapshot(dir);
    routes.set('/national-reduit.csv', serveCsv(portalVariant(0.7)));
    const refused = await sync(dir, ['--source', `${origin}/national-reduit.csv`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/retire \d+ des 687 lieux de la précédente \(30 %\).*--force/s);
    expect(refused.stderr).toContain("Rien n'a été écrit.");
    expect(snapshot(dir)).toEqual(before);
    const forced = await sync(dir, ['--source', `${origin}/national-reduit.csv`, '--force']);
    expect(forced.code).toBe(0);
    expect(snapshot(dir)).not.toEqual(before);
  });

  const refusals: Array<[string, () => void, string, RegExp]> = [
    ['a missing file (404)', () => undefined, '/absent.csv', /HTTP 404/],
    [
      'a server that does not answer in time',
      () => routes.set('/lent.csv', () => undefined),
      '/lent.csv',
      /pas de réponse complète en 2 s/,
    ],
    [
      'a body shorter than its Content-Length',
      () =>
        routes.set('/tronque.csv', (request, response) => {
          const bytes = Buffer.from(national);
          response.writeHead(200, { 'content-type': 'text/csv', 'content-length': bytes.length });
          response.write(bytes.subarray(0, bytes.length / 2), () => request.socket.destroy());
        }),
      '/tronque.csv',
      /interrompu|incomplet/,
    ],
    [
      'a file whose last record is cut (no Content-Length)',
      () =>
        routes.set('/coupe.csv', (_request, response) => {
          response.writeHead(200, { 'content-type': 'text/csv' });
          response.end(national.slice(0, national.lastIndexOf('\r\n', national.length - 3) + 40));
        }),
      '/coupe.csv',
      /dernier enregistrement du fichier \(ligne \d+\) est coupé/,
    ],
    [
      'an HTML page served instead of the file',
      () =>
        routes.set('/maintenance.csv', serveCsv('<!DOCTYPE html><html lang="fr"><title>Maintenance</title><p>Revenez plus tard.</p></html>', 'text/html')),
      '/maintenance.csv',
      /page HTML au lieu d'un fichier CSV/,
    ],
    [
      'a file smaller than the size the portal publishes',
      () => {
        const cut = Buffer.from(national.slice(0, national.lastIndexOf('\r\n', national.length / 2) + 2));
        routes.set('/api/taille', serveDataset('taille.csv', Buffer.from(national)));
        routes.set('/fichiers/taille.csv', serveCsv(cut));
      },
      '/api/taille',
      /octets, le portail en annonce/,
    ],
    [
      'a file whose checksum is not the one the portal publishes',
      () => {
        // One character of the first id changed: same size, other content.
        const other = Buffer.from(national.replace(/\r\n(.)/, (_match, first: string) => `\r\n${first === 'x' ? 'y' : 'x'}`));
        routes.set('/api/empreinte', serveDataset('empreinte.csv', Buffer.from(national), { filesize: other.length }));
        routes.set('/fichiers/empreinte.csv', serveCsv(other));
      },
      '/api/empreinte',
      /L'empreinte sha1 du fichier reçu/,
    ],
  ];

  for (const [what, setUp, route, message] of refusals) {
    it(`refuses ${what} and writes nothing`, async () => {
      setUp();
      const dir = demoFolder();
      const before = snapshot(dir);
      const run = await sync(dir, ['--source', `${origin}${route}`]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("Rien n'a été écrit.");
      expect(run.code).toBe(2);
      expect(snapshot(dir)).toEqual(before);
    });
  }
});
