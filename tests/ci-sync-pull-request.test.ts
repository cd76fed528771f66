/**
 * The weekly national sync workflow's script (`scripts/ci/sync-pull-request.ts`) on a local
 * repository, a fake portal on 127.0.0.1 and a stand-in for GitHub's `gh` command (GitHub cannot
 * be reached from the tests) that records its calls: one pull request opened, then updated, its
 * description carrying the listings check's verdict and the change report.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_FILE } from '../src/contribute/national-sync.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { venuesToCsv } from '../src/pipeline/6-outputs/exports.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { actionsFiles, cloneOf, git, makeOrigin, runScript } from './ci-helpers.ts';
import { packageVenuesCsv } from './package-venues.ts';

const BRANCH = 'synchronisation-nationale';
let origin: string;
let server: Server;
let portal: string;
let served: string | null;
let ghDir: string;

/** A `gh` that logs each call and answers as GitHub would for one pull request, number 7. */
function fakeGh(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-gh-'));
  const script = `#!/usr/bin/env bash
set -eu
printf '%s\\n' "$*" >> "${dir}/calls.log"
case "$1 $2" in
  "pr list") cat "${dir}/open" 2>/dev/null || true ;;
  "pr create") cp "$(printf '%s\\n' "$@" | sed -n '/^--body-file$/{n;p}')" "${dir}/body.md"; echo 7 > "${dir}/open"; echo "https://github.example/depot/pull/7" ;;
  "pr edit") cp "$(printf '%s\\n' "$@" | sed -n '/^--body-file$/{n;p}')" "${dir}/body.md" ;;
  "pr view") echo "https://github.example/depot/pull/7" ;;
  *) echo "gh: commande inattendue $*" >&2; exit 1 ;;
esac
`;
  writeFileSync(path.join(dir, 'gh'), script);
  chmodSync(path.join(dir, 'gh'), 0o755);
  return dir;
}

async function syncRun() {
  const checkout = cloneOf(origin);
  const actions = actionsFiles({});
  const run = await runScript(checkout, 'scripts/ci/sync-pull-request.ts', ['--base', 'main', '--source', `${portal}/national.csv`], {
    ...actions.env,
    PATH: `${ghDir}:${process.env.PATH ?? ''}`,
  });
  return { run, actions, checkout };
}

const calls = (): string[] => readFileSync(path.join(ghDir, 'calls.log'), 'utf8').trimEnd().split('\n');

beforeAll(async () => {
  origin = makeOrigin(20);
  ghDir = fakeGh();
  const { venues } = runPipeline({ files: [packageVenuesCsv()], reference: loadReferenceData() });
  served = venuesToCsv(venues);
  server = createServer((_request, response) => {
    if (served === null) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/csv' }).end(served);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('weekly national sync pull request', () => {
  it('opens one pull request with the verdict and the change report, on a branch one commit ahead of main', async () => {
    const { run, actions } = await syncRun();
    expect(run.code, run.stderr).toBe(0);
    expect(calls()).toEqual([
      `pr list --head ${BRANCH} --base main --state open --json number --jq .[0].number`,
      expect.stringMatching(new RegExp(`^pr create --base main --head ${BRANCH} --title Synchronisation avec le fichier national .* --body-file .*description\\.md$`)),
    ]);
    const body = readFileSync(path.join(ghDir, 'body.md'), 'utf8');
    expect(body).toMatch(/^## Vérification des fichiers de lieux\n\n\*\*(Réussite|Échec)\*\*/);
    expect(body).toContain(`${NATIONAL_FILE} écrit`);
    expect(body).toContain('## Changements des fichiers de lieux');
    expect(actions.outputs()['pull-request']).toBe('https://github.example/depot/pull/7');
    expect(git(origin, 'rev-list', '--count', `main..${BRANCH}`).trim()).toBe('1');
    expect(git(origin, 'ls-tree', '--name-only', `${BRANCH}`, 'data/lieux/').trim()).toBe(`data/lieux/${NATIONAL_FILE}`);
  });

  it('updates the open pull request the next week instead of opening another', async () => {
    served = served!.split('\r\n').slice(0, 600).join('\r\n') + '\r\n';
    const { run } = await syncRun();
    expect(run.code, run.stderr).toBe(0);
    expect(calls().slice(2)).toEqual([
      `pr list --head ${BRANCH} --base main --state open --json number --jq .[0].number`,
      expect.stringMatching(/^pr edit 7 --title .* --body-file .*description\.md$/),
      'pr view 7 --json url --jq .url',
    ]);
    expect(readFileSync(path.join(ghDir, 'body.md'), 'utf8')).toMatch(/lieux? retirés?/);
    expect(git(origin, 'rev-list', '--count', `main..${BRANCH}`).trim()).toBe('1');
  });

  it('pushes nothing and fails when the download is refused', async () => {
    const before = git(origin, 'rev-parse', BRANCH);
    served = null;
    const { run, actions } = await syncRun();
    expect(run.code).toBe(1);
    expect(actions.summary()).toContain("La synchronisation n'a rien écrit");
    expect(actions.summary()).toContain('HTTP 404');
    expect(git(origin, 'rev-parse', BRANCH)).toBe(before);
    expect(calls()).toHaveLength(5);
  });
});
