/**
 * Replays the listings check of pull requests (`scripts/ci/listings-check.ts --pull-request`, as
 * the `pull_request_target` workflow runs it) on a local repository: a default branch, and pull
 * requests whose merge refs live where GitHub puts them (`refs/pull/<n>/merge`). The verdict of a
 * pull request that also edits `scripts/`, `src/` and `.github/` to pass is the verdict of the
 * same data change alone.
 */
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsFiles, cloneOf, git, makeOrigin, runScript, type ActionsFiles, type ScriptRun } from './ci-helpers.ts';

let origin: string;
let listingFile: string;

/** Commits `edit` on a branch from main and publishes it as pull request `number`'s merge ref. */
function pullRequest(number: number, edit: (dir: string) => void): void {
  git(origin, 'checkout', '-q', '-b', `pr-${number}`, 'main');
  edit(origin);
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', `Pull request ${number}`);
  git(origin, 'update-ref', `refs/pull/${number}/merge`, 'HEAD');
  git(origin, 'checkout', '-q', 'main');
}

/** Adds a row with no name (an error) to the first listing file. */
function addNamelessRow(dir: string): void {
  const file = path.join(dir, 'data/lieux', listingFile);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cells = lines[1]!.split(',');
  cells[0] = 'lieu-sans-nom';
  cells[2] = '';
  writeFileSync(file, `${[...lines, cells.join(',')].join('\n')}\n`);
}

/** Edits the code that judges so that it would pass anything, as a hostile pull request could. */
function editJudgingCode(dir: string): void {
  const passAll = "process.stdout.write('Tout est valide.\\n');\nprocess.exit(0);\n";
  writeFileSync(path.join(dir, 'scripts/validate.ts'), passAll);
  writeFileSync(path.join(dir, 'scripts/diff.ts'), passAll);
  writeFileSync(
    path.join(dir, 'scripts/ci/listings-check.ts'),
    "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_OUTPUT!, 'verdict=ok\\n');\nprocess.exit(0);\n",
  );
  writeFileSync(path.join(dir, 'src/contribute/diff.ts'), 'export {};\n');
  writeFileSync(path.join(dir, '.github/workflows/listings.yml'), 'on: pull_request\njobs: {}\n');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { diff: 'true', validate: 'true' } }));
}

interface Check {
  run: ScriptRun;
  actions: ActionsFiles;
  checkout: string;
}

async function check(number: number): Promise<Check> {
  const checkout = cloneOf(origin);
  const actions = actionsFiles({ action: 'synchronize', pull_request: { number } });
  const run = await runScript(checkout, 'scripts/ci/listings-check.ts', ['--pull-request'], actions.env);
  return { run, actions, checkout };
}

beforeAll(() => {
  origin = makeOrigin();
  listingFile = git(origin, 'ls-files', 'data/lieux').split('\n')[0]!.replace('data/lieux/', '');
  pullRequest(1, addNamelessRow);
  pullRequest(2, (dir) => {
    addNamelessRow(dir);
    editJudgingCode(dir);
  });
  pullRequest(3, (dir) => {
    const file = path.join(dir, 'data/lieux', listingFile);
    const text = readFileSync(file, 'utf8');
    const [header, first, ...rest] = text.trimEnd().split('\n');
    writeFileSync(file, `${[header, first!.replace(/,20\d\d-\d\d-\d\d,/, ',2026-11-30,'), ...rest].join('\n')}\n`);
    const reference = path.join(dir, 'data/reference/communes.json');
    writeFileSync(reference, readFileSync(reference, 'utf8').replace('"Niort"', '"Niort-sur-Sèvre"'));
  });
  pullRequest(4, (dir) => {
    symlinkSync('../../.git/config', path.join(dir, 'data/lieux/lien.csv'));
  });
});

describe('listings check on pull_request_target', () => {
  it('fails a pull request adding a row with an error, whatever code it also edits', async () => {
    const [dataOnly, withCode] = await Promise.all([check(1), check(2)]);
    expect(dataOnly.run.code).toBe(1);
    expect(dataOnly.actions.outputs()).toMatchObject({ verdict: 'echec', 'diff-status': '1', 'validate-status': '1' });
    expect(dataOnly.actions.summary()).toContain('**Échec** : Des lieux ajoutés ou modifiés ont des erreurs');
    expect(dataOnly.actions.summary()).toMatch(/lieu-sans-nom/);
    // Same verdict, outputs and report: the pull request's scripts/, src/, .github/ and package.json played no part.
    expect(withCode.run.code).toBe(dataOnly.run.code);
    expect(withCode.actions.outputs()).toEqual(dataOnly.actions.outputs());
    expect(withCode.actions.summary()).toBe(dataOnly.actions.summary());
    expect(readFileSync(path.join(withCode.checkout, 'rapports/verdict.md'), 'utf8')).toBe(
      readFileSync(path.join(dataOnly.checkout, 'rapports/verdict.md'), 'utf8'),
    );
    // Only data/ changed in the checkout: the judging code is the default branch's.
    expect(git(withCode.checkout, 'status', '--porcelain', '--', 'scripts', 'src', '.github', 'package.json')).toBe('');
    expect(git(withCode.checkout, 'status', '--porcelain', '--', 'data')).not.toBe('');
  });

  it('passes a valid change, judged with the default branch reference tables, and lists reference changes for review', async () => {
    const { run, actions, checkout } = await check(3);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(actions.outputs()).toMatchObject({ verdict: 'ok', 'diff-status': '0' });
    const summary = actions.summary();
    expect(summary).toContain('**Réussite**');
    expect(summary).toContain('### À relire par un mainteneur (1 fichier)');
    expect(summary).toContain('- `M data/reference/communes.json`');
    expect(summary).toMatch(/1 lieu modifié/);
    expect(git(checkout, 'status', '--porcelain', '--', 'data/reference')).toBe('');
  });

  it('refuses a symbolic link in data/ without reading it', async () => {
    const { run, actions, checkout } = await check(4);
    expect(run.code).toBe(1);
    expect(actions.outputs().verdict).toBe('echec');
    expect(actions.summary()).toContain('data/lieux/lien.csv (lien symbolique)');
    expect(actions.summary()).not.toContain('[core]');
    rmSync(checkout, { recursive: true, force: true });
  });

  it('says so when the pull request has no merge ref (conflicts)', async () => {
    const { run, actions } = await check(99);
    expect(run.code).toBe(1);
    expect(actions.outputs().verdict).toBe('echec');
    expect(actions.summary()).toContain('La version fusionnée de la pull request #99 est introuvable');
  });
});
