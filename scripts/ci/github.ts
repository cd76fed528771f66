/**
 * What the CI scripts hand back to GitHub Actions, through the files the runner names in the
 * environment: step outputs (`GITHUB_OUTPUT`), the run's summary page (`GITHUB_STEP_SUMMARY`) and
 * annotations on standard output. Outside Actions (a maintainer's machine) the files are unset and
 * only the annotations are printed. The tests give fake files.
 *
 * Also GitHub's REST API, called with `fetch` and the workflow's token, at the address the runner
 * gives (`GITHUB_API_URL`): the tests serve it from a local server that records the calls.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** GitHub cuts a step summary over 1 MiB; stay below it and say where the whole report is. */
export const SUMMARY_LIMIT = 900_000;

/** Sets a step output, multi-line values included (heredoc syntax with a random delimiter). */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `EOF_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the run's summary page, cut at `SUMMARY_LIMIT` with a note naming `whole`. */
export function appendSummary(markdown: string, whole = 'l’artefact « rapports »'): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const bytes = Buffer.from(markdown);
  const text =
    bytes.length <= SUMMARY_LIMIT
      ? markdown
      : `${new TextDecoder().decode(bytes.subarray(0, SUMMARY_LIMIT)).replace(/\uFFFD$/, '')}\n\n*Rapport tronqué : la version complète est dans ${whole}.*\n`;
  appendFileSync(file, `${text}\n`);
}

/** An error annotation, shown on the run and the pull request. */
export function annotateError(message: string): void {
  process.stdout.write(`::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
}

/** The event that started the workflow (`GITHUB_EVENT_PATH`). */
export function readEvent<T>(): T {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) throw new Error('GITHUB_EVENT_PATH est absent : ce script se lance depuis un workflow GitHub Actions.');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** GitHub refuses pull request descriptions and comments over 65,536 characters. */
export const BODY_LIMIT = 60_000;

/** Markdown cut at `limit` characters, with a note naming where the whole report is. */
export function cutMarkdown(markdown: string, limit = BODY_LIMIT): string {
  return markdown.length <= limit ? markdown : `${markdown.slice(0, limit)}\n\n*Rapport tronqué : la version complète est dans l’artefact « rapports » de l’exécution.*\n`;
}

export class GitHubApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface GitHubApi {
  /** `owner/name` of the repository the workflow runs in. */
  repository: string;
  request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T>;
}

/** The REST API of the workflow's repository (`GITHUB_REPOSITORY`), authenticated with `GITHUB_TOKEN`. */
export function gitHubApi(): GitHubApi {
  const base = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const token = process.env.GITHUB_TOKEN ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new Error(`GITHUB_REPOSITORY n'est pas de la forme propriétaire/dépôt : « ${repository} ».`);
  if (token === '') throw new Error('GITHUB_TOKEN est absent : le workflow doit le donner au script (env: GITHUB_TOKEN: ${{ github.token }}).');
  return {
    repository,
    async request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'lieux-mediation-numerique-ci',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        let detail = text.slice(0, 500);
        try {
          detail = String((JSON.parse(text) as { message?: unknown }).message ?? detail);
        } catch {
          // Not JSON: the start of the text says enough.
        }
        throw new GitHubApiError(response.status, `GitHub a répondu ${response.status} à ${method} ${path} : ${detail}`);
      }
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}
