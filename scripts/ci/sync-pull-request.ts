/**
 * The weekly refresh from the national open data, as one pull request kept up to date:
 *
 *   node scripts/ci/sync-pull-request.ts --base <default branch> [--source <url>] [--force]
 *
 * runs `npm run sync:national`; when the listing files changed, runs the listings check on them
 * (a pull request opened with the workflow's token starts no workflow by itself), commits them on
 * the branch `synchronisation-nationale` (force-pushed: it always holds one commit on top of the
 * default branch) and opens the pull request, or updates the one already open, with the change
 * report and the verdict as its description. Needs `gh` (GitHub's CLI, on every runner) with
 * GH_TOKEN, and a checkout allowed to push.
 * Exit code 0 when the pull request is up to date (or nothing changed), 1 when the sync refused
 * the download or a step failed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { annotateError, appendSummary, cutMarkdown, setOutput } from './github.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SYNC_BRANCH = 'synchronisation-nationale';
const TITLE = 'Synchronisation avec le fichier national des lieux de médiation numérique';
const OUT = path.join(ROOT, 'rapports');

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'main' },
    source: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: process.env });
const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function stop(message: string, code: number): never {
  if (code !== 0) annotateError(message);
  appendSummary(`## Synchronisation nationale\n\n${message}\n`);
  process.stdout.write(`${message}\n`);
  process.exit(code);
}

mkdirSync(OUT, { recursive: true });
const syncReport = path.join(OUT, 'synchronisation.md');
const sync = run('npm', [
  'run',
  '--silent',
  'sync:national',
  '--',
  '--report',
  syncReport,
  ...(values.source === undefined ? [] : ['--source', values.source]),
  ...(values.force ? ['--force'] : []),
]);
process.stdout.write(sync.stdout ?? '');
process.stderr.write(sync.stderr ?? '');
if (sync.status !== 0 && sync.status !== 1) {
  stop(`La synchronisation n'a rien écrit : ${(sync.stderr ?? '').trim() || `code de sortie ${sync.status}`}`, 1);
}
if (git('status', '--porcelain', '--', 'data/').trim() === '') stop('Le fichier national n’a pas changé depuis la dernière synchronisation : rien à proposer.', 0);

// The verdict goes into the description; a failing verdict does not stop the pull request, which shows it.
const check = run(process.execPath, [path.join(ROOT, 'scripts/ci/listings-check.ts'), '--base', 'HEAD', '--out', 'rapports']);
process.stderr.write(check.stderr ?? '');
const verdictFile = path.join(OUT, 'verdict.md');
if (!existsSync(verdictFile)) stop(`La vérification des fichiers de lieux n'a pas pu s'exécuter (code ${check.status}).`, 1);

const body = cutMarkdown(`${readFileSync(verdictFile, 'utf8')}\n${readFileSync(syncReport, 'utf8')}`);
const bodyFile = path.join(OUT, 'description.md');
writeFileSync(bodyFile, body);

git('checkout', '-B', SYNC_BRANCH);
git('add', '-A', '--', 'data/');
git('-c', 'user.name=github-actions[bot]', '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com', 'commit', '-q', '-m', TITLE);
git('push', '--force', 'origin', `${SYNC_BRANCH}:${SYNC_BRANCH}`);

const gh = (...args: string[]): string => {
  const result = run('gh', args);
  if (result.status !== 0) stop(`La commande « gh ${args[0]} ${args[1]} » a échoué : ${(result.stderr ?? '').trim()}`, 1);
  return (result.stdout ?? '').trim();
};
const open = gh('pr', 'list', '--head', SYNC_BRANCH, '--base', values.base, '--state', 'open', '--json', 'number', '--jq', '.[0].number');
let url: string;
if (open !== '') {
  gh('pr', 'edit', open, '--title', TITLE, '--body-file', bodyFile);
  url = gh('pr', 'view', open, '--json', 'url', '--jq', '.url');
} else {
  url = gh('pr', 'create', '--base', values.base, '--head', SYNC_BRANCH, '--title', TITLE, '--body-file', bodyFile);
}
setOutput('pull-request', url);
stop(`Pull request ${open !== '' ? 'mise à jour' : 'ouverte'} : ${url}`, 0);
