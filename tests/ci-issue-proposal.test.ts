/**
 * The « Propositions de lieux » workflow's script (`scripts/ci/issue-proposal.ts`) replayed on a
 * local clone of a bare remote, with the issue body GitHub writes from the issue form, a fake
 * event payload, and GitHub's REST API served by a local server that records the calls (GitHub
 * cannot be reached from the tests): the branch holds one commit with exactly the correction file
 * `npm run apply` writes, the pull request is opened then updated, the report is commented on the
 * issue and the pull request; a garbled block, a closure report or a refused pull request get a
 * French comment on the issue and no branch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProposal, correctionCsv, proposalFileName, venueFiche, type Proposal } from '../src/contribute/form/correction.ts';
import { correctionBranch, issueFormLink, PROPOSAL_ISSUE } from '../src/contribute/form/github-proposal.ts';
import { encodeProposal } from '../src/contribute/form/proposal-message.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { buildDay } from '../src/pipeline/ownership.ts';
import { git, ROOT } from './ci-helpers.ts';
import { bareOrigin, fakeGitHub, formFieldsOf, issueBody, replayIssue, replayReport, REPOSITORY, type FakeGitHub } from './issue-replay.ts';

let bare: string;
let api: FakeGitHub;

/** The first venue of the first demo file with a phone: it is in the bare remote's small files. */
function startingRow() {
  const file = readdirSync(path.join(ROOT, 'data/lieux')).filter((name) => name.endsWith('.csv')).sort()[0]!;
  const row = parseCsvFile(file, readFileSync(path.join(ROOT, 'data/lieux', file))).rows.find((r) => (r.cells.telephone ?? '') !== '')!;
  return { slug: 'lieu-de-test', fiche: venueFiche(file, row.line, row.cells) };
}

function proposal(telephone: string, kind: Proposal['kind'] = 'correction'): Proposal {
  const start = startingRow();
  return buildProposal({ kind, author: 'structure', date: buildDay(new Date()), start, values: { ...start.fiche.fields, telephone }, comment: kind === 'fermeture' ? 'Fermé depuis juin.' : '' }).proposal;
}

/** The body of the issue the member creates from the form's link. */
const bodyFor = (p: Proposal): string => issueBody(formFieldsOf(issueFormLink(`https://github.com/${REPOSITORY}`, p)!));

const branchHead = (branch: string): string | null => {
  try {
    return git(bare, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`).trim();
  } catch {
    return null;
  }
};

beforeAll(async () => {
  bare = bareOrigin(30);
  api = await fakeGitHub();
});
afterAll(() => api?.close());

describe('a proposal made on GitHub', () => {
  const first = proposal('01 99 00 12 34');
  const file = `data/corrections/${proposalFileName(first)}`;

  it('becomes one commit with exactly the correction file on correction/issue-<n>, a pull request and the report on both', async () => {
    const body = bodyFor(first);
    expect(body).toContain('### Bloc de la proposition\n\n```text\n-----DEBUT-PROPOSITION-LIEU-----');
    const replay = await replayIssue(bare, api, 12, body);
    expect(replay.run.code, replay.run.stderr + replay.run.stdout).toBe(0);

    const branch = correctionBranch(12);
    expect(git(bare, 'rev-list', '--count', `main..${branch}`).trim()).toBe('1');
    expect(git(bare, 'diff', '--name-status', `main..${branch}`).trim()).toBe(`A\t${file}`);
    expect(git(bare, 'show', `${branch}:${file}`)).toBe(correctionCsv(first));
    expect(git(bare, 'log', '-1', '--format=%an%n%B', branch)).toContain('Co-authored-by: marie-mediatheque <4242+marie-mediatheque@users.noreply.github.com>');

    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/pulls?state=open&head=cooperative%3A${encodeURIComponent(branch)}`,
      `POST /repos/${REPOSITORY}/pulls`,
      `POST /repos/${REPOSITORY}/issues/41/comments`,
      `POST /repos/${REPOSITORY}/issues/12/comments`,
    ]);
    expect(new Set(api.calls.map((call) => call.authorization))).toEqual(new Set(['Bearer jeton-de-test']));
    const [, opened, onPull, onIssue] = api.calls;
    expect(opened!.body).toMatchObject({ head: branch, base: 'main', title: `Correction : ${first.venue!.nom}` });
    expect(String(opened!.body!.body)).toContain('Closes #12');
    expect(String(onPull!.body!.body)).toContain('**Réussite** : Les lieux ajoutés ou modifiés sont valides.');
    expect(String(onPull!.body!.body)).toContain('telephone');
    expect(String(onIssue!.body!.body)).toContain('demande de modification #41 (https://github.example/cooperative/lieux/pull/41)');

    // The change report of the pull request: that venue, its phone and date_maj, nothing else.
    const report = replayReport(replay);
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    expect(report.files[0]!.changed[0]!.changes.map((c) => c.column)).toEqual(['telephone', 'date_maj']);
    expect(report.files[0]!.changed[0]!.changes[0]).toEqual({ column: 'telephone', before: first.before.telephone, after: '+33199001234' });
    expect(replay.actions.outputs()['pull-request']).toBe('https://github.example/cooperative/lieux/pull/41');
  });

  it('changes nothing when the issue is edited without changing the proposal', async () => {
    const before = branchHead(correctionBranch(12));
    const calls = api.calls.length;
    const replay = await replayIssue(bare, api, 12, `${bodyFor(first)}\n\nPrécision : le numéro de l’accueil.`, { action: 'edited' });
    expect(replay.run.code, replay.run.stderr).toBe(0);
    expect(replay.run.stdout).toContain('porte déjà cette correction');
    expect(branchHead(correctionBranch(12))).toBe(before);
    expect(api.calls.length).toBe(calls);
  });

  it('replaces the branch and updates the pull request when the issue gets another block', async () => {
    const calls = api.calls.length;
    const second = proposal('01 99 00 56 78');
    const replay = await replayIssue(bare, api, 12, bodyFor(second), { action: 'edited' });
    expect(replay.run.code, replay.run.stderr).toBe(0);
    const branch = correctionBranch(12);
    expect(git(bare, 'rev-list', '--count', `main..${branch}`).trim()).toBe('1');
    expect(git(bare, 'show', `${branch}:data/corrections/${proposalFileName(second)}`)).toBe(correctionCsv(second));
    expect(api.calls.slice(calls).map((call) => `${call.method} ${call.path.split('?')[0]}`)).toEqual([
      `GET /repos/${REPOSITORY}/pulls`,
      `PATCH /repos/${REPOSITORY}/pulls/41`,
      `POST /repos/${REPOSITORY}/issues/41/comments`,
      `POST /repos/${REPOSITORY}/issues/12/comments`,
    ]);
  });

  it('answers a garbled block with a French comment on the issue, and pushes no branch', async () => {
    const calls = api.calls.length;
    const block = encodeProposal(proposal('01 99 00 99 99')).split('\n');
    block[2] = block[2]!.replace(/[A-Za-z]/, (c) => (c === 'A' ? 'B' : 'A'));
    const replay = await replayIssue(bare, api, 13, issueBody({ [PROPOSAL_ISSUE.fields.block]: block.join('\n') }));
    expect(replay.run.code, replay.run.stderr).toBe(0);
    expect(api.calls.slice(calls).map((call) => `${call.method} ${call.path}`)).toEqual([`POST /repos/${REPOSITORY}/issues/13/comments`]);
    expect(String(api.calls.at(-1)!.body!.body)).toMatch(/^\*\*La proposition n’a pas pu être lue\.\*\* Le bloc de la proposition est abîmé/);
    expect(branchHead(correctionBranch(13))).toBeNull();
  });

  it('answers a closure report on the issue without a branch, and ignores an issue without the label', async () => {
    const calls = api.calls.length;
    const closure = await replayIssue(bare, api, 14, bodyFor(proposal('', 'fermeture')));
    expect(closure.run.code, closure.run.stderr).toBe(0);
    expect(String(api.calls.at(-1)!.body!.body)).toContain('Signalement de fermeture reçu');
    expect(branchHead(correctionBranch(14))).toBeNull();
    const unlabeled = await replayIssue(bare, api, 15, bodyFor(first), { labels: ['question'] });
    expect(unlabeled.run.code).toBe(0);
    expect(api.calls.length).toBe(calls + 1);
    expect(branchHead(correctionBranch(15))).toBeNull();
  });

  it('says on the issue when GitHub refuses to open the pull request, and fails the run naming the setting', async () => {
    api.refusePullRequests = true;
    const replay = await replayIssue(bare, api, 16, bodyFor(proposal('01 99 00 11 11')));
    api.refusePullRequests = false;
    expect(replay.run.code).toBe(1);
    expect(replay.run.stdout).toContain('Allow GitHub Actions to create and approve pull requests');
    expect(String(api.calls.at(-1)!.body!.body)).toContain('n’a pas pu être ouverte automatiquement');
    expect(branchHead(correctionBranch(16))).not.toBeNull();
  });
});
