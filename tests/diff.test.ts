import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/pipeline/6-outputs/csv.ts';
import { diffListings, formatDiff } from '../src/contribute/diff.ts';
import type { DiffReport } from '../src/contribute/diff.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { COLUMNS } from '../src/pipeline/schema.ts';
import type { Column } from '../src/pipeline/schema.ts';

const DIFF_SCRIPT = path.resolve(import.meta.dirname, '../scripts/diff.ts');

type Row = Partial<Record<Column, string>>;

function venue(n: number, extra: Row = {}): Row {
  return {
    id: `lieu-${n}`,
    pivot: '21590052700010',
    nom: `Espace numérique ${n}`,
    commune: 'Dijon',
    code_postal: '21000',
    adresse: `${n} rue de la Liberté`,
    latitude: '47.32',
    longitude: '5.04',
    telephone: '+33380000000',
    horaires: 'Mo-Fr 09:00-12:00',
    services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    date_maj: '2024-05-01',
    ...extra,
  };
}

const csv = (rows: Row[]): string => toCsv(COLUMNS, rows.map((row) => COLUMNS.map((c) => row[c] ?? '')), { lineEnding: '\n' });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const snapshot = (files: Record<string, string>) => new Map(Object.entries(files).map(([name, text]) => [name, bytes(text)]));

const baseReseau = Array.from({ length: 10 }, (_, i) => venue(i + 1));
const baseAutre = Array.from({ length: 5 }, (_, i) => venue(i + 1, { nom: `Médiathèque ${i + 1}` }));

/** The change a contributor makes: reformat, edit, add, break, remove. */
function changedReseau(broken: boolean): Row[] {
  const rows = baseReseau.filter((row) => row.id !== 'lieu-4');
  rows[0] = { ...venue(1), telephone: '03 80 00 00 00', services: 'Maîtrise des outils numériques du quotidien|Aide aux démarches administratives' };
  rows[1] = { ...venue(2), horaires: 'Mo-Fr 09:00-17:00', courriels: 'contact@exemple.fr' };
  rows.push(venue(11, { nom: 'Tiers-lieu <b>@equipe</b> | `code`' }));
  rows.push(venue(12, { nom: broken ? '' : 'Point numérique 12' }));
  return rows;
}

describe('diffListings', () => {
  const report = diffListings(
    snapshot({ 'reseau.csv': csv(baseReseau), 'autre.csv': csv(baseAutre) }),
    snapshot({ 'reseau.csv': csv(changedReseau(true)), 'autre.csv': csv(baseAutre.slice(0, 2)), 'nouveau.csv': csv([venue(1)]) }),
  );
  const reseau = report.files.find((f) => f.file === 'reseau.csv');

  it('reports added, changed (field by field, on normalized values) and removed venues', () => {
    expect(reseau?.status).toBe('modified');
    expect(reseau?.added.map((v) => [v.id, v.line])).toEqual([
      ['lieu-11', 11],
      ['lieu-12', 12],
    ]);
    expect(reseau?.removed.map((v) => [v.id, v.line])).toEqual([['lieu-4', 5]]);
    // Row 1 only changed spelling (national phone, list order): not a change.
    expect(reseau?.changed).toEqual([
      {
        id: 'lieu-2',
        nom: 'Espace numérique 2',
        line: 3,
        baseLine: 3,
        changes: [
          { column: 'courriels', before: '', after: 'contact@exemple.fr' },
          { column: 'horaires', before: 'Mo-Fr 09:00-12:00', after: 'Mo-Fr 09:00-17:00' },
        ],
      },
    ]);
  });

  it('shows a value the validator drops as a change, with its warning', () => {
    const typo = diffListings(
      snapshot({ 'reseau.csv': csv(baseReseau) }),
      snapshot({ 'reseau.csv': csv([venue(1, { courriels: 'contact(at)exemple.fr' }), ...baseReseau.slice(1)]) }),
    );
    expect(typo.files[0]?.changed[0]?.changes).toEqual([{ column: 'courriels', before: '', after: 'contact(at)exemple.fr' }]);
    expect(typo.files[0]?.problems.map((p) => [p.line, p.column, p.severity])).toEqual([[2, 'courriels', 'warning']]);
  });

  it('reports the problems of added and changed rows only', () => {
    const errors = reseau?.problems.filter((p) => p.severity === 'error') ?? [];
    expect(errors.map((p) => [p.line, p.column, p.code])).toEqual([[12, 'nom', 'nom-manquant']]);
    expect(reseau?.problems.every((p) => p.line === 11 || p.line === 12 || p.line <= 1)).toBe(true);
    expect(report.summary.errors).toBe(1);
  });

  it('flags the removal of more than the allowed share of a file', () => {
    const autre = report.files.find((f) => f.file === 'autre.csv');
    expect(autre?.removedShare).toBeCloseTo(0.6);
    expect(autre?.massRemoval).toBe(true);
    expect(reseau?.massRemoval).toBe(false);
    const lenient = diffListings(snapshot({ 'autre.csv': csv(baseAutre) }), snapshot({ 'autre.csv': csv(baseAutre.slice(0, 2)) }), 0.7);
    expect(lenient.files[0]?.massRemoval).toBe(false);
  });

  it('reports new and deleted files and ignores a file re-saved with the same content', () => {
    expect(report.files.find((f) => f.file === 'nouveau.csv')?.status).toBe('added');
    const resaved = csv(baseReseau).replace(/\n/g, '\r\n').replace(/\+33380000000/g, '03 80 00 00 00');
    const same = diffListings(snapshot({ 'reseau.csv': csv(baseReseau) }), snapshot({ 'reseau.csv': resaved }));
    expect(same.summary).toMatchObject({ added: 0, removed: 0, changed: 0, errors: 0 });
    const deleted = diffListings(snapshot({ 'autre.csv': csv(baseAutre) }), snapshot({}));
    expect(deleted.files[0]).toMatchObject({ status: 'removed', massRemoval: true });
    expect(deleted.files[0]?.removed).toHaveLength(5);
  });

  it('recognizes a renamed file by its ids and compares it with its old version', () => {
    const renamed = diffListings(
      snapshot({ '2024-01-02_123_lieux.csv': csv(baseReseau), 'autre.csv': csv(baseAutre) }),
      snapshot({ '2025-03-04_123_lieux.csv': csv(changedReseau(false)), 'autre.csv': csv(baseAutre) }),
    );
    expect(renamed.files).toHaveLength(1);
    expect(renamed.files[0]).toMatchObject({ file: '2025-03-04_123_lieux.csv', previousFile: '2024-01-02_123_lieux.csv', status: 'renamed' });
    expect(renamed.summary).toMatchObject({ added: 2, changed: 1, removed: 1 });
    expect(formatDiff(renamed, 'text')).toContain('fichier renommé (ancien nom : 2024-01-02_123_lieux.csv) : 2 lieux ajoutés');
    // A new file sharing no id with a deleted one is a new file.
    const replaced = diffListings(snapshot({ 'a.csv': csv(baseAutre) }), snapshot({ 'b.csv': csv([venue(99)]) }));
    expect(replaced.files.map((f) => [f.file, f.status])).toEqual([
      ['a.csv', 'removed'],
      ['b.csv', 'added'],
    ]);
  });

  it("reads phones with the venue's postal code, as the published data does", () => {
    // 06 39 98 … sits in Mayotte's mobile block: +262 in Mayotte, but +33 for a venue in Dijon,
    // which is what the site publishes. The report once showed +262 here.
    const edited = diffListings(
      snapshot({ 'reseau.csv': csv(baseReseau) }),
      snapshot({ 'reseau.csv': csv([{ ...venue(1), telephone: '06 39 98 12 34' }, ...baseReseau.slice(1)]) }),
    );
    const change = edited.files[0]!.changed[0]!.changes.find((c) => c.column === 'telephone');
    expect(change).toEqual({ column: 'telephone', before: '+33380000000', after: '+33639981234' });
  });

  it('writes markdown where data cannot break the table, mention anyone or inject HTML', () => {
    const markdown = formatDiff(report, 'markdown');
    const line = markdown.split('\n').find((l) => l.includes('lieu-11')) ?? '';
    expect(line).toContain('Tiers-lieu &lt;b&gt;@&#8203;equipe&lt;/b&gt; \\| \\`code\\`');
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toMatch(/@equipe/);
    expect(markdown).toContain('| ❌ erreur | ligne 12 | nom |');
    expect(markdown).toMatch(/60 % des lieux de ce fichier \(3 sur 5\) sont retirés/);
  });
});

describe('a consolidated file of several sources', () => {
  it('matches rows by source and id: two sources may use one id, and reordering changes nothing', () => {
    const a = venue(1, { source: 'Réseau A' });
    const b = venue(2, { id: 'lieu-1', source: 'Réseau B' });
    const report = diffListings(snapshot({ 'consolide.csv': csv([a, b]) }), snapshot({ 'consolide.csv': csv([b, { ...a, horaires: 'Mo 09:00-12:00' }]) }));
    const [file] = report.files;
    expect(file?.added).toEqual([]);
    expect(file?.removed).toEqual([]);
    expect(file?.changed.map((v) => [v.line, v.baseLine, v.changes.map((c) => c.column)])).toEqual([[3, 2, ['horaires']]]);
  });
});

describe('a row that merges into the venue of another producer', () => {
  const library = (extra: Row): Row =>
    venue(1, { nom: 'Médiathèque Champollion', adresse: '14 rue Camille Claudel', latitude: '47.3369', longitude: '5.0612', telephone: '+33380488414', ...extra });
  const base = snapshot({ 'reseau-dijon.csv': csv([library({ source: 'Réseau Dijon', courriels: 'mediatheque@exemple.fr' })]) });
  const head = snapshot({
    'reseau-dijon.csv': csv([library({ source: 'Réseau Dijon', courriels: 'mediatheque@exemple.fr' })]),
    'nouveau.csv': csv([library({ id: 'x-1', source: 'Nouveau producteur', nom: 'MEDIATHEQUE CHAMPOLLION', telephone: '+33380999999', date_maj: '2026-11-01' })]),
  });

  it('is reported as changing that venue, not as an addition', () => {
    const report = diffListings(base, head, undefined, [], { reference: loadReferenceData(), buildDate: new Date('2026-12-01T12:00:00Z') });
    const file = report.files.find((f) => f.file === 'nouveau.csv')!;
    expect(file.added).toEqual([]);
    expect(file.takeovers).toEqual([
      {
        id: 'x-1',
        nom: 'MEDIATHEQUE CHAMPOLLION',
        line: 2,
        venue: 'Médiathèque Champollion',
        publisher: 'Réseau Dijon',
        changes: [{ column: 'telephone', before: '+33380488414', after: '+33380999999' }],
      },
    ]);
    expect(report.summary).toMatchObject({ added: 0, takeovers: 1 });
    const text = formatDiff(report, 'text');
    expect(text).toContain('modifie le lieu « Médiathèque Champollion » publié par « Réseau Dijon »');
    expect(text).toContain('telephone : « +33380488414 » → « +33380999999 »');
    expect(formatDiff(report, 'markdown')).toContain("#### Lieux d'autres producteurs modifiés");
  });

  it('cannot win with a date in the future: no takeover, and a warning on the row', () => {
    const future = snapshot({
      'reseau-dijon.csv': csv([library({ source: 'Réseau Dijon', courriels: 'mediatheque@exemple.fr' })]),
      'nouveau.csv': csv([library({ id: 'x-1', source: 'Nouveau producteur', nom: 'MEDIATHEQUE CHAMPOLLION', telephone: '+33380999999', date_maj: '2099-12-31' })]),
    });
    const report = diffListings(base, future, undefined, [], { reference: loadReferenceData(), buildDate: new Date('2026-12-01T12:00:00Z') });
    const file = report.files.find((f) => f.file === 'nouveau.csv')!;
    expect(file.takeovers).toEqual([]);
    expect(file.problems.find((p) => p.code === 'date-maj-future')).toMatchObject({ line: 2, column: 'date_maj', value: '2099-12-31' });
  });

  it('is an addition when it leaves the contact details of the other venue as they were', () => {
    const older = snapshot({
      'reseau-dijon.csv': csv([library({ source: 'Réseau Dijon' })]),
      'nouveau.csv': csv([library({ id: 'x-1', source: 'Nouveau producteur', date_maj: '2020-01-01', telephone: '' })]),
    });
    const report = diffListings(snapshot({ 'reseau-dijon.csv': csv([library({ source: 'Réseau Dijon' })]) }), older, undefined, [], { reference: loadReferenceData() });
    expect(report.summary).toMatchObject({ added: 1, takeovers: 0 });
  });
});

describe('corrections', () => {
  const columns = ['source', 'id', 'date_maj', 'telephone', 'horaires'];
  const correction = (rows: Row[]): string => toCsv(columns, rows.map((row) => columns.map((c) => row[c as Column] ?? '')), { lineEnding: '\n' });
  const listings = snapshot({ 'reseau.csv': csv(baseReseau.map((row) => ({ ...row, source: 'Réseau' }))) });
  const phone = { source: 'Réseau', id: 'lieu-3', date_maj: '2026-11-20', telephone: '03 80 11 22 33', horaires: 'Mo-Fr 09:00-12:00' };

  it('show the venue a new correction changes, its corrected fields and date_maj, as published', () => {
    const report = diffListings(listings, listings, undefined, [], { reference: loadReferenceData(), buildDate: new Date('2026-12-01T12:00:00Z') }, { base: new Map(), head: snapshot({ 'c.csv': correction([phone]) }) });
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1, errors: 0 });
    expect(report.files.map((f) => f.file)).toEqual(['reseau.csv']);
    // The hours were already those of the source: only the phone is corrected.
    expect(report.files[0]!.changed).toEqual([
      {
        id: 'lieu-3',
        nom: 'Espace numérique 3',
        line: 4,
        baseLine: 4,
        changes: [
          { column: 'telephone', before: '+33380000000', after: '+33380112233' },
          { column: 'date_maj', before: '2024-05-01', after: '2026-11-20' },
        ],
      },
    ]);
  });

  it('follow the source: a producer changing a corrected field after the correction is shown against the corrected value', () => {
    const corrections = snapshot({ 'c.csv': correction([phone]) });
    const updated = snapshot({ 'reseau.csv': csv(baseReseau.map((row) => ({ ...row, source: 'Réseau', ...(row.id === 'lieu-3' ? { telephone: '+33380999999', date_maj: '2026-11-25' } : {}) }))) });
    const report = diffListings(listings, updated, undefined, [], undefined, { base: corrections, head: corrections });
    expect(report.files[0]!.changed[0]!.changes).toEqual([
      { column: 'telephone', before: '+33380112233', after: '+33380999999' },
      { column: 'date_maj', before: '2026-11-20', after: '2026-11-25' },
    ]);
  });

  it('change nothing when they are the same in both versions', () => {
    const corrections = snapshot({ 'c.csv': correction([phone]) });
    expect(diffListings(listings, listings, undefined, [], undefined, { base: corrections, head: corrections }).files).toEqual([]);
  });
});

describe('npm run diff in a git repository', () => {
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const write = (name: string, rows: Row[]) => writeFileSync(path.join(repo, 'data/lieux', name), csv(rows));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [DIFF_SCRIPT, ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: 'data/lieux' },
    });

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'diff-lieux-'));
    mkdirSync(path.join(repo, 'data/lieux/reseaux'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@exemple.fr');
    git('config', 'user.name', 'Test');
    write('reseau.csv', baseReseau);
    write('reseaux/autre.csv', baseAutre);
    writeFileSync(path.join(repo, 'LISEZMOI.txt'), 'hors des données');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('fails with the line and column of a broken added row, and lists the change', () => {
    write('reseau.csv', changedReseau(true));
    write('reseaux/autre.csv', baseAutre.slice(0, 2));
    const { status, stdout, stderr } = run('--base', 'main');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toContain('reseau.csv — fichier modifié : 2 lieux ajoutés, 1 lieu modifié, 1 lieu retiré');
    expect(stdout).toMatch(/ERREUR \(ligne 12, colonne nom\) : Le lieu n'a pas de nom/);
    expect(stdout).toContain('      horaires : « Mo-Fr 09:00-12:00 » → « Mo-Fr 09:00-17:00 »');
    expect(stdout).toContain("  - « Espace numérique 4 » (id lieu-4), ligne 5 de l'ancienne version");
    expect(stdout).toContain('reseaux/autre.csv — fichier modifié');
    expect(stdout).toMatch(/Attention : 60 % des lieux de ce fichier \(3 sur 5\) sont retirés, au-delà du seuil de 20 %/);
  });

  it('passes once the row is fixed, in every format', () => {
    write('reseau.csv', changedReseau(false));
    const text = run('--base', 'main');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Aucune erreur dans les lignes ajoutées ou modifiées.');
    const json = run('--base', 'main', '--format', 'json', '--max-removed-share', '0.7');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as DiffReport;
    expect(report.summary).toMatchObject({ added: 2, changed: 1, removed: 4, errors: 0, massRemovals: 0 });
    const markdown = run('--base', 'main', '--format', 'markdown');
    expect(markdown.stdout.startsWith('## Changements des fichiers de lieux')).toBe(true);
  });

  it('shows the venue a new correction file changes', () => {
    write('reseau.csv', baseReseau);
    write('reseaux/autre.csv', baseAutre);
    mkdirSync(path.join(repo, 'data/corrections'), { recursive: true });
    writeFileSync(path.join(repo, 'data/corrections/2026-11-20_lieu-2.csv'), `source,id,date_maj,horaires\nreseau.csv,lieu-2,2026-11-20,Mo-Fr 09:00-18:00\n`);
    const json = spawnSync(process.execPath, [DIFF_SCRIPT, '--base', 'main', '--format', 'json'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: 'data/lieux', CORRECTIONS_DIR: 'data/corrections' },
    });
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as DiffReport;
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(report.files[0]!.changed[0]!.changes.map((c) => [c.column, c.after])).toEqual([
      ['horaires', 'Mo-Fr 09:00-18:00'],
      ['date_maj', '2026-11-20'],
    ]);
    rmSync(path.join(repo, 'data/corrections'), { recursive: true });
  });

  it('explains an unknown revision (exit 2)', () => {
    const { status, stderr } = run('--base', 'origin/inexistante');
    expect(status).toBe(2);
    expect(stderr).toContain('Révision git « origin/inexistante » introuvable');
  });
});
