/**
 * Hostile listing files, each through the commands that read it (validate, diff, import, build):
 * the exit code, the French message with its file, line and column, and the counts. The files
 * are small synthetic ones in tests/fixtures/; links, devices and oversized files are made in a
 * temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../src/contribute/diff.ts';
import { deduplicate, venueSlug } from '../src/pipeline/4-deduplicate/deduplicate.ts';
import type { DedupEntry } from '../src/pipeline/4-deduplicate/features.ts';
import { venuesToCsv } from '../src/pipeline/6-outputs/exports.ts';
import { MAX_FIELDS, MAX_FILE_BYTES } from '../src/pipeline/1-parse/parse.ts';
import { emptyRecord } from '../src/pipeline/schema.ts';
import type { Problem, Report, Venue } from '../src/pipeline/types.ts';
import { FIXTURES, gitRepository, removeTemporaryDirs, runScript, STACK_LINE, temporaryDir, writeFiles } from './cli-harness.ts';

afterAll(removeTemporaryDirs);

const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

/** A listings folder holding copies of fixture files (the files of a fixture folder, for a name ending in `/`). */
function folderOf(...names: string[]): string {
  const dir = temporaryDir('lieux');
  for (const name of names) {
    const source = path.join(FIXTURES, name);
    const files = name.endsWith('/') ? readdirNames(source).map((file) => path.join(source, file)) : [source];
    for (const file of files) copyFileSync(file, path.join(dir, path.basename(file)));
  }
  return dir;
}
const readdirNames = (dir: string): string[] => execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').filter(Boolean);

function validate(dir: string, format: 'json' | 'text' | 'markdown' = 'json') {
  const run = runScript('validate', ['--format', format], { env: { DATA_DIR: dir } });
  return { ...run, report: format === 'json' && run.stdout !== '' ? (JSON.parse(run.stdout) as Report) : undefined };
}

function build(dir: string) {
  const out = temporaryDir('pipeline');
  const run = runScript('build-data', ['--output', out], { env: { DATA_DIR: dir } });
  const read = <T>(name: string): T | undefined => {
    try {
      return JSON.parse(readFileSync(path.join(out, name), 'utf8')) as T;
    } catch {
      return undefined;
    }
  };
  return { ...run, out, venues: read<Venue[]>('venues.json'), report: read<Report>('report.json') };
}

/** `npm run diff` on a repository whose base holds one valid file, after `change` edits the working tree. */
function diffAfter(change: (dataDir: string) => void, format: 'json' | 'markdown' | 'text' = 'json') {
  const { repo, dataDir } = gitRepository({ 'existant.csv': fixture('liens-hostiles.csv') });
  change(dataDir);
  const run = runScript('diff', ['--base', 'main', '--format', format], { cwd: repo, env: { DATA_DIR: 'data/lieux' } });
  return { ...run, report: format === 'json' && run.stdout !== '' ? (JSON.parse(run.stdout) as DiffReport) : undefined };
}

const codes = (problems: readonly Problem[]) => problems.map((p) => `${p.file}:${p.line}:${p.column}:${p.code}`);

describe('page addresses never collide, and stay put', () => {
  it('two venues whose ids hash alike get two addresses, the first one unchanged (validate, build)', () => {
    const dir = folderOf('adresses-en-collision/');
    const file = '2026-01-01_21790191700019_lieux-de-mediation-numerique_Niort.csv';
    const built = build(dir);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.report?.summary).toMatchObject({ rows: 2, published: 2, merged: 0, rejected: 0, errors: 0 });
    const slugs = built.venues!.map((venue) => venue.slug);
    const plain = venueSlug({ file, line: 2, record: built.venues![0]!.record });
    // The ids were chosen for their 32-bit hashes to collide: same name, same commune, same plain address.
    expect(venueSlug({ file, line: 3, record: built.venues![1]!.record })).toBe(plain);
    expect(slugs[0]).toBe(plain);
    expect(slugs[1]).toMatch(new RegExp(`^${plain}-[0-9a-z]{7}$`));
    expect(validate(dir).status).toBe(0);
  });

  it('gives the same addresses whatever the order of the input', () => {
    const file = '2026-01-01_21790191700019_lieux-de-mediation-numerique_Niort.csv';
    const entry = (id: string, line: number, lat: number): DedupEntry => ({
      row: { file, line, record: { ...emptyRecord(), id, nom: 'Médiathèque Pierre-Moinot', commune: 'Niort', date_maj: '2024-05-02' } },
      geo: { precision: 'adresse', method: 'coordonnees', lat, lon: -0.46, codeInsee: '79191' },
    });
    const first = entry('lieu-555455', 2, 46.32);
    const second = entry('lieu-1115210', 3, 46.3);
    const forward = deduplicate([first, second]).venues.map((v) => [v.record.id, v.slug]);
    const backward = deduplicate([second, first]).venues.map((v) => [v.record.id, v.slug]);
    expect(backward).toEqual(forward);
    expect(new Set(forward.map(([, slug]) => slug)).size).toBe(2);
    // The venue first in file order keeps the plain address.
    expect(forward[0]).toEqual(['lieu-555455', venueSlug(first.row)]);
  });

  it('a newer dated export next to the old one never fails the build nor moves the old page (validate, diff, build)', () => {
    const dir = folderOf('export-plus-recent/');
    const built = build(dir);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const slugs = built.venues!.map((venue) => venue.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    // The same source and id in a newer file is an update of that venue (ownership.ts): the newer
    // row replaces the older one, and the page keeps the address the older file gave it.
    const { published, merged, replaced } = built.report!.summary;
    expect(published + merged + replaced).toBe(2);
    const older = readdirNames(dir)[0]!;
    for (const venue of built.venues!) {
      if (venue.record.id === built.venues![0]!.record.id) expect(venue.slug).toBe(venueSlug({ file: older, line: 2, record: venue.record }));
    }
    expect(validate(dir).status).toBe(0);
    const diff = diffAfter((dataDir) => {
      for (const name of readdirNames(dir)) copyFileSync(path.join(dir, name), path.join(dataDir, name));
    });
    expect(diff.status).toBe(0);
    expect(diff.report?.summary).toMatchObject({ added: 2, errors: 0 });
  });
});

describe('symbolic links and special files under DATA_DIR: reported, skipped, never followed', () => {
  const dir = temporaryDir('lieux-liens');
  const outside = writeFiles(temporaryDir('hors-depot'), { 'secret.csv': fixture('liens-hostiles.csv') });
  writeFiles(dir, { 'lieux.csv': fixture('liens-hostiles.csv'), 'reseau.csv/dedans.csv': fixture('liens-hostiles.csv') });
  symlinkSync(path.join(outside, 'secret.csv'), path.join(dir, 'lien-fichier.csv'));
  symlinkSync('/proc/self/environ', path.join(dir, 'environnement.csv'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.csv'));
  symlinkSync(outside, path.join(dir, 'dossier-lie'));
  symlinkSync('boucle', path.join(dir, 'boucle'));
  symlinkSync('.', path.join(dir, 'reseau.csv/ici'));
  execFileSync('mkfifo', [path.join(dir, 'tube.csv')]);
  const refused = [
    'boucle:0::lien-symbolique',
    'dossier-lie:0::lien-symbolique',
    'environnement.csv:0::lien-symbolique',
    'lien-fichier.csv:0::lien-symbolique',
    'reseau.csv/ici:0::lien-symbolique',
    'tube.csv:0::fichier-special',
    'zero.csv:0::lien-symbolique',
  ];

  it('validate lists each of them as an error and reads the real files only (exit 1)', () => {
    const run = validate(dir);
    expect(run.status).toBe(1);
    const report = run.report!;
    expect(codes(report.problems.filter((p) => p.severity === 'error'))).toEqual(refused);
    expect(report.problems.find((p) => p.file === 'environnement.csv')?.message).toMatch(/^C'est un lien symbolique : il n'a été ni suivi ni lu/);
    expect(report.files.map((f) => f.file)).toEqual(['lieux.csv', 'reseau.csv/dedans.csv']);
    expect(report.summary).toMatchObject({ rows: 6, published: 3, merged: 3, errors: 7 });
    const text = validate(dir, 'text').stdout;
    expect(text).toContain('Fichier tube.csv\n Erreurs (lignes non publiées) :\n  - Fichier : Ce n\'est pas un fichier ordinaire');
  });

  it('build publishes the real files, and nothing of what the links point to', () => {
    const built = build(dir);
    expect(built.status).toBe(0);
    expect(built.venues).toHaveLength(3);
    const published = readFileSync(path.join(built.out, 'report.json'), 'utf8');
    expect(published).not.toMatch(/PATH=|HOME=/);
    expect(built.report!.problems.filter((p) => p.severity === 'error')).toHaveLength(7);
  });

  it('diff fails a pull request that adds a link (exit 1)', () => {
    const diff = diffAfter((dataDir) => symlinkSync('/proc/self/environ', path.join(dataDir, 'ajout.csv')));
    expect(diff.status).toBe(1);
    expect(diff.report!.files.map((f) => [f.file, f.status, codes(f.problems)])).toEqual([['ajout.csv', 'added', ['ajout.csv:0::lien-symbolique']]]);
  });
});

describe('size limits', () => {
  it('a file over 50 MB is refused without being read (validate, diff, build)', () => {
    const dir = folderOf('liens-hostiles.csv');
    const big = path.join(dir, 'enorme.csv');
    writeFileSync(big, '');
    truncateSync(big, MAX_FILE_BYTES + 1);
    const run = validate(dir);
    expect(run.status).toBe(1);
    expect(codes(run.report!.problems.filter((p) => p.severity === 'error'))).toEqual(['enorme.csv:0::fichier-trop-volumineux']);
    expect(run.report!.problems.find((p) => p.code === 'fichier-trop-volumineux')?.message).toMatch(
      /^Le fichier fait 50 Mo, au-delà de la limite de 50 Mo par fichier : il n'a pas été lu\. Découpez-le/,
    );
    const built = build(dir);
    expect(built.status).toBe(0);
    expect(built.venues).toHaveLength(3);
    const diff = diffAfter((dataDir) => {
      writeFileSync(path.join(dataDir, 'enorme.csv'), '');
      truncateSync(path.join(dataDir, 'enorme.csv'), MAX_FILE_BYTES + 1);
    });
    expect(diff.status).toBe(1);
    expect(codes(diff.report!.files[0]!.problems)).toEqual(['enorme.csv:0::fichier-trop-volumineux']);
  });

  it('a row over the field limit is rejected with its line, the others are read (validate, import)', () => {
    const run = validate(folderOf('trop-de-champs.csv'));
    expect(run.status).toBe(1);
    const problem = run.report!.problems.find((p) => p.severity === 'error');
    expect(problem).toMatchObject({ file: 'trop-de-champs.csv', line: 3, code: 'trop-de-champs', value: '282' });
    expect(problem?.message).toBe(
      `La ligne a 282 champs, au-delà des ${MAX_FIELDS} lus au plus (l'en-tête a 32 colonnes) : elle n'a pas été lue. Vérifiez les séparateurs (virgule) de cette ligne.`,
    );
    expect(run.report!.summary).toMatchObject({ rows: 3, published: 2, rejected: 1, errors: 1 });
    expect(run.report!.rejected).toEqual([{ file: 'trop-de-champs.csv', line: 3, id: '' }]);
  });

  it('a header over the field limit: the file is not read, in import too', () => {
    const header = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `colonne${i}`).join(',');
    const dir = writeFiles(temporaryDir('colonnes'), { 'colonnes.csv': `${header}\n${'x,'.repeat(MAX_FIELDS)}x\n` });
    const run = validate(dir);
    expect(run.status).toBe(1);
    expect(codes(run.report!.problems)).toEqual(['colonnes.csv:1::trop-de-colonnes']);
    const imported = runScript('import', ['--mapping', path.join(FIXTURES, 'import-sample.json'), path.join(dir, 'colonnes.csv')]);
    expect(imported.stderr).toMatch(/L'en-tête du fichier a 201 colonnes, au-delà des 200 lues au plus/);
    expect(imported.stderr).not.toMatch(STACK_LINE);
    expect(imported.status).toBe(2);
  });

  it('free text is cut with a warning, structured values over their limit are dropped with a warning naming the cell', () => {
    const header = readFileSync(path.join(FIXTURES, 'liens-hostiles.csv'), 'utf8').split('\n')[0]!;
    const columns = header.split(',');
    const row = (cells: Record<string, string>) =>
      columns.map((c) => ({ pivot: '21790191700019', commune: 'Niort', code_postal: '79000', adresse: '1 rue du Musée', date_maj: '2024-05-02', ...cells })[c] ?? '').join(',');
    const dir = writeFiles(temporaryDir('limites'), {
      'limites.csv': [
        header,
        row({ id: 'lieu-1', nom: `Médiathèque ${'très '.repeat(60)}grande` }),
        row({ id: 'lieu-2', nom: 'Espace', site_web: `https://mairie.fr/${'a'.repeat(4_100)}`, telephone: '0'.repeat(60) }),
        row({ id: 'x'.repeat(101), nom: 'Centre social' }),
      ].join('\n'),
    });
    const run = validate(dir);
    expect(run.status).toBe(1);
    expect(codes(run.report!.problems)).toEqual([
      'limites.csv:2:nom:texte-trop-long',
      'limites.csv:3:site_web:valeur-trop-longue',
      'limites.csv:3:telephone:valeur-trop-longue',
      'limites.csv:4:id:id-manquant',
      'limites.csv:4:id:valeur-trop-longue',
    ]);
    const messages = run.report!.problems.map((p) => p.message);
    expect(messages[0]).toBe('Le champ nom du lieu fait 318 caractères pour 250 au plus : il a été coupé. Raccourcissez-le.');
    expect(messages[1]).toMatch(/^La valeur de la colonne site_web \(site web\) fait 4\u202f11\d caractères, au-delà des 4\u202f000 permis : elle a été ignorée/);
    expect(run.report!.summary).toMatchObject({ rows: 3, published: 2, rejected: 1 });
    const built = build(dir);
    const cut = built.venues!.find((v) => v.record.id === 'lieu-1')!.record.nom;
    expect(cut.length).toBeLessThanOrEqual(250);
    expect(cut).toMatch(/^Médiathèque très .*très…$/);
    expect(built.venues!.find((v) => v.record.id === 'lieu-2')!.record).toMatchObject({ site_web: [], telephone: '' });
  });
});

describe('a quoted value that swallows further rows', () => {
  it('is reported with its lines; the summary counts physical lines and records (validate, diff, build)', () => {
    const dir = folderOf('lignes-avalees.csv');
    const run = validate(dir);
    expect(run.status).toBe(1);
    const report = run.report!;
    expect(codes(report.problems.filter((p) => p.severity === 'error'))).toEqual(['lignes-avalees.csv:3:presentation_detail:lignes-avalees']);
    expect(report.problems[0]!.message).toMatch(
      /^La valeur de la colonne presentation_detail commence ligne 3 et ne se termine que ligne 5 : elle contient 2 lignes qui ressemblent à d'autres lieux/,
    );
    // Five venues were written; the file has 6 lines but only 3 records.
    expect(report.files[0]).toMatchObject({ rows: 3, lines: 6 });
    expect(report.summary).toMatchObject({ lines: 6, rows: 3, published: 2, rejected: 1 });
    expect(report.rejected).toEqual([{ file: 'lignes-avalees.csv', line: 3, id: 'lieu-2' }]);
    const text = validate(dir, 'text').stdout;
    expect(text).toContain('Fichiers lus : 1, 6 lignes physiques');
    expect(text).toContain('Lignes lues : 3 = 2 publiées + 0 fusionnée avec un lieu d\'une autre source + 0 remplacée par une version plus récente de la même source + 1 rejetée');
    expect(text).toContain('Fichier lignes-avalees.csv (3 lignes sur 6 lignes physiques,');

    const diff = diffAfter((dataDir) => copyFileSync(path.join(dir, 'lignes-avalees.csv'), path.join(dataDir, 'lignes-avalees.csv')));
    expect(diff.status).toBe(1);
    expect(codes(diff.report!.files[0]!.problems.filter((p) => p.severity === 'error'))).toEqual([
      'lignes-avalees.csv:3:presentation_detail:lignes-avalees',
    ]);
    const built = build(dir);
    expect(built.status).toBe(0);
    expect(built.venues!.map((v) => v.record.id)).toEqual(['lieu-1', 'lieu-5']);
  });

  it('a quote never closed names the lines it took (validate)', () => {
    const lines = readFileSync(path.join(FIXTURES, 'lignes-avalees.csv'), 'utf8').split('\n');
    const dir = writeFiles(temporaryDir('guillemet'), { 'guillemet.csv': [...lines.slice(0, 4), lines[5], ''].join('\n') });
    const problem = validate(dir).report!.problems.find((p) => p.severity === 'error');
    expect(problem).toMatchObject({ line: 3, code: 'ligne-illisible' });
    expect(problem!.message).toMatch(/^Ligne illisible \(lignes 3 à 5\) : un guillemet n'est pas refermé/);
  });
});

describe('encodings', () => {
  it('a few invalid bytes in a UTF-8 file are reported by line and column, the rest read as UTF-8 (validate, diff, build)', () => {
    const dir = folderOf('octet-invalide.csv');
    const run = validate(dir);
    expect(run.status).toBe(0);
    const report = run.report!;
    expect(report.files[0]).toMatchObject({ encoding: 'utf-8', rows: 3 });
    expect(codes(report.problems)).toEqual(['octet-invalide.csv:3:nom:octets-invalides']);
    expect(report.problems[0]).toMatchObject({ value: 'Espace num\uFFFDrique', severity: 'warning' });
    const built = build(dir);
    // Accents elsewhere are intact: the services of every row are recognized.
    expect(built.venues!.map((v) => [v.record.adresse, v.record.services])).toEqual([
      ['1 rue du Musée', ['Aide aux démarches administratives']],
      ['3 place de la Brèche', ['Aide aux démarches administratives']],
      ['5 rue Basse', ['Aide aux démarches administratives']],
    ]);
    const diff = diffAfter((dataDir) => copyFileSync(path.join(dir, 'octet-invalide.csv'), path.join(dataDir, 'nouveau.csv')));
    expect(diff.status).toBe(0);
    expect(codes(diff.report!.files[0]!.problems)).toEqual(['nouveau.csv:3:nom:octets-invalides']);
  });

  it('UTF-16 with a byte order mark is read (validate, build, import)', () => {
    const dir = folderOf('utf16-bom.csv');
    const run = validate(dir);
    expect(run.status).toBe(0);
    expect(run.report!.files[0]).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: '\t', rows: 2 });
    expect(codes(run.report!.problems)).toEqual(['utf16-bom.csv:0::encodage', 'utf16-bom.csv:0::separateur']);
    expect(validate(dir, 'text').stdout).toContain('encodage UTF-16 (petit-boutiste) avec BOM');
    expect(build(dir).venues!.map((v) => v.record.nom)).toEqual(['Médiathèque Pierre-Moinot', 'Espace numérique Île-de-Ré']);
    const legacy = readFileSync(path.join(FIXTURES, 'import-legacy-v01.csv'), 'utf8');
    const utf16 = writeFiles(temporaryDir('import-utf16'), { 'ancien.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(legacy, 'utf16le')]) });
    const imported = runScript('import', [path.join(utf16, 'ancien.csv')]);
    const reference = runScript('import', [path.join(FIXTURES, 'import-legacy-v01.csv')]);
    expect(imported.status).toBe(reference.status);
    expect(imported.stdout).toBe(reference.stdout);
  });
});

describe('the JSON report lists every problem and every rejected line', () => {
  it('45 rejected rows: all in JSON (validate, build), grouped in text and Markdown', () => {
    const dir = folderOf('quarante-cinq-sans-nom.csv');
    const run = validate(dir);
    expect(run.status).toBe(1);
    const lines = Array.from({ length: 45 }, (_, i) => i + 2);
    expect(run.report!.rejected.map((r) => r.line)).toEqual(lines);
    expect(run.report!.problems.filter((p) => p.code === 'nom-manquant').map((p) => p.line)).toEqual(lines);
    expect(run.report!.summary).toMatchObject({ rows: 46, published: 1, rejected: 45, errors: 45 });
    expect(validate(dir, 'text').stdout).toMatch(/Lignes 2, 3, 4, .*, 21… \(45 lignes en tout\), colonne nom : Le lieu n'a pas de nom/);
    const published = build(dir).report!;
    expect(published.rejected).toHaveLength(45);
    expect(published.problems).toHaveLength(45);
  });
});

describe('long values are clipped where a report is shown', () => {
  const long = `https://mairie.fr/${'page-'.repeat(180_000)}`;

  it('diff keeps a 900 KB value from flooding the pull-request summary', () => {
    const diff = diffAfter((dataDir) => {
      const lines = readFileSync(path.join(dataDir, 'existant.csv'), 'utf8').split('\n');
      lines[1] = lines[1]!.replace('https://www.service-public.fr@evil.example/demarches', long);
      writeFileSync(path.join(dataDir, 'existant.csv'), lines.join('\n'));
    }, 'markdown');
    expect(diff.status).toBe(0);
    expect(diff.stdout.length).toBeLessThan(10_000);
    expect(diff.stdout).toMatch(/\| 2 \| « Médiathèque Pierre-Moinot » \(id lieu-1\) \| site\\_web \| « https:\/\/www\.service-public[^|]* » \| « https:\/\/mairie\.fr\/page-page-[a-z-]*… » \|/);
    expect(diff.stdout).toMatch(/⚠️ avertissement \| ligne 2 \| site\\_web \| « https:\/\/mairie\.fr\/page-[a-z-]*… » \| La valeur de la colonne site\\_web/);
  });

  it('the published /donnees/rapport.json cuts values and shows control characters inert (build)', () => {
    const header = readFileSync(path.join(FIXTURES, 'liens-hostiles.csv'), 'utf8').split('\n').slice(0, 2);
    const dir = writeFiles(temporaryDir('rapport'), { 'lieux.csv': `${header[0]}\n${header[1]!.replace('https://www.service-public.fr@evil.example/demarches', long)}\n` });
    const built = build(dir);
    const problem = built.report!.problems.find((p) => p.code === 'valeur-trop-longue')!;
    expect(problem.value.length).toBe(301);
    expect(readFileSync(path.join(built.out, 'report.json')).length).toBeLessThan(20_000);
  });
});

describe('links and addresses', () => {
  it('drops credentials, header-injecting e-mails and non-Acceslibre pages with warnings, the rows stay published (validate, build)', () => {
    const dir = folderOf('liens-hostiles.csv');
    const run = validate(dir);
    expect(run.status).toBe(0);
    expect(codes(run.report!.problems)).toEqual([
      'liens-hostiles.csv:2:courriels:courriel-invalide',
      'liens-hostiles.csv:2:site_web:url-identifiants',
      'liens-hostiles.csv:3:fiche_acces_libre:url-hors-domaine',
    ]);
    const messages = run.report!.problems.map((p) => p.message);
    expect(messages[1]).toBe(
      "Le lien « https://www.service-public.fr@evil.example/demarches » (site web) contient un nom d'utilisateur ou un mot de passe " +
        "(la partie avant « @ ») : il a été ignoré, car il mène en réalité au site « evil.example ». Indiquez l'adresse du site sans partie « …@ ».",
    );
    expect(messages[2]).toMatch(/^Le lien « https:\/\/evil\.example\/acceslibre\/erp\/mediatheque » \(fiche Acceslibre \(accessibilité\)\) ne mène pas à acceslibre\.beta\.gouv\.fr ni à acceslibre\.gouv\.fr/);
    expect(run.report!.summary).toMatchObject({ rows: 3, published: 3, rejected: 0 });
    const venues = build(dir).venues!;
    expect(venues.map((v) => [v.record.site_web, v.record.courriels, v.record.fiche_acces_libre])).toEqual([
      [[], [], ''],
      [[], [], ''],
      [['https://www.mairie-niort.fr/'], ['contact@mairie-niort.fr'], 'https://acceslibre.beta.gouv.fr/app/79-niort/a/bibliotheque/erp/mediatheque/'],
    ]);
  });

  it('exports write the normalized URLs and e-mails (build → lieux.csv)', () => {
    const csv = venuesToCsv(build(folderOf('liens-hostiles.csv')).venues!);
    expect(csv).toContain(',https://www.mairie-niort.fr/,');
    expect(csv).toContain(',contact@mairie-niort.fr,');
    expect(csv).not.toMatch(/HTTPS:|Mairie-Niort\.FR|evil/);
  });

  it('diff shows the dropped link as a warning on the changed row', () => {
    const diff = diffAfter((dataDir) => {
      const lines = readFileSync(path.join(dataDir, 'existant.csv'), 'utf8').split('\n');
      lines[3] = lines[3]!.replace('HTTPS://WWW.Mairie-Niort.FR', 'https://accueil:secret@mairie-niort.fr/');
      writeFileSync(path.join(dataDir, 'existant.csv'), lines.join('\n'));
    });
    expect(diff.status).toBe(0);
    const file = diff.report!.files[0]!;
    expect(file.changed.map((c) => [c.line, c.changes.map((x) => [x.column, x.before, x.after])])).toEqual([
      [4, [['site_web', 'https://www.mairie-niort.fr/', 'https://accueil:secret@mairie-niort.fr/']]],
    ]);
    expect(codes(file.problems)).toEqual(['existant.csv:4:site_web:url-identifiants']);
  });
});

describe('control characters and bidirectional overrides', () => {
  const ESC = '\u001b';
  const RLO = '\u202e';

  it('are removed from the published text with a warning, and never printed raw (validate, diff, build, import)', () => {
    const dir = folderOf('caracteres-invisibles.csv');
    writeFiles(dir, { [`nom${ESC}[2J.csv`]: fixture('liens-hostiles.csv') });
    const json = validate(dir);
    expect(json.status).toBe(0);
    expect(codes(json.report!.problems)).toEqual([
      'caracteres-invisibles.csv:2:adresse:caracteres-invisibles',
      'caracteres-invisibles.csv:2:nom:caracteres-invisibles',
      ...codes(json.report!.problems).slice(2),
    ]);
    expect(json.report!.problems[1]!.message).toMatch(/^La cellule contient 3 caractères invisibles \(caractère de contrôle, séquence d'échappement/);
    for (const format of ['text', 'markdown', 'json'] as const) {
      const output = validate(dir, format).stdout;
      expect(output, format).not.toContain(ESC);
      expect(output, format).not.toContain(RLO);
    }
    expect(validate(dir, 'text').stdout).toContain('Fichier nom[U+001B][2J.csv');
    expect(json.stdout).toContain('\\u202E');

    const venue = build(dir).venues!.find((v) => v.record.id === 'lieu-1' && v.record.nom.startsWith('Méd'))!;
    expect(venue.record.nom).toBe('Médiathèque Pierre-Moinot');
    expect(venue.record.adresse).toBe('1 rue du eésuM');

    const diff = diffAfter((dataDir) => copyFileSync(path.join(dir, 'caracteres-invisibles.csv'), path.join(dataDir, 'nouveau.csv')), 'text');
    expect(diff.status).toBe(0);
    expect(diff.stdout).not.toContain(ESC);
    expect(diff.stdout).not.toContain(RLO);
    expect(diff.stdout).toContain('+ ligne 2 : « [U+001B][31mMédiathèque');

    const source = writeFiles(temporaryDir('import-controle'), {
      'source.csv':
        'Identifiant;Nom du lieu;Ville;CP;Adresse;Latitude;Longitude;MAJ;Prestations;Type;Lundi;Mardi;Mercredi;Jeudi;Vendredi;Samedi\n' +
        `1;"${ESC}]0;pirate${String.fromCharCode(7)}Médiathèque";Niort;79000;1 rue du Musée;46.32;-0.46;02/05/2024;ADM${ESC}[2J;BIB;9h-12h${RLO};x;x;x;x;x\n`,
    });
    const imported = runScript('import', ['--mapping', path.join(FIXTURES, 'import-sample.json'), path.join(source, 'source.csv')]);
    expect(imported.status).toBe(0);
    expect(imported.stderr).not.toContain(ESC);
    expect(imported.stderr).not.toContain(RLO);
    expect(imported.stderr).toContain('code « ADM[U+001B][2J » de la colonne « Prestations » absent de la correspondance');
    expect(imported.stdout).not.toContain(ESC);
  });
});

describe('a build with no valid venue', () => {
  it('fails with a clear message and writes nothing (build exit 2, validate exit 1)', () => {
    const dir = folderOf('aucun-lieu-valide.csv');
    const built = build(dir);
    expect(built.status).toBe(2);
    expect(built.stderr).toBe(
      "Aucun lieu valide à publier : les 2 ligne(s) lue(s) dans 1 fichier(s) ont toutes été rejetées (2 erreur(s)). Le site n'a pas été construit, " +
        'pour ne pas remplacer le site publié par un site vide. Lancez « npm run validate » pour voir les erreurs et les corriger.\n',
    );
    expect(built.venues).toBeUndefined();
    const run = validate(dir);
    expect(run.status).toBe(1);
    expect(run.report!.summary).toMatchObject({ rows: 2, published: 0, rejected: 2, errors: 2 });
  });

  it('fails when the folder has no readable CSV file at all', () => {
    const dir = temporaryDir('vide');
    symlinkSync('/etc/hostname', path.join(dir, 'lien.csv'));
    const built = build(dir);
    expect(built.status).toBe(2);
    expect(built.stderr).toMatch(/^Aucun fichier CSV lisible dans .* : rien à publier\. Vérifiez la variable DATA_DIR \(1 entrée\(s\) refusée\(s\)/);
  });
});
