/**
 * Measures the public site in Chromium: what the home page downloads, how fast its map and search
 * become usable, how long the build takes, and Lighthouse scores. A benchmark, not a test: the
 * machine's load changes the times, so timed figures are medians of several runs.
 *
 *   npm run bench:site                          # build the committed data, then measure
 *   npm run bench:site -- --venues 100000       # generated demo data of that size instead
 *   npm run bench:site -- --no-build [--dist D] # measure an already built site (default dist/)
 *   options: --runs 5 (page loads per server), --lighthouse-runs 3 (per page),
 *            --home-only (build only the home page and the data it loads),
 *            --head (build the last commit instead of the working tree),
 *            --no-lighthouse, --keep (keep the temporary build folder), --json FILE
 *
 * The build runs in a temporary copy of the working tree (tracked and untracked files, with
 * node_modules linked, caches of its own; DATA_DIR is ignored), so that neither dist/ nor .cache/pipeline/ of the
 * checkout change under other people's feet. The site is served from 127.0.0.1 by a small static
 * server, once without and once with gzip (level 6, as most web servers by default); every
 * request to another host (map tiles) is blocked, so no figure depends on the network.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assetKind,
  formatTable,
  goalRow,
  kilobytes,
  megabytes,
  milliseconds,
  seconds,
  totalsByKind,
  type BenchRow,
} from './bench/measures.ts';
import { median, percentile } from '../src/common/numbers.ts';
import { REPO_ROOT } from '../src/io/files.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from './lib/chromium.ts';
import { GZIP_LEVEL, fileFor, startStaticServer } from './lib/static-server.ts';

/**
 * Lighthouse launches its own Chromium, where other hosts fail at name resolution, at once.
 * It reads each --chrome-flags value like a shell would, hence the quotes around spaces.
 */
const LIGHTHOUSE_CHROMIUM_ARGS = ['--headless=new', ...CHROMIUM_FLAGS, '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'];
/** Typed one character at a time, like someone looking for a place: venue kinds, towns, postcodes. */
const QUERIES = ['médiathèque', 'Niort', 'france services', '33000', 'aide aux démarches', 'Lyon'];
const KEYSTROKE_INTERVAL_MS = 150;
/** Pages and data endpoints the home page needs, for --home-only builds. */
const HOME_ONLY_PAGES = [
  'index.astro',
  '404.astro',
  'donnees/index-recherche.json.ts',
  'donnees/communes-recherche.json.ts',
  'donnees/villes-moyennes.geojson.ts',
  'donnees/contour-france.json.ts',
];
const DEFAULT_VENUES_LABEL = 'committed data (data/lieux/)';

const { values: options } = parseArgs({
  options: {
    venues: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'lighthouse-runs': { type: 'string', default: '3' },
    'home-only': { type: 'boolean', default: false },
    head: { type: 'boolean', default: false },
    'no-lighthouse': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const runs = Number(options.runs);
const lighthouseRuns = Number(options['lighthouse-runs']);
if (!Number.isInteger(lighthouseRuns) || lighthouseRuns < 1) throw new Error('--lighthouse-runs attend un nombre entier positif.');
const venueCount = options.venues === undefined ? undefined : Number(options.venues);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs attend un nombre entier positif.');
if (venueCount !== undefined && (!Number.isInteger(venueCount) || venueCount < 1)) {
  throw new Error('--venues attend un nombre entier positif de lieux.');
}
if (options['no-build'] && (venueCount !== undefined || options['home-only'] || options.head)) {
  throw new Error('--no-build mesure un site déjà construit : il exclut --venues, --home-only et --head.');
}

// ---------------------------------------------------------------------------------------------
// Build

interface BuildFigures {
  dataMs: number;
  dataRssMb: number | null;
  astroMs: number;
  astroRssMb: number | null;
  /** The data step's own line of stage durations. */
  dataStages: string;
  distBytes: number;
  distFiles: number;
  venuePages: number;
}

/** A copy of the working tree (or of the last commit) to build in, with node_modules linked entry by entry. */
function createWorkspace(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bench-site-'));
  if (options.head) {
    execFileSync('sh', ['-c', 'git archive --format=tar HEAD | tar -x -C "$0"', workspace], { cwd: REPO_ROOT });
  } else {
    copyWorkingTree(workspace);
  }
  // Linking entries (not the folder) keeps Vite's and Astro's caches (node_modules/.vite, .astro) apart.
  mkdirSync(path.join(workspace, 'node_modules'));
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry === '.vite' || entry === '.astro' || entry === '.cache') continue;
    symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(workspace, 'node_modules', entry));
  }
  return workspace;
}

/** Tracked and untracked files as they are on disk, ignored ones (dist/, .cache/) left out. */
function copyWorkingTree(workspace: string): void {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of listed.split('\0')) {
    const source = path.join(REPO_ROOT, file);
    // Files deleted but not yet committed are still listed.
    if (!file || !existsSync(source)) continue;
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    cpSync(source, path.join(workspace, file), { preserveTimestamps: true });
  }
}

/** The workspace's own tools first; DATA_DIR unset so that the build reads the workspace's data/lieux/. */
function workspaceEnv(workspace: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(workspace, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
  delete env.DATA_DIR;
  return env;
}

/** Runs a Node script in the workspace; wall time and peak memory (GNU time, when installed). */
function timedNode(workspace: string, args: string[], logFile: string): { ms: number; rssMb: number | null } {
  const timeFile = path.join(workspace, '.bench-time');
  const useTime = existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const commandArgs = useTime ? ['-f', '%M', '-o', timeFile, process.execPath, ...args] : args;
  const log = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawnSync(command, commandArgs, {
    cwd: workspace,
    stdio: ['ignore', log, log],
    env: workspaceEnv(workspace),
  });
  const ms = performance.now() - started;
  closeSync(log);
  if (child.status !== 0) {
    throw new Error(`Échec de « node ${args.join(' ')} » (code ${child.status}) : voir ${logFile}`);
  }
  const rssKb = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) : Number.NaN;
  return { ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null };
}

function buildSite(workspace: string): BuildFigures {
  if (venueCount !== undefined) {
    console.log(`Generating ${venueCount.toLocaleString('en')} demo venues…`);
    timedNode(workspace, ['scripts/generate-demo.ts', '--venues', String(venueCount), '--out', path.join(workspace, 'data/lieux')], path.join(workspace, 'generate.log'));
  }
  if (options['home-only']) {
    const pages = path.join(workspace, 'src/pages');
    for (const entry of readdirSync(pages, { recursive: true }) as string[]) {
      const file = path.join(pages, entry);
      if (statSync(file).isFile() && !HOME_ONLY_PAGES.includes(entry.split(path.sep).join('/'))) rmSync(file);
    }
  }
  console.log('Data step (scripts/build-data.ts)…');
  const dataLog = path.join(workspace, 'build-data.log');
  const data = timedNode(workspace, ['scripts/build-data.ts'], dataLog);
  const dataStages = readFileSync(dataLog, 'utf8').split('\n').filter((line) => line.startsWith('Données') || line.startsWith('Durées')).join('\n');
  console.log(dataStages);
  console.log('astro build…');
  const astro = timedNode(workspace, ['node_modules/astro/bin/astro.mjs', 'build'], path.join(workspace, 'astro-build.log'));
  const dist = path.join(workspace, 'dist');
  const { bytes, files } = folderSize(dist);
  const lieux = path.join(dist, 'lieux');
  return {
    dataMs: data.ms,
    dataRssMb: data.rssMb,
    astroMs: astro.ms,
    astroRssMb: astro.rssMb,
    dataStages,
    distBytes: bytes,
    distFiles: files,
    venuePages: existsSync(lieux) ? readdirSync(lieux).length : 0,
  };
}

function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

// ---------------------------------------------------------------------------------------------
// In the page

interface PageProbe {
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

interface LoadRun {
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
async function loadHome(browser: Browser, origin: string, indexPath: string): Promise<LoadRun> {
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
async function typeQueries(browser: Browser, origin: string, communesPath: string): Promise<PageProbe> {
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

interface LighthouseResult {
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
async function runLighthouse(url: string, outputFile: string): Promise<LighthouseResult> {
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

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let workspace: string | undefined;
  let dist: string;
  let build: BuildFigures | undefined;
  if (options['no-build']) {
    dist = path.resolve(options.dist ?? path.join(REPO_ROOT, 'dist'));
    if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`Pas de site construit dans ${dist} : lancez « npm run build » ou retirez --no-build.`);
    const dataDir = path.join(REPO_ROOT, 'data/lieux');
    const newestData = Math.max(...readdirSync(dataDir).map((name) => statSync(path.join(dataDir, name)).mtimeMs));
    if (!options.dist && newestData > statSync(path.join(dist, 'index.html')).mtimeMs) {
      notes.push('dist/ is older than data/lieux/: figures describe the previous data.');
    }
  } else {
    workspace = createWorkspace();
    console.log(`Building in ${workspace}`);
    build = buildSite(workspace);
    dist = path.join(workspace, 'dist');
  }

  const finderHtml = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const dataUrl = (name: string): string => {
    const match = new RegExp(`data-${name}-url="([^"]+)"`).exec(finderHtml);
    if (!match) throw new Error(`La page d’accueil n’a pas d’attribut data-${name}-url : le banc d’essai ne sait plus quoi mesurer.`);
    return match[1]!;
  };
  const indexPath = dataUrl('index');
  const communesPath = dataUrl('communes');

  const plain = await startStaticServer(dist);
  const gzipped = await startStaticServer(dist, { gzip: true });
  const origin = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const results: Record<string, unknown> = { build };
  try {
    // Warm-up load on each server (disk cache, compression, Chromium's code caches are per context).
    const loads: Record<'plain' | 'gzip', LoadRun[]> = { plain: [], gzip: [] };
    for (const [name, server] of [['plain', plain], ['gzip', gzipped]] as const) {
      await loadHome(browser, origin(server), indexPath);
      for (let run = 0; run < runs; run++) {
        const measured = await loadHome(browser, origin(server), indexPath);
        loads[name].push(measured);
        console.log(`Load ${name} ${run + 1}/${runs}: FCP ${milliseconds(measured.fcp)}, list ${milliseconds(measured.ready)}, map ${milliseconds(measured.mapReady)}, ${measured.markers} markers, « ${measured.count} »`);
      }
    }
    const reference = loads.gzip[0]!;

    // 1–2. What the home page downloads before any user action, sized from the built files.
    const downloaded = reference.resources.map((resource) => {
      const file = fileFor(dist, resource.path);
      const bytes = file ? readFileSync(file) : Buffer.alloc(0);
      return { ...resource, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: GZIP_LEVEL }).length };
    });
    const totals = totalsByKind(downloaded);
    const initialJs = totalsByKind(downloaded.filter((resource) => resource.start < reference.loadEvent)).js;
    const htmlBytes = readFileSync(path.join(dist, 'index.html'));
    const communesFile = fileFor(dist, communesPath);
    const communesBytes = communesFile ? readFileSync(communesFile) : Buffer.alloc(0);
    rows.push(
      goalRow('JS before any user action, gzip', totals.js.gzipBytes, kilobytes, { max: 100 * 1024 }),
      goalRow('  of which before the load event', initialJs.gzipBytes, kilobytes),
      goalRow('CSS before any user action, gzip', totals.css.gzipBytes, kilobytes),
      goalRow('Home page HTML, gzip', gzipSync(htmlBytes, { level: GZIP_LEVEL }).length, kilobytes),
      goalRow('Venue data (map, search), gzip', totals.data.gzipBytes, kilobytes, { max: 500 * 1024 }),
      goalRow('  commune table on first focus, gzip', gzipSync(communesBytes, { level: GZIP_LEVEL }).length, kilobytes),
      {
        measure: 'Venue data fetched after first paint',
        value: `${milliseconds(median(loads.gzip.map((run) => run.dataStart)))} vs FCP ${milliseconds(median(loads.gzip.map((run) => run.fcp)))}`,
        goal: 'after FCP',
        pass: loads.gzip.every((run) => run.dataStart > run.fcp),
      },
    );
    for (const kind of ['js', 'css', 'data'] as const) {
      notes.push(`${kind}: ${downloaded.filter((file) => assetKind(file.path) === kind).map((file) => `${file.path} ${kilobytes(file.bytes)} → ${kilobytes(file.gzipBytes)}`).join(', ')}`);
    }

    // 3. Navigation → map with every venue.
    for (const name of ['plain', 'gzip'] as const) {
      const label = name === 'gzip' ? 'gzip on' : 'gzip off';
      rows.push(
        goalRow(`First contentful paint (${label}), median`, median(loads[name].map((run) => run.fcp)), milliseconds),
        goalRow(`Results list ready (${label}), median`, median(loads[name].map((run) => run.ready)), milliseconds),
        goalRow(`Map with all venues (${label}), median of ${runs}`, median(loads[name].map((run) => run.mapReady)), milliseconds, { max: 2000 }),
      );
    }
    rows.push(
      goalRow('Blocking time until map ready (gzip), median', median(loads.gzip.map((run) => run.blockingMs)), milliseconds),
      goalRow('Longest task until map ready (gzip), median', median(loads.gzip.map((run) => run.longestTaskMs)), milliseconds),
    );
    const heap = median(loads.gzip.flatMap((run) => (run.heapMb === null ? [] : [run.heapMb])));
    rows.push(goalRow('JS heap with the map ready', heap, (mb) => `${mb.toFixed(1)} MB`));
    notes.push(`map ready: ${reference.markers} markers drawn, count « ${reference.count} »`);

    // 4. Keystroke → updated results.
    const typed = await typeQueries(browser, origin(gzipped), communesPath);
    const listTimes = typed.keystrokes.map((key) => key.list);
    const frameTimes = typed.keystrokes.map((key) => key.frame);
    rows.push(
      goalRow(`Keystroke → list updated, p50 (${listTimes.length} keys)`, percentile(listTimes, 50), milliseconds),
      goalRow('Keystroke → list updated, p95', percentile(listTimes, 95), milliseconds, { max: 50 }),
      goalRow('Keystroke → next frame, p50', percentile(frameTimes, 50), milliseconds),
      // Style, layout and paint of the new list are in this one, and the wait for the next frame (up to 16 ms).
      goalRow('Keystroke → next frame, p95', percentile(frameTimes, 95), milliseconds),
    );
    if (typed.unanswered > 0) notes.push(`${typed.unanswered} keystroke(s) changed neither the list nor the count.`);
    results.keystrokes = typed.keystrokes;

    // 5. Build.
    if (build) {
      rows.push(
        goalRow('Data step (build-data.ts)', build.dataMs, seconds),
        goalRow(`astro build (${build.venuePages.toLocaleString('en')} venue pages)`, build.astroMs, seconds),
        goalRow('Full build (data step + astro build)', build.dataMs + build.astroMs, seconds, { max: 60_000 }),
        goalRow('Peak memory, data step', build.dataRssMb === null ? Number.NaN : build.dataRssMb, (mb) => `${Math.round(mb)} MB`),
        goalRow('Peak memory, astro build', build.astroRssMb === null ? Number.NaN : build.astroRssMb, (mb) => `${Math.round(mb)} MB`),
        goalRow(`dist/ size (${build.distFiles.toLocaleString('en')} files)`, build.distBytes, megabytes),
      );
      notes.push(build.dataStages.replace(/\n/g, ' '));
    }

    // 6. Lighthouse, on the gzip server: home page and the first venue page.
    if (!options['no-lighthouse']) {
      const lighthouseDir = mkdtempSync(path.join(tmpdir(), 'bench-site-lighthouse-'));
      try {
        const lieux = path.join(dist, 'lieux');
        const venuePage = existsSync(lieux) ? readdirSync(lieux).sort()[0] : undefined;
        const pages = ['/', ...(venuePage ? [`/lieux/${venuePage}/`] : [])];
        for (const [n, pathname] of pages.entries()) {
          const attempts: LighthouseResult[] = [];
          for (let run = 0; run < lighthouseRuns; run++) {
            console.log(`Lighthouse ${pathname} ${run + 1}/${lighthouseRuns}…`);
            attempts.push(await runLighthouse(`${origin(gzipped)}${pathname}`, path.join(lighthouseDir, `report-${n}-${run}.json`)));
          }
          // The run with the median performance score, with its own metrics and audits.
          const result = attempts.sort((a, b) => a.performance - b.performance)[attempts.length >> 1]!;
          const label = `${n === 0 ? 'home' : 'venue page'}${lighthouseRuns > 1 ? `, median of ${lighthouseRuns}` : ''}`;
          rows.push(
            goalRow(`Lighthouse performance, ${label}`, result.performance, String, { min: 90 }),
            goalRow(`Lighthouse accessibility, ${label}`, result.accessibility, String, { min: 100 }),
          );
          notes.push(`Lighthouse ${result.page}: ${result.metrics}${result.failing.length ? `; below target: ${result.failing.join('; ')}` : ''}`);
        }
      } finally {
        rmSync(lighthouseDir, { recursive: true, force: true });
      }
    }
    results.loads = loads;
  } finally {
    await browser.close();
    plain.close();
    gzipped.close();
    if (workspace && !options.keep) rmSync(workspace, { recursive: true, force: true });
  }

  const dataset = options['no-build'] ? dist : venueCount === undefined ? DEFAULT_VENUES_LABEL : `${venueCount.toLocaleString('en')} generated demo venues`;
  console.log('');
  console.log(
    formatTable(
      `Site benchmark: ${dataset}${options['home-only'] ? ', home page only' : ''}; gzip level ${GZIP_LEVEL}; times are medians over ${runs} cold loads on 127.0.0.1`,
      rows,
    ),
  );
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
  if (workspace && options.keep) console.log(`- build kept in ${workspace}`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ rows, notes, ...results }, null, 2));
  if (rows.some((row) => row.pass === false)) process.exitCode = 1;
}

await main();
