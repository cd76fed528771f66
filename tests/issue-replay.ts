/**
 * Replays the « Propositions de lieux » workflow (`scripts/ci/issue-proposal.ts`) as GitHub would
 * run it, without GitHub: a bare repository as the remote, a clone of it as the workflow's
 * checkout, the issue body GitHub writes from the issue form's fields, the event payload file, and
 * GitHub's REST API served on 127.0.0.1 by a server that records every call and answers as GitHub
 * does for one repository. Used by the workflow's own test and by the listing form's end-to-end test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import type { DiffReport } from '../src/contribute/diff.ts';
import type { Venue } from '../src/pipeline/types.ts';
import { venuesToCsv } from '../src/pipeline/6-outputs/exports.ts';
import { COLUMNS, type Column } from '../src/pipeline/schema.ts';
import { PROPOSAL_ISSUE } from '../src/contribute/form/github-proposal.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { actionsFiles, cloneOf, git, makeOrigin, ROOT, runScript, type ActionsFiles, type ScriptRun } from './ci-helpers.ts';

export const REPOSITORY = 'cooperative/lieux';

/** A bare repository holding this working tree (small listing files) on `main`: the workflow's remote. */
export function bareOrigin(rows = 30): string {
  const bare = mkdtempSync(path.join(tmpdir(), 'ci-bare-'));
  git(bare, 'clone', '-q', '--bare', makeOrigin(rows), '.');
  return bare;
}

interface FormElement {
  type: string;
  id?: string;
  attributes: { label?: string; render?: string };
}

/** The issue form, parsed. */
export function issueTemplate(): { labels: string[]; body: FormElement[] } {
  return load(readFileSync(path.join(ROOT, '.github/ISSUE_TEMPLATE', PROPOSAL_ISSUE.template), 'utf8')) as { labels: string[]; body: FormElement[] };
}

/**
 * The body GitHub writes for an issue made from the form with these field values (by id): one
 * `### <label>` section per field, `_No response_` when empty, fenced when the field has `render`.
 */
export function issueBody(values: Record<string, string>): string {
  return issueTemplate()
    .body.filter((element) => element.type !== 'markdown' && element.id !== undefined)
    .map((element) => {
      const value = values[element.id!]?.trim() ?? '';
      const shown = value === '' ? '_No response_' : element.attributes.render ? `\`\`\`${element.attributes.render}\n${value}\n\`\`\`` : value;
      return `### ${element.attributes.label}\n\n${shown}`;
    })
    .join('\n\n');
}

/** The field values a link to the issue form carries (`issues/new?template=…&<id>=…`). */
export function formFieldsOf(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link).searchParams);
}

export interface RecordedCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string;
}

export interface FakeGitHub {
  url: string;
  calls: RecordedCall[];
  /** Makes `POST …/pulls` answer 403, as GitHub does when Actions may not open pull requests. */
  refusePullRequests: boolean;
  close(): Promise<void>;
}

/** GitHub's REST API for `REPOSITORY`: pull requests (numbered from 41) and comments, every call recorded. */
export async function fakeGitHub(): Promise<FakeGitHub> {
  const pulls: Array<{ number: number; head: string; html_url: string }> = [];
  const calls: RecordedCall[] = [];
  const state = { refusePullRequests: false };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
      const url = new URL(request.url ?? '/', 'http://api.invalid');
      calls.push({ method: request.method ?? '', path: `${url.pathname}${url.search}`, body, authorization: request.headers.authorization ?? '' });
      const reply = (status: number, json: unknown): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const repo = `/repos/${REPOSITORY}`;
      if (request.method === 'GET' && url.pathname === `${repo}/pulls`) {
        const head = url.searchParams.get('head') ?? '';
        return reply(200, pulls.filter((pull) => `${REPOSITORY.split('/')[0]}:${pull.head}` === head));
      }
      if (request.method === 'POST' && url.pathname === `${repo}/pulls`) {
        if (state.refusePullRequests) return reply(403, { message: 'GitHub Actions is not permitted to create or approve pull requests.' });
        const pull = { number: 41 + pulls.length, head: String(body?.head), html_url: `https://github.example/${REPOSITORY}/pull/${41 + pulls.length}` };
        pulls.push(pull);
        return reply(201, pull);
      }
      const patch = new RegExp(`^${repo}/pulls/(\\d+)$`).exec(url.pathname);
      if (request.method === 'PATCH' && patch) return reply(200, pulls.find((pull) => pull.number === Number(patch[1])) ?? {});
      const comments = new RegExp(`^${repo}/issues/(\\d+)/comments$`).exec(url.pathname);
      if (request.method === 'POST' && comments) return reply(201, { id: calls.length, html_url: `https://github.example/${REPOSITORY}/issues/${comments[1]}#comment` });
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    get refusePullRequests() {
      return state.refusePullRequests;
    },
    set refusePullRequests(value: boolean) {
      state.refusePullRequests = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface IssueOptions {
  action?: 'opened' | 'edited' | 'labeled';
  labels?: string[];
  state?: 'open' | 'closed';
}

export interface Replay {
  run: ScriptRun;
  actions: ActionsFiles;
  /** The workflow's checkout, left on the branch it pushed (or on main). */
  checkout: string;
}

/** Runs the workflow's script on a fresh clone of `bare` for issue `number` with `body`, as GitHub's runner would. */
export async function replayIssue(bare: string, api: FakeGitHub, number: number, body: string, options: IssueOptions = {}): Promise<Replay> {
  const checkout = cloneOf(bare);
  const actions = actionsFiles({
    action: options.action ?? 'opened',
    issue: {
      number,
      title: 'Proposition',
      body,
      state: options.state ?? 'open',
      html_url: `https://github.example/${REPOSITORY}/issues/${number}`,
      user: { login: 'marie-mediatheque', id: 4242 },
      labels: (options.labels ?? issueTemplate().labels).map((name) => ({ name })),
    },
    repository: { default_branch: 'main', full_name: REPOSITORY },
  });
  const run = await runScript(checkout, 'scripts/ci/issue-proposal.ts', ['--base', 'main', '--out', 'rapports'], {
    ...actions.env,
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_TOKEN: 'jeton-de-test',
  });
  return { run, actions, checkout };
}

/** The replay's change report, as the listings check kept it. */
export const replayReport = (replay: Replay): DiffReport => JSON.parse(readFileSync(path.join(replay.checkout, 'rapports/diff.json'), 'utf8')) as DiffReport;

/**
 * The row a venue (found by the id of one of its source rows) is published with, in the standard's
 * columns, after the build's data step (`scripts/build-data.ts`, the pipeline with the checkout's
 * data/lieux and data/corrections) run in `checkout` at its current commit.
 */
export function publishedRow(checkout: string, id: string): Record<Column, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'ci-build-'));
  execFileSync(process.execPath, ['scripts/build-data.ts', '--output', out], {
    cwd: checkout,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATA_DIR: '', CORRECTIONS_DIR: '', SITE_URL: '' },
  });
  const venues = (JSON.parse(readFileSync(path.join(out, 'venues.json'), 'utf8')) as Venue[]).filter((venue) => venue.sources.some((source) => source.id === id));
  if (venues.length !== 1) throw new Error(`${venues.length} published venues with a row of id ${id}`);
  const [row] = parseCsvFile('lieux.csv', new TextEncoder().encode(venuesToCsv(venues))).rows;
  return Object.fromEntries(COLUMNS.map((column) => [column, row!.cells[column] ?? ''])) as Record<Column, string>;
}
