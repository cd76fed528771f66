/**
 * The labelled cross-source evaluation of the deduplication: the conseillers-numériques venues of
 * Bourgogne-Franche-Comté (`cnfs-2022-v1.csv`) and the MedNum BFC / Ternum directory
 * (`bfc-ternum-raw.csv`, converted with `data/imports/bfc-ternum.json`), both read from
 * `../shared/fixtures/real/` (never copied here) and written as ONE file whose rows keep their
 * own `source`, as a consolidated export would mix them.
 *
 * Candidate pairs: one row of each source with the same postal code and points at most 300 m
 * apart. Each candidate is labelled by hand in `tests/fixtures/bfc-cross-source-labels.csv`
 * (ids and verdicts only); `tests/cross-source.test.ts` measures the merges against them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { checkMapping, importTable, readSourceTable, writeImportedCsv } from '../../src/contribute/import.ts';
import { distanceKm } from '../../src/common/geography.ts';
import { REPO_ROOT } from '../../src/io/files.ts';
import { COLUMNS, type Column } from '../../src/pipeline/schema.ts';

export const REAL_FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/real');
export const LABELS_FILE = path.join(REPO_ROOT, 'tests/fixtures/bfc-cross-source-labels.csv');
/** The name the combined file is given in the pipeline's report. */
export const COMBINED_FILE = 'bfc-deux-sources.csv';

/** Départements of Bourgogne-Franche-Comté, by the first two digits of a postal code. */
const BFC_DEPARTEMENTS = new Set(['21', '25', '39', '58', '70', '71', '89', '90']);
export const CANDIDATE_DISTANCE_M = 300;

export type Row = Record<Column, string>;

export interface CrossSourceFixture {
  /** The conseillers-numériques rows of the région, as in their file. */
  cnfs: Row[];
  /** The MedNum BFC rows, converted to the standard and normalized by the import. */
  bfc: Row[];
  /** Both in one standard file, CNFS rows first. */
  combined: { name: string; bytes: Uint8Array };
}

export function realFixturesAvailable(): boolean {
  return existsSync(path.join(REAL_FIXTURES, 'cnfs-2022-v1.csv')) && existsSync(path.join(REAL_FIXTURES, 'bfc-ternum-raw.csv'));
}

function parseStandard(text: string): Row[] {
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`CSV illisible : ${parsed.errors[0]!.message}`);
  return parsed.data;
}

export function loadCrossSourceFixture(): CrossSourceFixture {
  const cnfs = parseStandard(readFileSync(path.join(REAL_FIXTURES, 'cnfs-2022-v1.csv'), 'utf8')).filter((row) =>
    BFC_DEPARTEMENTS.has(row.code_postal.slice(0, 2)),
  );
  const mapping = checkMapping(JSON.parse(readFileSync(path.join(REPO_ROOT, 'data/imports/bfc-ternum.json'), 'utf8')));
  const imported = importTable(readSourceTable(readFileSync(path.join(REAL_FIXTURES, 'bfc-ternum-raw.csv'))), mapping);
  const bfc = parseStandard(writeImportedCsv('bfc-ternum.csv', imported).csv);
  const text = `${Papa.unparse({ fields: [...COLUMNS], data: [...cnfs, ...bfc].map((row) => COLUMNS.map((c) => row[c])) }, { newline: '\n' })}\n`;
  return { cnfs, bfc, combined: { name: COMBINED_FILE, bytes: new TextEncoder().encode(text) } };
}

export interface CandidatePair {
  cnfs: string;
  bfc: string;
  metres: number;
}

const point = (row: Row): { lat: number; lon: number } | null => {
  const lat = Number.parseFloat(row.latitude);
  const lon = Number.parseFloat(row.longitude);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
};

/** Every CNFS × MedNum BFC pair with the same postal code and points within 300 m, nearest first. */
export function candidatePairs(fixture: CrossSourceFixture): CandidatePair[] {
  const pairs: CandidatePair[] = [];
  for (const a of fixture.cnfs) {
    const pa = point(a);
    if (pa === null) continue;
    for (const b of fixture.bfc) {
      const pb = point(b);
      if (pb === null || a.code_postal !== b.code_postal) continue;
      const metres = distanceKm(pa.lat, pa.lon, pb.lat, pb.lon) * 1000;
      if (metres <= CANDIDATE_DISTANCE_M) pairs.push({ cnfs: a.id, bfc: b.id, metres: Math.round(metres) });
    }
  }
  return pairs.sort((x, y) => x.metres - y.metres || (x.cnfs < y.cnfs ? -1 : x.cnfs > y.cnfs ? 1 : x.bfc < y.bfc ? -1 : 1));
}

/**
 * `meme-lieu`: the two rows describe one venue; `lieux-differents`: two venues; `incertain`: the
 * rows do not say enough to decide (left out of precision and recall). Criteria: the labels file.
 */
export type Verdict = 'meme-lieu' | 'lieux-differents' | 'incertain';
export const VERDICTS: readonly Verdict[] = ['meme-lieu', 'lieux-differents', 'incertain'];

export const pairKey = (cnfs: string, bfc: string): string => `${cnfs}|${bfc}`;

/** The hand labels, by pair key. Throws on a malformed line, so that a typo cannot drop a label. */
export function readLabels(text: string = readFileSync(LABELS_FILE, 'utf8')): Map<string, Verdict> {
  const labels = new Map<string, Verdict>();
  const rows = Papa.parse<Record<'cnfs_id' | 'bfc_id' | 'verdict', string>>(text, { header: true, skipEmptyLines: true, comments: '#' });
  for (const row of rows.data) {
    const verdict = row.verdict as Verdict;
    if (!row.cnfs_id || !row.bfc_id || !VERDICTS.includes(verdict)) throw new Error(`Étiquette illisible : ${JSON.stringify(row)}`);
    labels.set(pairKey(row.cnfs_id, row.bfc_id), verdict);
  }
  return labels;
}
