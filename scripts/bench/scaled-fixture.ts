/**
 * The real fixture scaled to any row count for the benchmarks: its rows repeated, each copy a
 * distinct venue near the original (new id, a name and a street number of its own, the point
 * moved a few hundred metres) rather than a duplicate.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { createRandom, jitterPoint } from '../demo/demo.ts';
import { COLUMNS, type Column } from '../../src/pipeline/schema.ts';

/** `count` rows as the standard's 32 cells, in `COLUMNS` order. */
export function scaledFixtureRows(fixtureFile: string, count: number, jitterMetres: number): string[][] {
  const fixture = Papa.parse<Record<Column, string>>(readFileSync(fixtureFile, 'utf8'), { header: true, skipEmptyLines: true });
  if (fixture.errors.length > 0 || fixture.data.length === 0) throw new Error(`Fixture illisible : ${fixtureFile}`);
  const random = createRandom(count);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const source = fixture.data[i % fixture.data.length]!;
    const copy = Math.floor(i / fixture.data.length);
    const row = { ...source };
    if (copy > 0) {
      row.id = `${source.id}-copie-${copy}`;
      row.nom = `${source.nom} (antenne ${copy + 1})`;
      row.adresse = `${1 + random.int(200)} ${source.adresse.replace(/^\d+\s*(bis|ter)?\s*/i, '')}`;
      if (source.latitude !== '' && source.longitude !== '') {
        const point = jitterPoint(random, Number(source.latitude), Number(source.longitude), jitterMetres);
        row.latitude = point.lat.toFixed(6);
        row.longitude = point.lon.toFixed(6);
      }
    }
    rows.push(COLUMNS.map((column) => row[column] ?? ''));
  }
  return rows;
}

/** The rows as one CSV file of the standard (header, comma, `\n`). */
export function scaledFixtureCsv(fixtureFile: string, count: number, jitterMetres: number): string {
  return `${Papa.unparse({ fields: [...COLUMNS], data: scaledFixtureRows(fixtureFile, count, jitterMetres) }, { newline: '\n' })}\n`;
}
