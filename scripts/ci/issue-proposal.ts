/**
 * A proposal made on GitHub from the site's listing form, as the « Propositions de lieux »
 * workflow runs it on an issue opened (or edited) from the `proposition-lieu` issue form:
 *
 *   node scripts/ci/issue-proposal.ts --base <default branch> [--out <dir>]
 *
 * reads the issue from the event payload (`GITHUB_EVENT_PATH`: its body is never handed to a
 * shell), decodes the proposal's block (the e-mail's parser), writes the correction file with
 * `npm run apply`'s code, commits exactly that file on the branch `correction/issue-<n>` (one
 * commit on the default branch, force-pushed when the issue is edited), runs the listings check,
 * opens the pull request (or updates the open one) and comments the check's report on the issue
 * and the pull request, through GitHub's REST API. A garbled block, a venue gone or changed
 * meanwhile gets a French comment on the issue and no branch. Needs a checkout of the default
 * branch allowed to push, `GITHUB_TOKEN` and `GITHUB_REPOSITORY` (`GITHUB_API_URL` in tests).
 * Exit code 0 when the issue got its answer, 1 when a step failed (and the run shows it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readPipelineConfig } from '../../src/config.ts';
import { formatDiff, type DiffReport } from '../../src/contribute/diff.ts';
import { proposalTitle, type Proposal } from '../../src/contribute/form/correction.ts';
import { correctionBranch, PROPOSAL_ISSUE } from '../../src/contribute/form/github-proposal.ts';
import { decodeProposalMessage } from '../../src/contribute/form/proposal-message.ts';
import { writeProposal } from '../../src/io/proposal-files.ts';
import { annotateError, appendSummary, cutMarkdown, gitHubApi, GitHubApiError, readEvent, setOutput, type GitHubApi } from './github.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BOT = ['-c', 'user.name=github-actions[bot]', '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com'];

interface IssueEvent {
  action?: string;
  issue?: {
    number?: number;
    body?: string | null;
    state?: string;
    html_url?: string;
    user?: { login?: string; id?: number };
    labels?: Array<{ name?: string }>;
  };
}

const { values } = parseArgs({ options: { base: { type: 'string', default: 'main' }, out: { type: 'string', default: 'rapports' } } });
const outDir = path.resolve(ROOT, values.out);
const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

function finish(message: string, code: 0 | 1): never {
  if (code !== 0) annotateError(message);
  appendSummary(`## Proposition de lieu\n\n${message}\n`);
  process.stdout.write(`${message}\n`);
  process.exit(code);
}

const event = readEvent<IssueEvent>();
const issue = event.issue;
const number = issue?.number;
if (issue === undefined || typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
  finish("L'événement n'est pas celui d'une issue (issue.number absent).", 1);
}
if (!(issue.labels ?? []).some((label) => label.name === PROPOSAL_ISSUE.label)) finish(`L'issue #${number} n'a pas l'étiquette « ${PROPOSAL_ISSUE.label} » : rien à faire.`, 0);
if (issue.state === 'closed') finish(`L'issue #${number} est fermée : rien à faire.`, 0);

const login = issue.user?.login ?? '';
const api = gitHubApi();
const comment = (target: number, body: string): Promise<unknown> => api.request('POST', `/repos/${api.repository}/issues/${target}/comments`, { body: cutMarkdown(body) });

const SIGNATURE = '\n\n---\n*Message de la vérification automatique des propositions de lieux.*';
const HOW_TO_RETRY =
  'Pour corriger, refaites la proposition depuis le formulaire du site (« Modifier cette fiche » sur la page du lieu) ' +
  'et remplacez le bloc de cette demande par le nouveau (modifier la demande relance la vérification), ou ouvrez une nouvelle demande.';

async function run(): Promise<void> {
  const decoded = decodeProposalMessage(issue!.body ?? '');
  if (!decoded.ok) {
    await comment(number!, `**La proposition n’a pas pu être lue.** ${decoded.message}\n\n${HOW_TO_RETRY}${SIGNATURE}`);
    finish(`Bloc illisible dans l'issue #${number} : ${decoded.message}`, 0);
  }
  const { proposal } = decoded;
  const base = git('rev-parse', 'HEAD').trim();
  const written = writeProposal(proposal, readPipelineConfig());
  const lines = written.lines.filter((line) => !line.startsWith('Fichier écrit'));
  if (written.written === null) {
    const report = written.report === null ? '' : `\n\n${formatDiff(written.report, 'markdown')}`;
    const head =
      proposal.kind === 'fermeture' && written.exitCode === 0
        ? '**Signalement de fermeture reçu.** L’équipe vérifie auprès de la structure avant de retirer la fiche ; elle vous répondra ici.'
        : written.exitCode === 0
          ? '**Rien à modifier** : les fichiers de lieux donnent déjà ces valeurs.'
          : `**La proposition n’a pas été appliquée.** ${HOW_TO_RETRY}`;
    await comment(number!, `${head}\n\n${quoteLines(lines)}${report}${SIGNATURE}`);
    finish(`Issue #${number} : aucune branche (${lines.at(-1) ?? 'rien à écrire'}).`, 0);
  }
  const file = path.relative(ROOT, written.written).split(path.sep).join('/');
  const branch = correctionBranch(number!);
  if (sameAsPushed(branch, file, readFileSync(written.written, 'utf8'))) {
    finish(`La branche ${branch} porte déjà cette correction : rien à changer.`, 0);
  }
  commitAndPush(branch, file, proposal);

  mkdirSync(outDir, { recursive: true });
  const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ci/listings-check.ts'), '--base', base, '--out', outDir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  process.stderr.write(check.stderr ?? '');
  const verdictFile = path.join(outDir, 'verdict.md');
  if (!existsSync(verdictFile)) throw new Error(`La vérification des fichiers de lieux n'a pas pu s'exécuter (code ${check.status}).`);
  const checkReport = `${readFileSync(verdictFile, 'utf8')}\n${readFileSync(path.join(outDir, 'diff.md'), 'utf8')}`;

  const pullRequest = await openPullRequest(api, branch, proposal, checkReport);
  if (pullRequest === null) return;
  await comment(pullRequest.number, `${checkReport}${SIGNATURE}`);
  await comment(
    number!,
    `**Merci !** Votre proposition est devenue la demande de modification #${pullRequest.number} (${pullRequest.html_url}). ` +
      'L’équipe du projet la relit, vérifie auprès de la structure en cas de doute, puis la publie : comptez en général une semaine. ' +
      'Cette demande sera fermée quand la modification sera publiée.\n\n' +
      `${quoteLines(lines)}\n\n${checkReport}${SIGNATURE}`,
  );
  setOutput('pull-request', pullRequest.html_url);
  writeFileSync(path.join(outDir, 'proposition.md'), checkReport);
  finish(`Demande de modification #${pullRequest.number} à jour pour l'issue #${number} : ${pullRequest.html_url}`, check.status === 0 ? 0 : 1);
}

const quoteLines = (lines: string[]): string =>
  lines
    .filter((line) => line !== '')
    .map((line) => `> ${line.replace(/^- /, '• ')}`)
    .join('\n');

/** Whether the branch already holds one commit changing exactly `file` to `content` (an edit of the issue that changed nothing). */
function sameAsPushed(branch: string, file: string, content: string): boolean {
  if (git('ls-remote', '--heads', 'origin', `refs/heads/${branch}`).trim() === '') return false;
  git('fetch', '--quiet', '--no-tags', 'origin', `refs/heads/${branch}`);
  const changed = git('diff-tree', '--no-commit-id', '-r', '--name-only', 'FETCH_HEAD').trim();
  if (changed !== file) return false;
  try {
    return git('show', `FETCH_HEAD:${file}`) === content;
  } catch {
    return false;
  }
}

function commitAndPush(branch: string, file: string, proposal: Proposal): void {
  git('checkout', '--quiet', '-B', branch);
  git('add', '--', file);
  const id = issue!.user?.id;
  const credit = login !== '' && Number.isInteger(id) ? `\n\nCo-authored-by: ${login} <${id}+${login}@users.noreply.github.com>` : '';
  const message = `${proposalTitle(proposal)} (#${number})\n\nProposition faite depuis le formulaire du site, issue #${number}.${credit}`;
  // Only the proposal's file: nothing else of the checkout (reports, installs) is committed.
  git(...BOT, 'commit', '--quiet', '--only', '-m', message, '--', file);
  git('push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`);
}

interface PullRequest {
  number: number;
  html_url: string;
}

/** The open pull request of the branch, updated, or a new one; null (the issue told) when GitHub refuses to open it. */
async function openPullRequest(github: GitHubApi, branch: string, proposal: Proposal, report: string): Promise<PullRequest | null> {
  const owner = github.repository.split('/')[0]!;
  const title = proposalTitle(proposal);
  const body = cutMarkdown(
    `Proposition faite depuis le formulaire du site${login ? ` par @${login}` : ''} : #${number}. ` +
      `Le fichier de correction est celui qu’écrirait \`npm run apply\` avec le même bloc.\n\nCloses #${number}\n\n${report}`,
  );
  const open = await github.request<PullRequest[]>('GET', `/repos/${github.repository}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}`);
  if (open[0] !== undefined) {
    await github.request('PATCH', `/repos/${github.repository}/pulls/${open[0].number}`, { title, body });
    return open[0];
  }
  try {
    return await github.request<PullRequest>('POST', `/repos/${github.repository}/pulls`, { title, body, head: branch, base: values.base });
  } catch (error) {
    if (!(error instanceof GitHubApiError) || error.status !== 403) throw error;
    await comment(
      number!,
      `Votre proposition est prête sur la branche \`${branch}\`, mais la demande de modification n’a pas pu être ouverte automatiquement : l’équipe l’ouvrira.${SIGNATURE}`,
    );
    finish(
      `${error.message}. Cochez « Allow GitHub Actions to create and approve pull requests » (Settings › Actions › General), voir le README.`,
      1,
    );
  }
}

run().catch((error: unknown) => finish(`La proposition de l'issue #${number} n'a pas pu être traitée : ${error instanceof Error ? error.message : String(error)}`, 1));
