/**
 * Checks a CSV file against the standard's Table Schema (`../shared/fixtures/real/standard-schema.json`)
 * with the frictionless `tableschema` library, as an open-data portal does before it accepts a
 * file. Two things are adjusted to match frictionless's reference validator, which portals run:
 * each pattern must match the whole value (the JavaScript library only searches for it), and
 * every error of every row is collected instead of stopping at the first.
 */
import { Readable } from 'node:stream';
import { Table } from 'tableschema';
import type { SharedFixture } from './shared-fixtures.ts';

interface SchemaField {
  name: string;
  constraints?: { pattern?: string } & Record<string, unknown>;
}
interface SchemaDescriptor {
  fields: SchemaField[];
}

/** One row, or one cell, that the schema refuses, with the library's message. */
export interface SchemaError {
  /** Line of the CSV file, the header being line 1. */
  line: number;
  message: string;
}

export interface SchemaCheck {
  rows: number;
  errors: SchemaError[];
}

/** The schema with each pattern anchored at both ends (frictionless whole-value matching). */
export function wholeValueSchema(fixture: SharedFixture): SchemaDescriptor {
  const schema = JSON.parse(fixture.text()) as SchemaDescriptor;
  for (const field of schema.fields) {
    const pattern = field.constraints?.pattern;
    if (pattern !== undefined) field.constraints!.pattern = `^(?:${pattern})$`;
  }
  return schema;
}

/** Validates CSV text (header on line 1, comma separator) against the schema, every row and cell. */
export async function checkAgainstSchema(csv: string, schema: SchemaDescriptor): Promise<SchemaCheck> {
  const table = await Table.load(() => Readable.from([csv]), { schema, headers: 1, delimiter: ',' });
  const rows = (await table.read({ forceCast: true, extended: true })) as unknown[];
  const errors: SchemaError[] = [];
  let count = 0;
  for (const row of rows) {
    count++;
    if (!(row instanceof Error)) continue;
    const failure = row as Error & { rowNumber?: number; errors?: Error[] };
    const line = failure.rowNumber ?? count + 1;
    const details = failure.errors && failure.errors.length > 0 ? failure.errors : [failure];
    for (const detail of details) errors.push({ line, message: detail.message });
  }
  return { rows: count, errors };
}
