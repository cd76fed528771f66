/**
 * The site served under a base path, as a GitHub Pages project site is (`https://<owner>.github.io/<repo>/`):
 * a copy of the repository with a few hundred demo venues is built with `BASE_PATH`, served
 * under that path only, and Chromium opens pages of every kind. Every request the pages make to
 * the site (styles, scripts, data, the map's files) and every internal link they hold, and the
 * sitemap's addresses, must answer 200.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { startStaticServer } from '../../scripts/lib/static-server.ts';
import { copyOfWorkingTree } from '../ci-helpers.ts';

const BASE = '/sous-dossier/';
const PUBLIC_SITE = `https://exemple.github.io${BASE}`;

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  const repo = copyOfWorkingTree(150, 'base-path-');
  symlinkSync(path.join(import.meta.dirname, '../../node_modules'), path.join(repo, 'node_modules'));
  await promisify(execFile)('npm', ['run', 'build'], {
    cwd: repo,
    env: { ...process.env, SITE_URL: PUBLIC_SITE, BASE_PATH: BASE, DATA_DIR: '', PUBLIC_CONTACT_EMAIL: 'contact@example.org' },
    maxBuffer: 256 * 1024 * 1024,
  });
  // Only <root>/sous-dossier/ exists: a link or request that forgets the base path gets a 404.
  const root = mkdtempSync(path.join(tmpdir(), 'base-path-root-'));
  symlinkSync(path.join(repo, 'dist'), path.join(root, BASE.replace(/\//g, '')));
  server = await startStaticServer(root);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Opens a page; returns the site requests that did not answer 200 and the page's internal links. */
async function visit(pathname: string): Promise<{ failed: string[]; links: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(origin) && response.status() !== 200) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(origin)) failed.push(`échec ${request.url()}`);
  });
  const response = await page.goto(`${origin}${pathname}`, { waitUntil: 'networkidle' });
  expect(response?.status(), pathname).toBe(200);
  const links = await page.locator('a[href], link[href]').evaluateAll((nodes) =>
    nodes.map((node) => (node as HTMLAnchorElement).href).filter((href) => href.startsWith(location.origin)),
  );
  await context.close();
  return { failed, links: [...new Set(links.map((href) => href.split('#')[0]!))] };
}

async function statusOf(url: string): Promise<number> {
  return (await fetch(url, { redirect: 'manual' })).status;
}

describe('the site under a base path', () => {
  it('loads every page kind with all its requests answering 200, and every internal link works', async () => {
    const start = await visit(BASE);
    expect(start.failed).toEqual([]);
    // One page of each kind, found from the home page's links and theirs.
    const pick = (links: string[], pattern: RegExp) => links.map((href) => new URL(href).pathname).find((p) => pattern.test(p));
    const territories = await visit(`${BASE}territoires/`);
    // The copy's listings are the first rows of the Guyane and Provence-Alpes-Côte d'Azur demo files.
    const departement = pick(territories.links, /\/territoires\/973\/$/);
    expect(departement).toBeDefined();
    const departementPage = await visit(departement!);
    const commune = pick(departementPage.links, /\/territoires\/[^/]+\/[^/]+\/$/);
    expect(commune).toBeDefined();
    const communePage = await visit(commune!);
    const venue = pick(communePage.links, /\/lieux\/[^/]+\/$/);
    expect(venue).toBeDefined();
    const pages = [
      start,
      territories,
      departementPage,
      communePage,
      await visit(venue!),
      await visit(`${BASE}couverture/`),
      await visit(`${BASE}a-propos/`),
      await visit(`${BASE}integrer/`),
      await visit(`${BASE}integrer/carte/?dep=973`),
    ];
    expect(pages.flatMap((page) => page.failed)).toEqual([]);
    const links = [...new Set(pages.flatMap((page) => page.links))];
    expect(links.every((href) => new URL(href).pathname.startsWith(BASE)), links.filter((href) => !new URL(href).pathname.startsWith(BASE)).join(' ')).toBe(true);
    const broken: string[] = [];
    for (const href of links) {
      const status = await statusOf(href);
      if (status !== 200) broken.push(`${status} ${href}`);
    }
    expect(broken).toEqual([]);
    expect(links.length).toBeGreaterThan(50);
  });

  it('lists addresses under the base path in the sitemap, and they answer 200', async () => {
    const index = await (await fetch(`${origin}${BASE}sitemap.xml`)).text();
    const parts = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(parts.length).toBeGreaterThan(0);
    const local = (url: string) => url.replace(PUBLIC_SITE, `${origin}${BASE}`);
    const urls: string[] = [];
    for (const part of parts) {
      expect(part.startsWith(PUBLIC_SITE), part).toBe(true);
      const text = await (await fetch(local(part))).text();
      urls.push(...[...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!));
    }
    expect(urls.every((url) => url.startsWith(PUBLIC_SITE))).toBe(true);
    // Every 10th address, and the first and last.
    const sample = urls.filter((_, i) => i % 10 === 0 || i === urls.length - 1);
    const broken: string[] = [];
    for (const url of sample) {
      const status = await statusOf(local(url));
      if (status !== 200) broken.push(`${status} ${url}`);
    }
    expect(broken).toEqual([]);
  });
});
