/**
 * Measures the public site in Chromium: what the home page downloads, how fast its map and search
 * become usable, how long the build takes, and Lighthouse scores. A benchmark, not a test: the
 * machine's load changes the times, so timed figures are medians of several runs.
 *
 *   npm run bench:site                          # build the committed data, then measure
 *   npm run bench:site -- --venues 100000       # generated demo data of that size instead
 *   npm run bench:site -- --no-build [--dist D] # measure an already built site (default dist/)
 *   options: --runs 5 (page loads per server), --lighthouse-runs 5 (per page),
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
import { execFileSync, spawnSync } from 'node:child_process';
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
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
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
import { launchChromium } from './lib/chromium.ts';
import { GZIP_LEVEL, fileFor, startStaticServer } from './lib/static-server.ts';
import { loadHome, runLighthouse, typeQueries, type LighthouseResult, type LoadRun } from './bench/site-probes.ts';

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
    'lighthouse-runs': { type: 'string', default: '5' },
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
interface SiteUnderTest {
  dist: string;
  build: BuildFigures | undefined;
  workspace: string | undefined;
  notes: string[];
}

/** Step 1: the site to measure, built in a temporary copy or taken as it is (`--no-build`). */
function prepareSite(): SiteUnderTest {
  const notes: string[] = [];
  if (options['no-build']) {
    const dist = path.resolve(options.dist ?? path.join(REPO_ROOT, 'dist'));
    if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`Pas de site construit dans ${dist} : lancez « npm run build » ou retirez --no-build.`);
    const dataDir = path.join(REPO_ROOT, 'data/lieux');
    const newestData = Math.max(...readdirSync(dataDir).map((name) => statSync(path.join(dataDir, name)).mtimeMs));
    if (!options.dist && newestData > statSync(path.join(dist, 'index.html')).mtimeMs) {
      notes.push('dist/ is older than data/lieux/: figures describe the previous data.');
    }
    return { dist, build: undefined, workspace: undefined, notes };
  }
  const workspace = createWorkspace();
  console.log(`Building in ${workspace}`);
  const build = buildSite(workspace);
  return { dist: path.join(workspace, 'dist'), build, workspace, notes };
}

/** The data files the home page names in its `data-*-url` attributes. */
function homeDataPaths(dist: string): { indexPath: string; communesPath: string } {
  const finderHtml = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const dataUrl = (name: string): string => {
    const match = new RegExp(`data-${name}-url="([^"]+)"`).exec(finderHtml);
    if (!match) throw new Error(`La page d’accueil n’a pas d’attribut data-${name}-url : le banc d’essai ne sait plus quoi mesurer.`);
    return match[1]!;
  };
  return { indexPath: dataUrl('index'), communesPath: dataUrl('communes') };
}

type Loads = Record<'plain' | 'gzip', LoadRun[]>;

/** Step 2: cold loads of the home page on each server, after one warm-up load each. */
async function measureLoads(browser: Browser, servers: Record<'plain' | 'gzip', string>, indexPath: string): Promise<Loads> {
  const loads: Loads = { plain: [], gzip: [] };
  for (const name of ['plain', 'gzip'] as const) {
    // Warm-up (disk cache, compression; Chromium's code caches are per context).
    await loadHome(browser, servers[name], indexPath);
    for (let run = 0; run < runs; run++) {
      const measured = await loadHome(browser, servers[name], indexPath);
      loads[name].push(measured);
      console.log(`Load ${name} ${run + 1}/${runs}: FCP ${milliseconds(measured.fcp)}, list ${milliseconds(measured.ready)}, map ${milliseconds(measured.mapReady)}, ${measured.markers} markers, « ${measured.count} »`);
    }
  }
  return loads;
}

/** Step 3: what the home page downloads before any user action, sized from the built files. */
function downloadRows(dist: string, loads: Loads, communesPath: string, notes: string[]): BenchRow[] {
  const reference = loads.gzip[0]!;
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
  for (const kind of ['js', 'css', 'data'] as const) {
    notes.push(`${kind}: ${downloaded.filter((file) => assetKind(file.path) === kind).map((file) => `${file.path} ${kilobytes(file.bytes)} → ${kilobytes(file.gzipBytes)}`).join(', ')}`);
  }
  return [
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
  ];
}

/** Step 4: navigation → list and map with every venue, main-thread work, memory. */
function loadTimeRows(loads: Loads, notes: string[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const name of ['plain', 'gzip'] as const) {
    const label = name === 'gzip' ? 'gzip on' : 'gzip off';
    rows.push(
      goalRow(`First contentful paint (${label}), median`, median(loads[name].map((run) => run.fcp)), milliseconds),
      goalRow(`Results list ready (${label}), median`, median(loads[name].map((run) => run.ready)), milliseconds),
      goalRow(`Map with all venues (${label}), median of ${runs}`, median(loads[name].map((run) => run.mapReady)), milliseconds, { max: 2000 }),
    );
  }
  const heap = median(loads.gzip.flatMap((run) => (run.heapMb === null ? [] : [run.heapMb])));
  const reference = loads.gzip[0]!;
  notes.push(`map ready: ${reference.markers} markers drawn, count « ${reference.count} »`);
  return [
    ...rows,
    goalRow('Blocking time until map ready (gzip), median', median(loads.gzip.map((run) => run.blockingMs)), milliseconds),
    goalRow('Longest task until map ready (gzip), median', median(loads.gzip.map((run) => run.longestTaskMs)), milliseconds),
    goalRow('JS heap with the map ready', heap, (mb) => `${mb.toFixed(1)} MB`),
  ];
}

/** Step 5: keystroke → updated results. */
async function keystrokeRows(browser: Browser, origin: string, communesPath: string, notes: string[], results: Record<string, unknown>): Promise<BenchRow[]> {
  const typed = await typeQueries(browser, origin, communesPath);
  const listTimes = typed.keystrokes.map((key) => key.list);
  const frameTimes = typed.keystrokes.map((key) => key.frame);
  if (typed.unanswered > 0) notes.push(`${typed.unanswered} keystroke(s) changed neither the list nor the count.`);
  results.keystrokes = typed.keystrokes;
  return [
    goalRow(`Keystroke → list updated, p50 (${listTimes.length} keys)`, percentile(listTimes, 50), milliseconds),
    goalRow('Keystroke → list updated, p95', percentile(listTimes, 95), milliseconds, { max: 50 }),
    goalRow('Keystroke → next frame, p50', percentile(frameTimes, 50), milliseconds),
    // Style, layout and paint of the new list are in this one, and the wait for the next frame (up to 16 ms).
    goalRow('Keystroke → next frame, p95', percentile(frameTimes, 95), milliseconds),
  ];
}

/** Step 6: the build's own figures. */
function buildRows(build: BuildFigures, notes: string[]): BenchRow[] {
  notes.push(build.dataStages.replace(/\n/g, ' '));
  return [
    goalRow('Data step (build-data.ts)', build.dataMs, seconds),
    goalRow(`astro build (${build.venuePages.toLocaleString('en')} venue pages)`, build.astroMs, seconds),
    goalRow('Full build (data step + astro build)', build.dataMs + build.astroMs, seconds, { max: 60_000 }),
    goalRow('Peak memory, data step', build.dataRssMb === null ? Number.NaN : build.dataRssMb, (mb) => `${Math.round(mb)} MB`),
    goalRow('Peak memory, astro build', build.astroRssMb === null ? Number.NaN : build.astroRssMb, (mb) => `${Math.round(mb)} MB`),
    goalRow(`dist/ size (${build.distFiles.toLocaleString('en')} files)`, build.distBytes, megabytes),
  ];
}

/** Step 7: Lighthouse on the gzip server, home page and the first venue page, median performance run. */
async function lighthouseRows(dist: string, origin: string, notes: string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const lighthouseDir = mkdtempSync(path.join(tmpdir(), 'bench-site-lighthouse-'));
  try {
    const lieux = path.join(dist, 'lieux');
    const venuePage = existsSync(lieux) ? readdirSync(lieux).sort()[0] : undefined;
    const pages = ['/', ...(venuePage ? [`/lieux/${venuePage}/`] : [])];
    for (const [n, pathname] of pages.entries()) {
      const attempts: LighthouseResult[] = [];
      for (let run = 0; run < lighthouseRuns; run++) {
        console.log(`Lighthouse ${pathname} ${run + 1}/${lighthouseRuns}…`);
        attempts.push(await runLighthouse(`${origin}${pathname}`, path.join(lighthouseDir, `report-${n}-${run}.json`)));
      }
      const result = attempts.sort((a, b) => a.performance - b.performance)[attempts.length >> 1]!;
      const label = `${n === 0 ? 'home' : 'venue page'}${lighthouseRuns > 1 ? `, median of ${lighthouseRuns}` : ''}`;
      rows.push(
        goalRow(`Lighthouse performance, ${label}`, result.performance, String, { min: 95 }),
        goalRow(`Lighthouse accessibility, ${label}`, result.accessibility, String, { min: 100 }),
      );
      notes.push(`Lighthouse ${result.page}: ${result.metrics}${result.failing.length ? `; below target: ${result.failing.join('; ')}` : ''}`);
    }
  } finally {
    rmSync(lighthouseDir, { recursive: true, force: true });
  }
  return rows;
}

/** Step 8: the result table, the notes and the optional JSON file. */
function printReport(site: SiteUnderTest, rows: BenchRow[], results: Record<string, unknown>): void {
  const dataset = options['no-build'] ? site.dist : venueCount === undefined ? DEFAULT_VENUES_LABEL : `${venueCount.toLocaleString('en')} generated demo venues`;
  console.log('');
  console.log(
    formatTable(
      `Site benchmark: ${dataset}${options['home-only'] ? ', home page only' : ''}; gzip level ${GZIP_LEVEL}; times are medians over ${runs} cold loads on 127.0.0.1`,
      rows,
    ),
  );
  console.log('');
  for (const note of site.notes) console.log(`- ${note}`);
  if (site.workspace && options.keep) console.log(`- build kept in ${site.workspace}`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ rows, notes: site.notes, ...results }, null, 2));
  if (rows.some((row) => row.pass === false)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const site = prepareSite();
  const { indexPath, communesPath } = homeDataPaths(site.dist);
  const plain = await startStaticServer(site.dist);
  const gzipped = await startStaticServer(site.dist, { gzip: true });
  const origin = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const servers = { plain: origin(plain), gzip: origin(gzipped) };
  const browser = await launchChromium();
  const results: Record<string, unknown> = { build: site.build };
  const rows: BenchRow[] = [];
  try {
    const loads = await measureLoads(browser, servers, indexPath);
    results.loads = loads;
    rows.push(...downloadRows(site.dist, loads, communesPath, site.notes), ...loadTimeRows(loads, site.notes));
    rows.push(...(await keystrokeRows(browser, servers.gzip, communesPath, site.notes, results)));
    if (site.build) rows.push(...buildRows(site.build, site.notes));
    if (!options['no-lighthouse']) rows.push(...(await lighthouseRows(site.dist, servers.gzip, site.notes)));
  } finally {
    await browser.close();
    plain.close();
    gzipped.close();
    if (site.workspace && !options.keep) rmSync(site.workspace, { recursive: true, force: true });
  }
  printReport(site, rows, results);
}

await main();
