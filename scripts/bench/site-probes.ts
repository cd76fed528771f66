/**
 * What the site benchmark (scripts/bench-site.ts) runs inside Chromium and Lighthouse: the probes
 * installed in the home page, a cold load of the home page, typing queries one key at a time, and
 * one Lighthouse run with mobile emulation.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/io/files.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../lib/chromium.ts';

/**
 * Lighthouse launches its own Chromium, where other hosts fail at name resolution, at once.
 * It reads each --chrome-flags value like a shell would, hence the quotes around spaces.
 */
const LIGHTHOUSE_CHROMIUM_ARGS = ['--headless=new', ...CHROMIUM_FLAGS, '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'];
/** Typed one character at a time, like someone looking for a place: venue kinds, towns, postcodes. */
const QUERIES = ['médiathèque', 'Niort', 'france services', '33000', 'aide aux démarches', 'Lyon'];
const KEYSTROKE_INTERVAL_MS = 150;

// In the page

export interface PageProbe {
  /** performance.now() (ms since navigation) when the finder set data-ready / data-map-ready. */
  ready: number;
  mapReady: number;
  longTasks: Array<{ start: number; duration: number }>;
  keystrokes: Array<{ list: number; frame: number }>;
  /** Input events after which neither the list nor the count changed before the next one. */
  unanswered: number;
}

/** Runs in the page before its own scripts: records when the finder says it is ready, and long tasks. */
function installProbe(): void {
  const probe: PageProbe = { ready: 0, mapReady: 0, longTasks: [], keystrokes: [], unanswered: 0 };
  (window as unknown as { benchProbe: PageProbe }).benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const root = document.querySelector('[data-finder]');
    if (!root) return;
    if (!probe.ready && root.getAttribute('data-ready') === 'true') probe.ready = performance.now();
    if (!probe.mapReady && root.getAttribute('data-map-ready') === 'true') probe.mapReady = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-map-ready'] });
}

/**
 * Times each input event of the search field until the result list (or the count above it)
 * changes, and until the frame after that change: a capture listener on window runs before the
 * page's own listener, and the observer's callback runs right after the page's synchronous update.
 */
function installKeystrokeProbe(): void {
  const probe = (window as unknown as { benchProbe: PageProbe }).benchProbe;
  let inputAt = -1;
  window.addEventListener(
    'input',
    (event) => {
      if ((event.target as Element).id !== 'finder-q') return;
      if (inputAt >= 0) probe.unanswered++;
      inputAt = performance.now();
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (inputAt < 0) return;
    const start = inputAt;
    inputAt = -1;
    const list = performance.now() - start;
    requestAnimationFrame(() => setTimeout(() => probe.keystrokes.push({ list, frame: performance.now() - start }), 0));
  });
  observer.observe(document.querySelector('#finder-list')!, { childList: true });
  observer.observe(document.querySelector('#finder-count')!, { childList: true, characterData: true, subtree: true });
}

export interface LoadRun {
  fcp: number;
  ready: number;
  mapReady: number;
  /** When the page started fetching its venue data, ms since navigation. */
  dataStart: number;
  loadEvent: number;
  markers: number;
  count: string;
  /** Sum of the parts of long tasks beyond 50 ms, and the longest task, up to the map being ready. */
  blockingMs: number;
  longestTaskMs: number;
  heapMb: number | null;
  resources: Array<{ path: string; start: number }>;
}

async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(`${origin}/`) || url.startsWith('data:') ? route.continue() : route.abort('blockedbyclient');
  });
  await context.addInitScript(installProbe);
  return context;
}

async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { benchProbe: PageProbe }).benchProbe.mapReady > 0, undefined, { timeout: 120_000 });
}

/** One cold load of the home page, until the map shows every venue and the late data has arrived. */
export async function loadHome(browser: Browser, origin: string, indexPath: string): Promise<LoadRun> {
  const context = await newContext(browser, origin);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    await waitForMap(page);
    // The layer of mid-sized towns is fetched once the map is ready: let it arrive.
    await page.waitForLoadState('networkidle');
    return await page.evaluate((dataPath) => {
      const probe = (window as unknown as { benchProbe: PageProbe }).benchProbe;
      const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => entry.name.startsWith(location.origin))
        .map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime }));
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const tasks = probe.longTasks.filter((task) => task.start < probe.mapReady);
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return {
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: probe.ready,
        mapReady: probe.mapReady,
        dataStart: resources.find((resource) => resource.path === dataPath)?.start ?? Number.NaN,
        loadEvent: navigation.loadEventStart,
        markers: document.querySelectorAll('.leaflet-marker-pane .finder-cluster, .leaflet-marker-pane .finder-marker').length,
        count: document.querySelector('#finder-count')?.textContent?.trim() ?? '',
        blockingMs: tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
        longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
        heapMb: memory ? memory.usedJSHeapSize / 1024 / 1024 : null,
        resources,
      };
    }, indexPath);
  } finally {
    await context.close();
  }
}

/** Types the queries character by character (clearing the field between them) and returns the timings. */
export async function typeQueries(browser: Browser, origin: string, communesPath: string): Promise<PageProbe> {
  const context = await newContext(browser, origin);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    await waitForMap(page);
    // Focusing the field loads the commune table (place search): wait for it, as a person reading would.
    const communes = page.waitForResponse((response) => new URL(response.url()).pathname === communesPath);
    await page.click('#finder-q');
    await communes;
    await page.waitForLoadState('networkidle');
    await page.evaluate(installKeystrokeProbe);
    for (const query of QUERIES) {
      for (const character of query) {
        await page.keyboard.type(character);
        await page.waitForTimeout(KEYSTROKE_INTERVAL_MS);
      }
      // A pause: the map redraws, then the field is cleared for the next query.
      await page.waitForTimeout(800);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.waitForTimeout(800);
    }
    return await page.evaluate(() => (window as unknown as { benchProbe: PageProbe }).benchProbe);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Lighthouse

export interface LighthouseResult {
  page: string;
  performance: number;
  accessibility: number;
  metrics: string;
  failing: string[];
}

interface LighthouseReport {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<
    string,
    {
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      displayValue?: string;
      details?: { items?: Array<{ node?: { selector?: string } }> };
    }
  >;
  runtimeError?: { message: string };
}

/** Asynchronous, since the static servers answering Lighthouse run in this very process. */
export async function runLighthouse(url: string, outputFile: string): Promise<LighthouseResult> {
  const cli = path.join(REPO_ROOT, 'node_modules/lighthouse/cli/index.js');
  try {
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${outputFile}`,
        '--only-categories=performance,accessibility',
        '--max-wait-for-load=60000',
        ...LIGHTHOUSE_CHROMIUM_ARGS.map((flag) => `--chrome-flags=${flag}`),
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    throw new Error(`Lighthouse a échoué sur ${url} : ${String((error as { stderr?: string }).stderr ?? error).slice(-2000)}`, { cause: error });
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8')) as LighthouseReport;
  if (report.runtimeError) throw new Error(`Lighthouse sur ${url} : ${report.runtimeError.message}`);
  const failing: string[] = [];
  for (const [category, threshold] of [['performance', 0.9], ['accessibility', 1]] as const) {
    for (const ref of report.categories[category]!.auditRefs) {
      const audit = report.audits[ref.id]!;
      if (audit.score === null || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable') continue;
      if (audit.score >= threshold) continue;
      // Performance audits without weight are diagnostics: they explain the metrics, not the score.
      const kind = category === 'performance' && ref.weight === 0 ? 'diagnostic' : category;
      const nodes = (audit.details?.items ?? []).flatMap((item) => (item.node?.selector ? [item.node.selector] : []));
      const where = nodes.length > 0 ? ` on ${nodes.slice(0, 3).join(', ')}${nodes.length > 3 ? ` and ${nodes.length - 3} more` : ''}` : '';
      failing.push(`${kind}: ${ref.id} (${audit.title}${audit.displayValue ? `: ${audit.displayValue}` : ''})${where}`);
    }
  }
  const metric = (id: string): string => report.audits[id]?.displayValue ?? '?';
  return {
    page: new URL(url).pathname,
    performance: Math.round((report.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((report.categories.accessibility?.score ?? 0) * 100),
    metrics: `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, SI ${metric('speed-index')}`,
    failing,
  };
}

// ---------------------------------------------------------------------------------------------
// Main
