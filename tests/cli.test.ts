/**
 * The commands' contract with whoever runs them and with the pull-request check: exit code 0
 * fine, 1 rows have errors, 2 the command could not do its job — a French message, never a
 * stack trace for a user's mistake, never Node's code 1 for a crash — and the workflow fails
 * on anything but 0 and 1.
 */
import { verdictOf } from '../scripts/ci/verdict.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, gitRepository, removeTemporaryDirs, ROOT, runScript, STACK_LINE, temporaryDir, writeFiles } from './cli-harness.ts';

afterAll(removeTemporaryDirs);

const VALID = readFileSync(path.join(FIXTURES, 'liens-hostiles.csv'));

describe('usage mistakes: a French message naming what to fix, exit code 2, no stack trace', () => {
  const cases: Array<{ name: string; script: Parameters<typeof runScript>[0]; args: string[]; env?: Record<string, string>; message: RegExp }> = [
    { name: 'validate, unknown option', script: 'validate', args: ['--formt', 'json'], message: /^Option inconnue « --formt »\.\nUsage : npm run validate/ },
    { name: 'validate, option without its value', script: 'validate', args: ['--format'], message: /Valeur manquante ou invalide pour l'option « --format »/ },
    { name: 'validate, unknown format', script: 'validate', args: ['--format', 'xml'], message: /Format inconnu « xml » : choisissez text, json ou markdown/ },
    { name: 'validate, missing file', script: 'validate', args: ['absent.csv'], message: /Fichier introuvable : « absent\.csv »/ },
    { name: 'validate, folder given as a file', script: 'validate', args: ['tests/fixtures'], message: /« tests\/fixtures » est un dossier/ },
    { name: 'validate, missing DATA_DIR', script: 'validate', args: [], env: { DATA_DIR: '/nonexistent/lieux' }, message: /Le dossier des lieux « \/nonexistent\/lieux » n'existe pas/ },
    { name: 'diff, no --base', script: 'diff', args: [], message: /Indiquez la révision de référence avec --base\.\nUsage : npm run diff/ },
    { name: 'diff, unknown option', script: 'diff', args: ['--bse', 'main'], message: /^Option inconnue « --bse »/ },
    { name: 'diff, a revision that is an option', script: 'diff', args: ['--base=--output=x'], message: /Révision git « --output=x » invalide/ },
    { name: 'diff, missing DATA_DIR', script: 'diff', args: ['--base', 'main'], env: { DATA_DIR: '/nonexistent/lieux' }, message: /Le dossier des lieux « \/nonexistent\/lieux » n'existe pas/ },
    { name: 'import, no file', script: 'import', args: [], message: /^Indiquez le fichier à convertir\.\nUsage : npm run import/ },
    { name: 'import, missing file', script: 'import', args: ['absent.csv'], message: /Fichier introuvable ou illisible : « absent\.csv »/ },
    { name: 'import, missing mapping', script: 'import', args: ['--mapping', 'absente.json', 'tests/fixtures/import-sample.csv'], message: /Fichier introuvable ou illisible : « absente\.json »/ },
    { name: 'import, unknown option', script: 'import', args: ['--sortie', 'x.csv', 'a.csv'], message: /^Option inconnue « --sortie »/ },
    { name: 'build, unexpected argument', script: 'build-data', args: ['data/lieux'], message: /^Argument inattendu « data\/lieux »/ },
    { name: 'build, missing DATA_DIR', script: 'build-data', args: [], env: { DATA_DIR: '/nonexistent/lieux' }, message: /Le dossier des lieux « \/nonexistent\/lieux » n'existe pas/ },
  ];
  for (const { name, script, args, env, message } of cases) {
    it(name, () => {
      const run = runScript(script, args, { env });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(2);
    });
  }

  it('walks a folder named like a CSV file instead of reading it', () => {
    const dir = writeFiles(temporaryDir('dossier-csv'), { 'reseau.csv/lieux.csv': VALID });
    const run = runScript('validate', ['--format', 'json'], { env: { DATA_DIR: dir } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).files.map((f: { file: string }) => f.file)).toEqual(['reseau.csv/lieux.csv']);
  });
});

describe('failures of the command itself: caught, French, exit code 2', () => {
  const dir = writeFiles(temporaryDir('lieux-valides'), { 'lieux.csv': VALID });

  it('validate and import report a full disk instead of a report cut short', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const [script, args] of [
        ['validate', []],
        ['import', [path.join(FIXTURES, 'import-legacy-v01.csv')]],
      ] as const) {
        const run = runScript(script, [...args], { env: { DATA_DIR: dir }, stdout: full });
        expect(run.stderr).toMatch(new RegExp(`La commande « npm run ${script} » n'a pas pu aller au bout à cause d'une erreur du système \\(ENOSPC`));
        expect(run.stderr).toContain("Son résultat n'est pas fiable.");
        expect(run.stderr).not.toMatch(STACK_LINE);
        expect(run.status).toBe(2);
      }
    } finally {
      closeSync(full);
    }
  });

  it('diff reports that git cannot be run', () => {
    const { repo } = gitRepository({ 'lieux.csv': VALID });
    const run = runScript('diff', ['--base', 'main'], { cwd: repo, env: { DATA_DIR: 'data/lieux', PATH: '/nonexistent' } });
    expect(run.stderr).toMatch(/La commande « npm run diff » n'a pas pu aller au bout à cause d'une erreur du système \(ENOENT/);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('build reports an output folder it cannot write', () => {
    const out = path.join(temporaryDir('sortie'), 'fichier');
    writeFiles(path.dirname(out), { fichier: 'pas un dossier' });
    const run = runScript('build-data', ['--output', path.join(out, 'pipeline')], { env: { DATA_DIR: dir } });
    expect(run.stderr).toMatch(/La commande « npm run build » n'a pas pu aller au bout à cause d'une erreur du système \(ENOTDIR/);
    expect(run.status).toBe(2);
  });

  it('a bug inside a command prints a short French line and the technical detail, with exit code 2', () => {
    const script = `
      import { runCommand } from ${JSON.stringify(path.join(ROOT, 'src/io/cli.ts'))};
      runCommand({ name: 'validate', usage: '' }, () => { const venues = undefined; return venues.length; });`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toMatch(/^La commande « npm run validate » s'est arrêtée sur une erreur interne : son résultat n'est pas fiable\./);
    expect(child.stderr).toMatch(/Détail technique : TypeError: Cannot read properties of undefined \(reading 'length'\)\n\s+at /);
    // The detail is short: the message and a few frames.
    expect(child.stderr.split('\n').length).toBeLessThanOrEqual(8);
    expect(child.status).toBe(2);
  });

  it('an asynchronous failure ends the same way', () => {
    const script = `
      import { runCommand } from ${JSON.stringify(path.join(ROOT, 'src/io/cli.ts'))};
      runCommand({ name: 'diff', usage: '' }, async () => { await new Promise((r) => setTimeout(r, 10)); throw new RangeError('plus de place'); });`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toMatch(/erreur interne[^]*Détail technique : RangeError: plus de place/);
    expect(child.status).toBe(2);
  });
});

describe('the listings check', () => {
  const result = (diff: number, validate: number): number => (verdictOf(diff, validate, []).ok ? 0 : 1);

  it('passes only when diff exits 0 and validate exits 0 or 1', () => {
    expect(result(0, 0)).toBe(0);
    // Errors in rows the pull request does not touch are not its author's to fix.
    expect(result(0, 1)).toBe(0);
  });

  it('fails on errors in the changed rows, and on any other code: a crash never yields a green check', () => {
    expect(result(1, 0)).toBe(1);
    expect(result(1, 1)).toBe(1);
    // 2: the command could not do its job; 134, 137: killed by a signal (a command that never
    // started is given 2 by the check's runner).
    for (const [diff, validate] of [
      [2, 0],
      [0, 2],
      [134, 0],
      [0, 137],
      [1, 2],
    ]) {
      expect(result(diff!, validate!), `diff ${diff}, validate ${validate}`).toBe(1);
    }
    expect(verdictOf(0, 0, ['data/lieux/lien.csv']).ok).toBe(false);
  });

  it('runs every listing command through the shared wrapper', () => {
    for (const script of ['validate', 'diff', 'import', 'build-data', 'geocode-online']) {
      const source = readFileSync(path.join(ROOT, 'scripts', `${script}.ts`), 'utf8');
      expect(source, script).toMatch(/runCommand\(/);
      expect(source, script).not.toMatch(/process\.exit\(/);
    }
  });
});

describe('git names with -z', () => {
  it('sees every file name git stores: accents, spaces, quotes, line breaks', () => {
    const names = [
      '2026-01-01_21790191700019_lieux-de-mediation-numerique_Île-de-France.csv',
      'réseau "les Cigales" d’Occitanie.csv',
      'avec\nretour à la ligne.csv',
      'sous dossier/Saint-Étienne.csv',
    ];
    const { repo, dataDir, git } = gitRepository(Object.fromEntries(names.map((name) => [name, VALID])));
    expect(git('ls-files').split('\n').filter((line) => line.startsWith('"')).length).toBeGreaterThan(0);
    execFileSync('git', ['rm', '-q', '--', names[0]!], { cwd: dataDir });
    writeFiles(dataDir, { [names[1]!]: readFileSync(path.join(FIXTURES, 'liens-hostiles.csv'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n' });

    const run = runScript('diff', ['--base', 'main', '--format', 'json'], { cwd: repo, env: { DATA_DIR: 'data/lieux' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; removed: unknown[] }>; summary: { removed: number } };
    expect(report.files.map((f) => [f.file, f.status, f.removed.length])).toEqual([
      [names[0], 'removed', 3],
      [names[1], 'modified', 1],
    ]);
    expect(report.summary.removed).toBe(4);
    // Unchanged files with unusual names are found in the base too: nothing else is reported.
    const text = runScript('diff', ['--base', 'main'], { cwd: repo, env: { DATA_DIR: 'data/lieux' } });
    expect(text.stdout).toContain(`${names[0]} — fichier supprimé : 0 lieu ajouté, 0 lieu modifié, 3 lieux retirés`);
    expect(text.stdout).not.toContain('avec retour');
    expect(existsSync(path.join(dataDir, names[2]!))).toBe(true);
  });

  it('reads only regular files of the base revision, never a symbolic link stored in git', () => {
    const { repo, dataDir, git } = gitRepository({ 'lieux.csv': VALID });
    mkdirSync(path.join(repo, 'secret'));
    writeFiles(path.join(repo, 'secret'), { 'hors-donnees.csv': VALID });
    execFileSync('ln', ['-s', '../../secret/hors-donnees.csv', path.join(dataDir, 'lien.csv')]);
    git('add', '-A');
    git('commit', '-q', '-m', 'lien');
    execFileSync('rm', [path.join(dataDir, 'lien.csv')]);
    const run = runScript('diff', ['--base', 'main', '--format', 'json'], { cwd: repo, env: { DATA_DIR: 'data/lieux' } });
    expect(run.status).toBe(0);
    // The link is gone from the working tree; the base never counted it as a listing file.
    const report = JSON.parse(run.stdout) as { files: unknown[]; summary: object };
    expect(report.files).toEqual([]);
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
  });
});
