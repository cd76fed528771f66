import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpeningHours from 'opening_hours';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkMapping,
  convertDate,
  formatImportReport,
  importTable,
  parseTimeRange,
  readSourceTable,
  weeklyHoursToOsm,
  writeImportedCsv,
} from '../src/contribute/import.ts';
import type { ImportMapping } from '../src/contribute/import.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { COLUMNS } from '../src/pipeline/schema.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import type { StandardRecord } from '../src/pipeline/schema.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');
const BFC = sharedFixture('bfc-ternum-raw.csv');
const IMPORT_SCRIPT = path.join(ROOT, 'scripts/import.ts');

const readMapping = (file: string): ImportMapping => checkMapping(JSON.parse(readFileSync(file, 'utf8')));

/** Parses and validates a converted file the way the build does. */
function validate(csv: string) {
  const parsed = parseCsvFile('sortie.csv', new TextEncoder().encode(csv));
  return { parsed, result: validateFiles([parsed]) };
}

describe('half-day hours', () => {
  const closed = ['x', '-'];
  it('reads the spellings producers use', () => {
    expect(parseTimeRange('8h30-12h', closed)).toEqual({ from: 510, to: 720 });
    expect(parseTimeRange('09h-12h', closed)).toEqual({ from: 540, to: 720 });
    expect(parseTimeRange('9h12h', closed)).toEqual({ from: 540, to: 720 });
    expect(parseTimeRange('14:00 - 18:30', closed)).toEqual({ from: 840, to: 1110 });
    expect(parseTimeRange('9h à 12h', closed)).toEqual({ from: 540, to: 720 });
    expect(parseTimeRange('20h-24h', closed)).toEqual({ from: 1200, to: 1440 });
  });

  it('treats markers and blanks as closed, and refuses impossible ranges', () => {
    for (const cell of ['', ' ', 'x', 'X', '-']) expect(parseTimeRange(cell, closed)).toBe('closed');
    for (const cell of ['souscondition', '14h-12h', '25h-26h', '9h-12h60', 'matin']) expect(parseTimeRange(cell, closed)).toBeNull();
  });

  it('writes opening_hours with merged intervals and grouped consecutive days', () => {
    const am = { from: 510, to: 720 };
    const pm = { from: 840, to: 1080 };
    expect(weeklyHoursToOsm({ Mo: [am, pm], Tu: [pm, am], We: [am, pm], Th: [am, pm], Fr: [am, pm], Sa: [{ from: 540, to: 720 }] })).toBe(
      'Mo-Fr 08:30-12:00,14:00-18:00; Sa 09:00-12:00',
    );
    expect(weeklyHoursToOsm({ Mo: [{ from: 540, to: 720 }, { from: 720, to: 1020 }] })).toBe('Mo 09:00-17:00');
    expect(weeklyHoursToOsm({ Mo: [am], We: [am] })).toBe('Mo 08:30-12:00; We 08:30-12:00');
    expect(weeklyHoursToOsm({})).toBe('');
  });
});

describe('convertDate', () => {
  it('rewrites day-first dates and refuses dates that do not exist', () => {
    expect(convertDate('02/03/2021', 'DD/MM/YYYY')).toBe('2021-03-02');
    expect(convertDate('2-3-2021', 'DD-MM-YYYY')).toBe('2021-03-02');
    expect(convertDate('31/02/2021', 'DD/MM/YYYY')).toBeNull();
    expect(convertDate('2021-03-02', 'DD/MM/YYYY')).toBeNull();
  });
});

describe('checkMapping', () => {
  it('lists every mistake of a mapping at once, in French', () => {
    const mistaken = {
      columns: { nom: 'Nom', adresse_postale: 'Adresse', telephone: 'Tel' },
      joins: { telephone: { from: ['Tel1', 'Tel2'], separator: ' ' } },
      codes: [{ from: 'Type', values: { X: { services: ['Aide aux démarches'] }, Y: { nom: ['Nom'] } } }],
      hours: { closed: [], days: { Lu: ['Lundi'] } },
      extra: true,
    };
    let message = '';
    try {
      checkMapping(mistaken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('clé inconnue « extra »');
    expect(message).toContain('« adresse_postale » n\'est pas une colonne du standard');
    expect(message).toContain('la colonne « telephone » est déjà remplie par columns');
    expect(message).toContain('« Aide aux démarches » n\'est pas une valeur du standard');
    expect(message).toContain('« nom » n\'est pas une colonne à plusieurs valeurs');
    expect(message).toContain('« Lu » n\'est pas un jour');
  });

  it('accepts the shipped BFC mapping', () => {
    expect(() => readMapping(path.join(ROOT, 'data/imports/bfc-ternum.json'))).not.toThrow();
  });
});

describe('importTable on a small Windows-1252, semicolon-separated file', () => {
  const table = readSourceTable(readFileSync(path.join(FIXTURES, 'import-sample.csv')));
  const mapping = readMapping(path.join(FIXTURES, 'import-sample.json'));
  const result = importTable(table, mapping);
  const [first, second, third] = result.rows;

  it('renames, prefixes ids, converts dates, codes, keywords and hours', () => {
    expect(table.header[1]).toBe('Nom du lieu');
    expect(first?.line).toBe(2);
    expect(first?.cells).toMatchObject({
      id: 'exemple-A1',
      nom: 'Maison France Services de Tonnerre',
      latitude: '47.856',
      longitude: '3.973',
      date_maj: '2021-03-05',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
      dispositif_programmes_nationaux: 'France Services',
      typologie: 'RFS',
      horaires: 'Mo-Fr 09:00-12:00',
      source: 'Exemple de producteur',
      pivot: '00000000000000',
    });
    expect(second?.cells.nom).toBe('Médiathèque "La Source"');
    expect(second?.cells.typologie).toBe('BIB');
    expect(second?.cells.horaires).toBe('Mo-Tu 14:00-18:00; Th-Fr 14:00-18:00; Sa 09:00-12:00');
    expect(third?.cells.typologie).toBe('EPN');
    expect(third?.cells.date_maj).toBe('2024-01-15');
  });

  it('reports what it could not carry over, with source line and column', () => {
    const issues = result.issues.map((i) => `${i.code} ${i.line} ${i.column} ${i.value}`);
    expect(issues).toContain('code-inconnu 3 Prestations XYZ');
    expect(issues).toContain('horaire-illisible 3 Mercredi souscondition');
    expect(issues).toContain('date-illisible 3 MAJ 31/02/2021');
    expect(issues).toContain('valeur-par-defaut 3 date_maj 2024-01-15');
    expect(issues).toContain('valeur-par-defaut 4 date_maj 2024-01-15');
    expect(issues.filter((i) => i.startsWith('valeur-par-defaut') && i.includes('pivot'))).toHaveLength(3);
  });

  it('refuses a mapping that reads a column the file lacks', () => {
    expect(() => importTable(table, { ...mapping, columns: { nom: 'Nom' } })).toThrow(/« Nom »/);
  });
});

describe('the BFC Ternum file with data/imports/bfc-ternum.json', needsShared(BFC), () => {
  let result: ReturnType<typeof importTable>;
  let output: ReturnType<typeof writeImportedCsv>;
  let parsed: ReturnType<typeof validate>['parsed'];
  let validation: ReturnType<typeof validate>['result'];
  let records: StandardRecord[];
  beforeAll(() => {
    result = importTable(readSourceTable(BFC.bytes()), readMapping(path.join(ROOT, 'data/imports/bfc-ternum.json')));
    output = writeImportedCsv('bfc-ternum.csv', result);
    ({ parsed, result: validation } = validate(output.csv));
    records = validation.valid.map((row) => row.record);
  });

  it('converts all 697 rows into a file the validator accepts without error', () => {
    expect(result.rows).toHaveLength(697);
    expect(parsed.info.rows).toBe(697);
    expect(validation.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(validation.valid).toHaveLength(697);
    // Written normalized: reading it back repairs nothing more.
    expect(validation.problems.filter((p) => p.code === 'telephone-reformate' || p.code === 'url-completee')).toEqual([]);
  });

  it('keeps lon and lat in their place and ids unique', () => {
    for (const record of records) {
      expect(record.latitude).toBeGreaterThan(46);
      expect(record.latitude).toBeLessThan(48.5);
      expect(record.longitude).toBeGreaterThan(2.5);
      expect(record.longitude).toBeLessThan(7.5);
    }
    expect(new Set(records.map((r) => r.id)).size).toBe(697);
    expect(records[0]?.id).toBe('bfc-ternum-mednumBFC_TL_1_');
  });

  it('writes hours the opening_hours library reads', () => {
    const hours = records.map((r) => r.horaires).filter((h) => h !== '');
    expect(hours.length).toBeGreaterThan(200);
    for (const value of hours) expect(() => new OpeningHours(value), value).not.toThrow();
    expect(records[0]?.horaires).toBe('Mo-Fr 08:30-12:00,13:30-17:00');
  });

  it('maps the codes to the standard vocabularies', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const arnay = byId.get('bfc-ternum-mednumBFC_TL_3_');
    expect(arnay?.dispositif_programmes_nationaux).toEqual(['France Services']);
    expect([...(arnay?.modalites_accompagnement ?? [])].sort()).toEqual(['Accompagnement individuel', 'Dans un atelier collectif', 'En autonomie']);
    expect(arnay?.typologie).toEqual(['CS']);
    expect(arnay?.date_maj).toBe('2020-05-18');
    expect(records.filter((r) => r.formations_labels.includes('Arnia/MedNum BFC (Bourgogne-Franche-Comté)')).length).toBe(123);
  });

  it('lists unknown codes, unreadable half-days and defaults with their source line', () => {
    const report = formatImportReport('bfc-ternum-raw.csv', result, output);
    expect(report).toContain('code « oui » de la colonne « code_accomp » absent de la correspondance');
    expect(report).toContain('code « FO » de la colonne « code_label »');
    expect(report).toMatch(/horaire « 14h-12h » de la colonne « mardi matin » illisible.* ligne 266/);
    expect(report).toMatch(/horaire « souscondition » de la colonne « samedi matin ».* ligne 392/);
    expect(report).toMatch(/« date_maj » vide dans la source : valeur par défaut « 2023-03-29 ».* 561 lignes/);
    expect(report).toMatch(/« pivot » vide dans la source.* 697 lignes/);
    // Validation remarks point at the source file's lines (row 441 of the source holds « 36 46 »).
    const phone = output.problems.find((p) => p.code === 'telephone-invalide');
    expect(phone?.value).toBe('36 46');
    expect(BFC.text().split('\r\n')[(phone?.line ?? 0) - 1]).toContain('36 46');
  });
});

describe('npm run import', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [IMPORT_SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('writes the converted file to standard output and the report to standard error', () => {
    const { status, stdout, stderr } = run(['--mapping', path.join(FIXTURES, 'import-sample.json'), path.join(FIXTURES, 'import-sample.csv')]);
    expect(stderr).toContain('import-sample.csv : 3 lignes converties');
    expect(stderr).toMatch(/code « XYZ » de la colonne « Prestations ».* ligne 3/);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(COLUMNS.join(','));
    expect(validate(stdout).result.valid).toHaveLength(3);
  });

  it('converts a legacy v0.1 file without mapping, into --output', () => {
    const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), 'v1.csv');
    execFileSync(process.execPath, [IMPORT_SCRIPT, '--output', output, path.join(FIXTURES, 'import-legacy-v01.csv')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const { parsed, result } = validate(readFileSync(output, 'utf8'));
    expect(parsed.info.format).toBe('v1');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.valid[0]?.record.courriels).toEqual(['mediatheque@montbard.fr']);
    expect(result.valid[0]?.record.dispositif_programmes_nationaux).toEqual(['Conseillers numériques', 'France Services']);
  });

  it('refuses a v1 file without mapping and a mapping naming missing columns (exit 2)', () => {
    const v1 = run([path.join(ROOT, 'public/modeles/lieux-exemple.csv')]);
    expect(v1.status).toBe(2);
    expect(v1.stderr).toContain("n'est pas au format v0.1");
    const wrong = run(['--mapping', path.join(ROOT, 'data/imports/bfc-ternum.json'), path.join(FIXTURES, 'import-sample.csv')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('absentes du fichier');
  });
});
