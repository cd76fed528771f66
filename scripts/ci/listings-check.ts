/**
 * The listings check: what a change adds, changes and removes in the listing files, and whether
 * the rows it touches are valid (`npm run diff` and `npm run validate`, run by this checkout's
 * code), as a verdict on the run's summary page.
 *
 *   node scripts/ci/listings-check.ts --pull-request [--out <dir>]
 *     On `pull_request_target`: this checkout is the default branch, whose code judges. Only the
 *     pull request's `data/` is brought in (from its merge ref, fetched without persisting any
 *     credential); `data/reference/` stays the default branch's, so the verdict uses its
 *     reference tables. Nothing of the pull request is installed or run, and a pull request that
 *     edits `scripts/`, `src/` or `.github/` changes nothing in the verdict.
 *   node scripts/ci/listings-check.ts --base <git ref> [--out <dir>]
 *     The listing files of the working tree against `<ref>` (the weekly national sync).
 *
 * Changes under `data/reference/` and `data/imports/` are listed for a maintainer to review.
 * The listings are compared with the correction files of `data/corrections/` applied, as the site
 * publishes them. Writes diff.md (and the same report as diff.json), validate.md and verdict.md
 * into `--out` (default `rapports/`), the verdict to the step summary and the outputs `verdict`
 * (`ok` or `echec`), `diff-status`, `validate-status`.
 * Exit code 0 when the verdict is ok, 1 when it fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiff, type DiffReport } from '../../src/contribute/diff.ts';
import { annotateError, appendSummary, readEvent, setOutput } from './github.ts';
import { verdictOf } from './verdict.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Folders of data/ whose changes a maintainer reviews: they change how every file is read. */
const REVIEWED_FOLDERS = ['data/reference/', 'data/imports/'];

const { values } = parseArgs({
  options: {
    'pull-request': { type: 'boolean', default: false },
    base: { type: 'string' },
    out: { type: 'string', default: 'rapports' },
  },
});
const outDir = path.resolve(ROOT, values.out);

const git = (args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

interface PullRequestEvent {
  pull_request?: { number?: number };
}

/** Paths of data/ that are not plain files in a commit (symbolic links, submodules), with their mode. */
function nonRegularEntries(commit: string): string[] {
  return git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', 'data/'])
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [meta = '', file = ''] = entry.split('\t');
      return { mode: meta.split(' ')[0] ?? '', file };
    })
    .filter(({ mode }) => mode !== '100644' && mode !== '100755')
    .map(({ mode, file }) => `${file} (${mode === '120000' ? 'lien symbolique' : mode === '160000' ? 'sous-module' : `mode ${mode}`})`);
}

/** `git diff --name-status` of the reviewed folders, as `M data/reference/communes.json` lines. */
function reviewedChanges(args: string[]): string[] {
  return git(['diff', '--name-status', '--no-renames', ...args, '--', ...REVIEWED_FOLDERS])
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace('\t', ' '));
}

/** Brings the pull request's data/ into this checkout; returns the base commit and the reviewed changes. */
function bringPullRequestData(): { base: string; reviewed: string[]; refused: string[] } {
  const number = readEvent<PullRequestEvent>().pull_request?.number;
  if (!Number.isInteger(number)) throw new Error("L'événement n'est pas celui d'une pull request (pull_request.number absent).");
  const base = git(['rev-parse', 'HEAD']).trim();
  const merge = `refs/pull-request/${number}/merge`;
  // The token, when there is one (private repository), goes to this one command only.
  const token = process.env.GITHUB_TOKEN;
  const auth = token ? ['-c', `http.extraheader=AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`] : [];
  try {
    git([...auth, 'fetch', '--no-tags', '--no-recurse-submodules', 'origin', `+refs/pull/${number}/merge:${merge}`]);
  } catch {
    throw new Error(
      `La version fusionnée de la pull request #${number} est introuvable : elle a sans doute des conflits avec la branche principale. ` +
        'Mettez la branche à jour, puis relancez la vérification.',
    );
  }
  const refused = nonRegularEntries(merge);
  if (refused.length > 0) return { base, reviewed: [], refused };
  const reviewed = reviewedChanges([base, merge]);
  rmSync(path.join(ROOT, 'data'), { recursive: true, force: true });
  git(['checkout', merge, '--', 'data/']);
  rmSync(path.join(ROOT, 'data/reference'), { recursive: true, force: true });
  git(['checkout', base, '--', 'data/reference/']);
  return { base, reviewed, refused };
}

/** Runs an npm script of this checkout on its data/ (listings and corrections); its report in `format` and exit status. */
function npmReport(script: string, args: string[], format: 'markdown' | 'json' = 'markdown'): { status: number; output: string } {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args, '--format', format], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, DATA_DIR: path.join(ROOT, 'data/lieux'), CORRECTIONS_DIR: path.join(ROOT, 'data/corrections') },
  });
  if (result.stderr) process.stderr.write(result.stderr);
  // Killed by a signal or not started: the command could not do its job.
  return { status: result.status ?? 2, output: result.stdout ?? '' };
}

/** The change report, as JSON (kept for other tools) and as Markdown from the same run. */
function diffReport(base: string): { status: number; markdown: string; json: string } {
  const { status, output } = npmReport('diff', ['--base', base], 'json');
  if (status > 1) return { status, markdown: '', json: '' };
  try {
    return { status, markdown: formatDiff(JSON.parse(output) as DiffReport, 'markdown'), json: output };
  } catch {
    return { status: 2, markdown: '', json: '' };
  }
}


function reviewSection(reviewed: string[]): string {
  if (reviewed.length === 0) return '';
  return [
    '',
    `### À relire par un mainteneur (${reviewed.length} fichier${reviewed.length > 1 ? 's' : ''})`,
    '',
    'Ces fichiers changent la façon dont tous les lieux sont lus ou importés ; la vérification ci-dessus a utilisé ceux de la branche principale.',
    '',
    ...reviewed.map((line) => `- \`${line}\``),
  ].join('\n');
}

let base: string;
let reviewed: string[];
let refused: string[] = [];
try {
  if (values['pull-request']) {
    ({ base, reviewed, refused } = bringPullRequestData());
  } else {
    if (values.base === undefined) throw new Error('Usage : listings-check.ts --pull-request | --base <révision git>');
    base = values.base;
    const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...REVIEWED_FOLDERS])
      .split('\n')
      .filter((line) => line !== '')
      .map((file) => `A ${file}`);
    reviewed = [...reviewedChanges([base]), ...untracked];
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  annotateError(message);
  appendSummary(`## Vérification des fichiers de lieux\n\n**Échec** : ${message}\n`);
  setOutput('verdict', 'echec');
  process.exit(1);
}

const diff = refused.length > 0 ? { status: 2, markdown: '', json: '' } : diffReport(base);
const validateRun = refused.length > 0 ? { status: 2, output: '' } : npmReport('validate', []);
const validate = { status: validateRun.status, markdown: validateRun.output };
const verdict = verdictOf(diff.status, validate.status, refused);
const verdictMarkdown = [
  '## Vérification des fichiers de lieux',
  '',
  `**${verdict.ok ? 'Réussite' : 'Échec'}** : ${verdict.message}`,
  reviewSection(reviewed),
].join('\n');

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'diff.md'), diff.markdown);
writeFileSync(path.join(outDir, 'diff.json'), diff.json);
writeFileSync(path.join(outDir, 'validate.md'), validate.markdown);
writeFileSync(path.join(outDir, 'verdict.md'), `${verdictMarkdown}\n`);

appendSummary(
  `${verdictMarkdown}\n\n${diff.markdown}\n\n<details>\n<summary>Rapport de validation de tous les fichiers</summary>\n\n${validate.markdown}\n</details>`,
);
setOutput('verdict', verdict.ok ? 'ok' : 'echec');
setOutput('diff-status', String(diff.status));
setOutput('validate-status', String(validate.status));
if (!verdict.ok) annotateError(verdict.message);
process.exit(verdict.ok ? 0 : 1);
