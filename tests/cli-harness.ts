/**
 * Runs the project's commands as contributors and CI do (a child Node process, the real
 * scripts), and prepares throw-away listings folders and git repositories for them.
 */
import { execFileSync, spawnSync, type StdioOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');

export type Script = 'validate' | 'diff' | 'import' | 'build-data';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to the environment (a value `undefined` removes the variable). */
  env?: Record<string, string | undefined>;
  /** Where standard output goes, when not captured (e.g. a file descriptor of /dev/full). */
  stdout?: number;
}

export function runScript(script: Script, args: string[], options: RunOptions = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
  const child = spawnSync(process.execPath, [path.join(ROOT, 'scripts', `${script}.ts`), ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  return { status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
}

/** A Node stack trace line, which a user's mistake must never print. */
export const STACK_LINE = /^\s+at .+[:(]/m;

const created: string[] = [];

/** A new empty folder, removed by `removeTemporaryDirs`. */
export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder made by `temporaryDir` and `gitRepository` (for a suite's `afterAll`). */
export function removeTemporaryDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes files (name relative to `dir` → content) and returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A git repository with `data/lieux/` holding `files`, committed on `main`. */
export function gitRepository(files: Record<string, string | Uint8Array>): { repo: string; dataDir: string; git: (...args: string[]) => string } {
  const repo = temporaryDir('depot-lieux');
  const dataDir = path.join(repo, 'data/lieux');
  mkdirSync(dataDir, { recursive: true });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@exemple.fr');
  git('config', 'user.name', 'Test');
  writeFiles(dataDir, files);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  return { repo, dataDir, git };
}
