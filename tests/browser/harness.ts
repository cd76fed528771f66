/**
 * Shared helpers for browser tests: build the site if needed (once, see site-build.ts), serve
 * `dist/` on 127.0.0.1 like a static host, drive the system Chromium, and open each page in a
 * fresh context where every request to another host (map tiles, fonts, analytics) is blocked,
 * so tests never depend on the network.
 *
 *   let site: TestSite;
 *   beforeAll(async () => { site = await openSite(); });
 *   afterAll(() => site.close());
 *   it('...', async () => {
 *     const { page, context } = await site.open('/lieux/abc/', { viewport: { width: 360, height: 740 } });
 *     expect(await checkA11y(page)).toEqual([]);
 *     await context.close();
 *   });
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { startStaticServer } from '../../scripts/lib/static-server.ts';
import { DIST, ROOT, ensureSiteBuilt } from './site-build.ts';

const AXE_PATH = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

export interface TestSite {
  /** Origin of the local server, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string;
  browser: Browser;
  /**
   * Opens `pathname` in a new context. `options` go to `browser.newContext` (viewport,
   * `javaScriptEnabled: false`...); French locale and Paris time zone by default.
   */
  open(pathname: string, options?: BrowserContextOptions): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Builds the site if stale, serves it and launches Chromium: call once per test file. */
export async function openSite(): Promise<TestSite> {
  await ensureSiteBuilt();
  const server = await startStaticServer(DIST);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    baseUrl,
    browser,
    open: (pathname, options) => openPage(browser, baseUrl, pathname, options),
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** URLs of the requests blocked because they left the local server. */
  blocked: string[];
  /** Messages of the dialogs (alert, confirm, prompt) the page opened; each was dismissed. */
  dialogs: string[];
  /** Uncaught errors thrown by the page's scripts. */
  pageErrors: string[];
}

async function openPage(
  browser: Browser,
  origin: string,
  pathname: string,
  options: BrowserContextOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...options });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(new URL(pathname, origin).href, { waitUntil: 'load' });
  return { page, context, blocked, dialogs, pageErrors };
}

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

/** Runs axe-core on the page with the WCAG 2.0/2.1 A and AA rules and returns the violations. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
}

/** The page's scroll width, to compare with the viewport width (no horizontal scrolling). */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * Visible interactive elements smaller than 44 × 44 CSS pixels, described as `tag "text" w×h`.
 * Links inside running text (paragraphs, list items of prose, table cells) are exempt, as in
 * WCAG 2.5.5; pass a narrower `selector` to check only some controls.
 */
export function smallTouchTargets(
  page: Page,
  selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary',
): Promise<string[]> {
  return page.evaluate((query) => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(query)) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      // Visually hidden helpers (1 px) and the skip link (off screen until focused).
      if (box.width <= 1 || box.bottom < 0) continue;
      if (element.tagName === 'A' && style.display === 'inline' && element.closest('p, li, td, dd, .prose')) continue;
      if (element.closest('.leaflet-container')) continue;
      if (box.width < 44 || box.height < 44) {
        small.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, selector);
}
