/**
 * The real fixture scaled to any row count for the benchmarks: its rows repeated, each copy a
 * distinct venue near the original (new id, a name and a street number of its own, the point
 * moved a few hundred metres) rather than a duplicate.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { createRandom, jitterPoint } from '../demo/random.ts';
import { COLUMNS, type Column } from '../../src/pipeline/schema.ts';

export type FixtureRow = Record<Column, string>;

/**
 * What sets a copy's name apart: a word of its own rather than a number, since « Médiathèque
 * (antenne 2) » and « … (antenne 3) » are a typo apart and would look like one venue listed twice.
 */
const COPY_NAMES = [
  'Bellevue', 'Montplaisir', 'les Tilleuls', 'la Roseraie', 'Saint-Exupéry', 'le Moulin', 'les Glycines', 'la Source',
  'Pasteur', 'les Acacias', 'le Phare', 'la Ruche', 'Beaulieu', 'les Marronniers', 'Jean Moulin', 'les Prés',
  'Victor Hugo', 'le Colombier', 'la Passerelle', 'les Bruyères', 'Louise Michel', 'le Parc', 'les Coteaux', 'la Gare',
  'Marie Curie', 'le Relais', 'les Charmes', 'Jules Verne', 'la Boussole', 'les Quatre Vents',
];

/** The fixture's rows repeated until `count`, each copy a distinct venue near the original. */
export function scaledFixtureRecords(fixtureFile: string, count: number, jitterMetres: number): FixtureRow[] {
  const fixture = Papa.parse<FixtureRow>(readFileSync(fixtureFile, 'utf8'), { header: true, skipEmptyLines: true });
  if (fixture.errors.length > 0 || fixture.data.length === 0) throw new Error(`Fixture illisible : ${fixtureFile}`);
  const random = createRandom(count);
  const rows: FixtureRow[] = [];
  for (let i = 0; i < count; i++) {
    const source = fixture.data[i % fixture.data.length]!;
    const copy = Math.floor(i / fixture.data.length);
    const row = { ...source };
    if (copy > 0) {
      row.id = `${source.id}-copie-${copy}`;
      row.nom = `${source.nom} (antenne ${COPY_NAMES[copy % COPY_NAMES.length]}${copy >= COPY_NAMES.length ? ` ${copy}` : ''})`;
      row.adresse = `${1 + random.int(200)} ${source.adresse.replace(/^\d+\s*(bis|ter)?\s*/i, '')}`;
      // A branch has its own phone line and mailbox (the website may be the structure's).
      if (source.telephone !== '') row.telephone = `${source.telephone.slice(0, -2)}${String(copy % 100).padStart(2, '0')}`;
      row.courriels = source.courriels.split('|').filter(Boolean).map((email) => `antenne-${copy}.${email}`).join('|');
      if (source.latitude !== '' && source.longitude !== '') {
        const point = jitterPoint(random, Number(source.latitude), Number(source.longitude), jitterMetres);
        row.latitude = point.lat.toFixed(6);
        row.longitude = point.lon.toFixed(6);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** `count` rows as the standard's 32 cells, in `COLUMNS` order. */
export function scaledFixtureRows(fixtureFile: string, count: number, jitterMetres: number): string[][] {
  return scaledFixtureRecords(fixtureFile, count, jitterMetres).map((row) => COLUMNS.map((column) => row[column] ?? ''));
}

/** The rows as one CSV file of the standard (header, comma, `\n`). */
export function scaledFixtureCsv(fixtureFile: string, count: number, jitterMetres: number): string {
  return `${Papa.unparse({ fields: [...COLUMNS], data: scaledFixtureRows(fixtureFile, count, jitterMetres) }, { newline: '\n' })}\n`;
}
