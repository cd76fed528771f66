/**
 * Real venues that need nothing outside the repository: the 687 venues of the Hinaura hub
 * (Auvergne-Rhône-Alpes) that `@gouvfr-anct/cartographie-nationale` ships as
 * `assets/data/source.json`, in the flat v0.1 shape of the standard. They are written here as
 * the v0.1 CSV file a producer of that time would have sent, for the pipeline to read.
 * Some rows carry personal mobile numbers: test input only, never written into the repository
 * or published.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { LEGACY_COLUMNS } from '../src/pipeline/schema.ts';

const SOURCE = createRequire(import.meta.url).resolve('@gouvfr-anct/cartographie-nationale/assets/data/source.json');

export const PACKAGE_VENUES_FILE = 'hinaura-cartographie-nationale.csv';
export const PACKAGE_VENUE_COUNT = 687;
/** The départements of Auvergne-Rhône-Alpes. */
export const AURA_DEPARTEMENTS = ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'];

/** The package's venues as a v0.1 CSV file, one row per venue in source order. */
export function packageVenuesCsv(): { name: string; bytes: Uint8Array } {
  const venues = JSON.parse(readFileSync(SOURCE, 'utf8')) as Array<Record<string, string | number>>;
  const csv = Papa.unparse(
    { fields: [...LEGACY_COLUMNS], data: venues.map((venue) => LEGACY_COLUMNS.map((column) => venue[column] ?? '')) },
    { newline: '\n' },
  );
  return { name: PACKAGE_VENUES_FILE, bytes: new TextEncoder().encode(`${csv}\n`) };
}
