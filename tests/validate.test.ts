import fs from 'node:fs';
import path from 'node:path';
import OpeningHours from 'opening_hours';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { validateFiles } from '../src/pipeline/2-validate/validate.ts';
import type { ParsedFile, Problem, RawRow, ValidationResult } from '../src/pipeline/types.ts';
import { needsShared, sharedFixture, type SharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');
const EXAMPLE = sharedFixture('standard-exemple-valide.csv');
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');

const readReal = (fixture: SharedFixture): ParsedFile => parseCsvFile(fixture.name, fixture.bytes());
const readFixture = (name: string): ParsedFile => parseCsvFile(name, fs.readFileSync(path.join(FIXTURES, name)));
const codes = (problems: Problem[]): string[] => problems.map((p) => p.code);

describe('real file cnfs-2022-v1.csv (4,930 rows)', needsShared(CNFS), () => {
  let parsed: ParsedFile;
  let result: ValidationResult;
  let physicalLines: string[];
  beforeAll(() => {
    parsed = readReal(CNFS);
    result = validateFiles([parsed]);
    physicalLines = CNFS.text().split('\n');
  });

  it('reconciles: every row is valid or rejected', () => {
    expect(parsed.info).toMatchObject({ format: 'v1', delimiter: ',', encoding: 'utf-8', bom: false, rows: 4930 });
    expect(result.valid.length + result.rejected.length).toBe(4930);
    expect(result.rejected).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports the 57 horaires the opening_hours library rejects, as warnings on their own lines', () => {
    const rejectedByLibrary = physicalLines
      .map((text, index) => ({ line: index + 1, cells: index === 0 ? null : parsed.rows[index - 1]?.cells }))
      .filter(({ cells }) => {
        const hours = cells?.horaires ?? '';
        if (hours === '') return false;
        try {
          new OpeningHours(hours, null, 0);
          return false;
        } catch {
          return true;
        }
      })
      .map(({ line }) => line);
    expect(rejectedByLibrary).toHaveLength(57);
    const hoursProblems = result.problems.filter((p) => p.column === 'horaires');
    expect(hoursProblems.map((p) => p.line)).toEqual(rejectedByLibrary);
    for (const problem of hoursProblems) {
      expect(problem.severity).toBe('warning');
      expect(physicalLines[problem.line - 1]).toContain(problem.value.split('\n')[0]);
    }
    // Two use `10h00`-style times, which are repaired; the others are dropped.
    expect(hoursProblems.filter((p) => p.code === 'horaires-repares').map((p) => p.line)).toEqual([708, 1132]);
    const line36 = result.valid.find((row) => row.line === 36);
    expect(line36?.record.horaires).toBe('');
    expect(hoursProblems.find((p) => p.line === 36)?.value).toBe('Mo 09:30-12:00,14:00-17:00; Tu 12:30');
  });

  it('warns the producer about names that are only a number, a SIRET or all capitals, naming line and value', () => {
    const byCode = (code: string) => result.problems.filter((p) => p.code === code);
    const numbers = byCode('nom-numero');
    const sirets = byCode('nom-siret');
    const capitals = byCode('nom-majuscules');
    expect(numbers.map((p) => p.value)).toEqual(expect.arrayContaining(['1', '11 bis']));
    expect(sirets.map((p) => p.value)).toEqual(expect.arrayContaining(['21560121200016', '24400054300011']));
    expect(capitals.length).toBeGreaterThan(100);
    for (const problem of [...numbers, ...sirets, ...capitals]) {
      expect(problem).toMatchObject({ column: 'nom', severity: 'warning' });
      expect(parsed.rows.find((row) => row.line === problem.line)?.cells.nom).toBe(problem.value);
      expect(problem.message).toContain(`« ${problem.value.slice(0, 20)}`);
    }
    // Warnings only: those venues are published.
    expect(result.rejected).toEqual([]);
    console.info(`names: ${numbers.length} numbers, ${sirets.length} SIRET, ${capitals.length} all capitals`);
  });

  it('flags the 2,383 placeholder SIRET gently', () => {
    const placeholders = result.problems.filter((p) => p.code === 'pivot-non-renseigne');
    expect(placeholders).toHaveLength(2383);
    expect(placeholders[0]).toMatchObject({ line: 3, column: 'pivot', value: '00000000000000', severity: 'warning' });
    expect(placeholders[0]?.message).toContain('SIRET non renseigné');
  });

  it('keeps known values at the right line and column', () => {
    const line2 = result.valid.find((row) => row.line === 2)?.record;
    expect(line2).toMatchObject({
      id: '62592a1d05457b0790816e6c',
      pivot: '77556026100015',
      commune: 'MARSEILLE 11',
      code_postal: '13011',
      latitude: 43.289439,
      longitude: 5.496495,
      courriels: ['accueil@chrs-laselonne.fr'],
      date_maj: '2022-05-09',
      services: ['Maîtrise des outils numériques du quotidien', 'Compréhension du monde numérique'],
      frais_a_charge: ['Gratuit'],
      dispositif_programmes_nationaux: ['Conseillers numériques'],
    });
    const line3 = result.valid.find((row) => row.line === 3)?.record;
    expect(line3?.horaires).toBe('Mo-Fr 09:00-12:00,13:30-17:30; Tu 09:00-12:00,14:30-17:30');
    expect(line3?.site_web).toEqual(['https://www.harmonie-mutuelle.fr/']);
  });

  it('repairs Mayotte numbers written with the Comoros code +269', () => {
    const phone = result.problems.find((p) => p.line === 589 && p.column === 'telephone');
    expect(phone).toMatchObject({ value: '+269269662010', code: 'telephone-indicatif-corrige', severity: 'warning' });
    expect(result.valid.find((row) => row.line === 589)?.record.telephone).toBe('+262269662010');
  });
});

describe('real file standard-exemple-valide.csv', needsShared(EXAMPLE), () => {
  it('is valid without any problem and normalizes lists in vocabulary order', () => {
    const parsed = readReal(EXAMPLE);
    const result = validateFiles([parsed]);
    expect(result.problems).toEqual([]);
    expect(result.valid).toHaveLength(1);
    const record = result.valid[0]?.record;
    expect(record).toMatchObject({
      id: 'structure-1',
      typologie: ['ASSO', 'TIERS_LIEUX'],
      telephone: '+33180059880',
      modalites_accompagnement: ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif', 'À distance'],
      presentation_resume: 'Notre association propose des formations aux outils numériques à destination des personnes âgées.',
    });
  });
});

describe('errors keep rows out', () => {
  it('rejects a row without a name, naming the line', () => {
    const result = validateFiles([readFixture('nom-manquant.csv')]);
    expect(result.rejected).toEqual([{ file: 'nom-manquant.csv', line: 3, id: 'lieu-2' }]);
    expect(result.problems.find((p) => p.code === 'nom-manquant')).toMatchObject({ line: 3, column: 'nom', severity: 'error' });
    expect(result.valid.map((r) => r.line)).toEqual([2]);
  });

  it('rejects later duplicate ids, naming the first line', () => {
    const result = validateFiles([readFixture('id-en-double.csv')]);
    expect(result.valid.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rejected).toEqual([
      { file: 'id-en-double.csv', line: 4, id: 'lieu-1' },
      { file: 'id-en-double.csv', line: 5, id: 'lieu-1' },
    ]);
    const duplicate = result.problems.find((p) => p.code === 'id-en-double' && p.line === 5);
    expect(duplicate?.message).toContain('ligne 2');
  });

  it('rejects a row with no id and a row with nothing to place it with, listing all their problems', () => {
    const result = validateFiles([readFixture('non-localisable.csv')]);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(codes(result.problems.filter((p) => p.line === 3))).toEqual(
      expect.arrayContaining(['lieu-non-localisable', 'coordonnee-invalide', 'code-postal-manquant', 'commune-manquant']),
    );
    expect(codes(result.problems.filter((p) => p.line === 4))).toContain('id-manquant');
    expect(result.valid.map((r) => r.line)).toEqual([2]);
  });

  it('rejects rows whose field count is wrong without reading their shifted cells', () => {
    const result = validateFiles([readFixture('nombre-de-champs.csv')]);
    expect(result.rejected.map((r) => r.line)).toEqual([3]);
    expect(result.problems.filter((p) => p.line === 3).map((p) => p.code)).toEqual(['nombre-de-champs']);
    expect(result.valid.map((r) => r.line)).toEqual([2, 4]);
  });
});

describe('validateFiles', () => {
  it('keeps file-level problems and counts rows across files', () => {
    const rows: RawRow[] = [{ file: 'a.csv', line: 2, cells: { id: 'x', nom: 'Lieu', code_postal: '75011' } }];
    const file: ParsedFile = {
      info: { file: 'a.csv', encoding: 'utf-8', bom: false, delimiter: ',', format: 'v1', rows: 1, lines: 2 },
      rows,
      problems: [{ file: 'a.csv', line: 0, column: '', value: 'commune', severity: 'warning', code: 'colonnes-manquantes', message: '…' }],
    };
    const result = validateFiles([file, readFixture('id-en-double.csv')]);
    expect(result.valid.length + result.rejected.length).toBe(5);
    expect(result.problems[0]?.code).toBe('colonnes-manquantes');
    // The same id in another file is not a duplicate: ids are unique per producer file.
    expect(result.valid.some((r) => r.file === 'a.csv')).toBe(true);
  });
});

describe('performance', () => {
  it('parses and validates 100,000 rows within seconds (real rows repeated with distinct ids)', needsShared(CNFS), () => {
    const [header, ...lines] = CNFS.text().trimEnd().split('\n');
    const out = [header];
    for (let copy = 0; out.length <= 100_000; copy++) {
      for (const line of lines) if (out.length <= 100_000) out.push(`c${copy}-${line}`);
    }
    const bytes = new TextEncoder().encode(`${out.join('\n')}\n`);
    const start = performance.now();
    const result = validateFiles([parseCsvFile('100k.csv', bytes)]);
    const seconds = (performance.now() - start) / 1000;
    expect(result.valid.length + result.rejected.length).toBe(100_000);
    // A few seconds on a quiet machine; the bound leaves room for a busy CI runner, not for a quadratic step.
    expect(seconds).toBeLessThan(30);
  });
});
