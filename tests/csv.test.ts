import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../src/common/cell-text.ts';
import { FRENCH_SPREADSHEET_CSV, recordToCsvRow, toCsv } from '../src/pipeline/6-outputs/csv.ts';
import { COLUMNS, emptyRecord } from '../src/pipeline/schema.ts';

function parse(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('toCsv', () => {
  it('quotes only cells that need it and doubles inner quotes', () => {
    const text = toCsv(['a', 'b', 'c'], [['simple', 'avec, virgule', 'il dit "bonjour"']]);
    expect(text).toBe('a,b,c\r\nsimple,"avec, virgule","il dit ""bonjour"""\r\n');
  });

  it('ends every line with the chosen line ending, without BOM unless asked', () => {
    expect(toCsv(['a'], [['x']], { lineEnding: '\n' })).toBe('a\nx\n');
    expect(toCsv(['a'], [['x']]).startsWith('\uFEFF')).toBe(false);
    expect(toCsv(['a'], [['x']], { bom: true })).toBe('\uFEFFa\r\nx\r\n');
  });

  it('writes null as an empty cell and numbers as numbers, negative ones included', () => {
    expect(toCsv(['lat', 'lon', 'x'], [[48.85, -1.5, null]])).toBe('lat,lon,x\r\n48.85,-1.5,\r\n');
  });

  it('writes for French spreadsheets: semicolons, decimal commas quoted, any cell with a comma or semicolon quoted, a BOM', () => {
    const text = toCsv(['nom', 'part', 'population', 'lon', 'note'], [['Ain', 16.52, 679344, -1.5, 'a; b, c'], ['=1+1', 0, 12, null, 'x']], FRENCH_SPREADSHEET_CSV);
    expect(text).toBe('\uFEFFnom;part;population;lon;note\r\nAin;"16,52";679344;"-1,5";"a; b, c"\r\n\'=1+1;0;12;;x\r\n');
    // The standard's files keep their format: a semicolon alone needs no quotes there.
    expect(toCsv(['a'], [['x;y']])).toBe('a\r\nx;y\r\n');
  });

  it('rejects rows whose length does not match the header and non-finite numbers', () => {
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(RangeError);
    expect(() => toCsv(['a'], [[Number.NaN]])).toThrow(RangeError);
  });

  it('neutralizes text cells a spreadsheet would run as formulas', () => {
    const dangerous = ['=1+1', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'];
    const text = toCsv(['v'], dangerous.map((v) => [v]));
    const cells = parse(text).slice(1).map((row) => row[0]);
    expect(cells).toEqual(dangerous.map((v) => `'${v}`));
  });

  it('leaves phone numbers and signed numeric text alone', () => {
    expect(neutralizeFormula('+33123456789')).toBe('+33123456789');
    expect(neutralizeFormula('+33 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
    expect(neutralizeFormula('-4.5')).toBe('-4.5');
    expect(neutralizeFormula('+33 1 23-45')).toBe("'+33 1 23-45");
    expect(neutralizeFormula('Mairie = accueil')).toBe('Mairie = accueil');
  });

  it('round-trips arbitrary text through papaparse', () => {
    const rows = [
      ['Médiathèque « Les Œillets »', 'ligne 1\nligne 2', 'fin\r\nde ligne'],
      ['', '"', ',;|'],
      ['émoji 📍', ' espaces autour ', 'tabulation\tau milieu'],
    ];
    const text = toCsv(['a', 'b', 'c'], rows);
    expect(parse(text)).toEqual([['a', 'b', 'c'], ...rows]);
  });
});

describe('recordToCsvRow', () => {
  it('gives the 32 columns in order, lists joined with |, coordinates as numbers', () => {
    const record = {
      ...emptyRecord(),
      id: 'lieu-1',
      nom: 'Espace numérique',
      latitude: 47.25,
      longitude: -0.5,
      services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
      courriels: ['a@exemple.fr', 'b@exemple.fr'],
    };
    const row = recordToCsvRow(record);
    expect(row).toHaveLength(COLUMNS.length);
    expect(row[COLUMNS.indexOf('id')]).toBe('lieu-1');
    expect(row[COLUMNS.indexOf('latitude')]).toBe(47.25);
    expect(row[COLUMNS.indexOf('longitude')]).toBe(-0.5);
    expect(row[COLUMNS.indexOf('services')]).toBe(
      'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    );
    expect(row[COLUMNS.indexOf('courriels')]).toBe('a@exemple.fr|b@exemple.fr');
    expect(row[COLUMNS.indexOf('typologie')]).toBe('');

    const [header, parsed] = parse(toCsv(COLUMNS, [row]));
    expect(header).toEqual([...COLUMNS]);
    expect(parsed?.[COLUMNS.indexOf('longitude')]).toBe('-0.5');
    expect(parsed?.[COLUMNS.indexOf('nom')]).toBe('Espace numérique');
  });

  it('leaves empty coordinates empty', () => {
    const row = recordToCsvRow(emptyRecord());
    expect(row[COLUMNS.indexOf('latitude')]).toBeNull();
    expect(toCsv(COLUMNS, [row]).split('\r\n')[1]).toBe(','.repeat(COLUMNS.length - 1));
  });
});
