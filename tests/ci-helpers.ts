/**
 * A throw-away copy of this repository for the CI scripts' replay tests and the base-path build: the working tree's files
 * (tracked and new, not ignored) committed as the default branch of a local "origin", with a few
 * small listing files instead of the demo's 10,000 rows, and the GitHub Actions files the runner
 * would give (outputs, summary, event payload) as temporary files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** The first `rows` rows of two demo files: enough listing data for a verdict, quick to check. */
function smallListings(dir: string, rows: number): void {
  const lieux = path.join(dir, 'data/lieux');
  const names = readdirSync(lieux).sort().slice(0, 2);
  for (const name of readdirSync(lieux)) {
    const file = path.join(lieux, name);
    if (!names.includes(name)) rmSync(file);
    else writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').slice(0, rows + 1).join('\n')}\n`);
  }
}

/** A copy of this working tree's files (tracked and new, not ignored) with small listing files. */
export function copyOfWorkingTree(rows: number, prefix = 'copie-'): string {
  const origin = mkdtempSync(path.join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '');
  for (const file of files) {
    try {
      cpSync(path.join(ROOT, file), path.join(origin, file), { recursive: false });
    } catch (error) {
      // A file deleted in the working tree but still in the index.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  smallListings(origin, rows);
  return origin;
}

/** A repository holding this working tree as one commit on `main`; returns its folder. */
export function makeOrigin(rows = 30): string {
  const origin = copyOfWorkingTree(rows, 'ci-origin-');
  git(origin, 'init', '-q');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'Base');
  return origin;
}

/** A clone of `origin` on its default branch, sharing this checkout's node_modules. */
export function cloneOf(origin: string): string {
  const checkout = mkdtempSync(path.join(tmpdir(), 'ci-checkout-'));
  git(checkout, 'clone', '-q', origin, '.');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
  return checkout;
}

export interface ActionsFiles {
  env: Record<string, string>;
  outputs(): Record<string, string>;
  summary(): string;
}

/** Fake GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_EVENT_PATH (holding `event`). */
export function actionsFiles(event: unknown = {}): ActionsFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'ci-actions-'));
  mkdirSync(dir, { recursive: true });
  const output = path.join(dir, 'output');
  const summary = path.join(dir, 'summary.md');
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  writeFileSync(eventPath, JSON.stringify(event));
  return {
    env: { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_PATH: eventPath, GITHUB_ACTIONS: 'true' },
    outputs: () => parseOutputs(readFileSync(output, 'utf8')),
    summary: () => readFileSync(summary, 'utf8'),
  };
}

/** Reads `name=value` lines and `name<<DELIMITER` blocks, as the runner does. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript script of `cwd` with Node 24, without blocking the test process. */
export function runScript(cwd: string, script: string, args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 2, stdout, stderr }));
  });
}
