/**
 * Builds the site for the browser tests, at most once per change: only when `dist/` is missing
 * or older than its sources. Several test files (and several people sharing a checkout) may ask
 * at the same time: a lock directory makes the others wait for the first build instead of
 * writing `dist/` concurrently, then find it fresh.
 * `SITE_BUILD=never` uses `dist/` as it is; `SITE_BUILD=always` rebuilds; `SITE_DIST=<dir>` serves
 * an already built site from another folder (e.g. `astro build --outDir`) and never builds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = process.env.SITE_DIST ? path.resolve(process.env.SITE_DIST) : path.join(ROOT, 'dist');
/** Everything the build reads; a change in any of them makes `dist/` stale. */
const BUILD_INPUTS = ['src', 'data', 'scripts', 'public', 'astro.config.mjs', 'package.json'];
const LOCK = path.join(ROOT, '.cache', 'site-build.lock');
const LOCK_WAIT_MS = 10 * 60 * 1000;

/** Rebuilt at most once per test worker, even if several suites ask. */
let checked = false;

export async function ensureSiteBuilt(): Promise<void> {
  const mode = process.env.SITE_DIST ? 'never' : (process.env.SITE_BUILD ?? 'auto');
  if (mode !== 'never' && !checked) {
    if (mode === 'always' || isStale()) await buildUnderLock(mode === 'always');
    checked = true;
  }
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`No built site in ${DIST}: run "npm run build" first.`);
  }
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry, { recursive: true, withFileTypes: true })) {
    if (child.isFile()) newest = Math.max(newest, statSync(path.join(child.parentPath, child.name)).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const builtPage = path.join(DIST, 'index.html');
  if (!existsSync(builtPage)) return true;
  const sources = Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(ROOT, input))));
  return sources > statSync(builtPage).mtimeMs;
}

async function buildUnderLock(force: boolean): Promise<void> {
  await acquireLock();
  try {
    // Another worker or person may have built while this one waited for the lock.
    if (force || isStale()) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function acquireLock(): Promise<void> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockHolderIsGone()) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another site build (${LOCK}).`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function lockHolderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
  } catch {
    // The holder has created the directory but not yet written its pid.
    return false;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
