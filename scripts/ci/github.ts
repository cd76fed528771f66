/**
 * What the CI scripts hand back to GitHub Actions, through the files the runner names in the
 * environment: step outputs (`GITHUB_OUTPUT`), the run's summary page (`GITHUB_STEP_SUMMARY`) and
 * annotations on standard output. Outside Actions (a maintainer's machine) the files are unset and
 * only the annotations are printed. The tests give fake files.
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
