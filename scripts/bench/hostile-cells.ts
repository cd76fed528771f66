/**
 * One hostile 100 KB cell per field kind of the standard, in the shape that once made a check on
 * cell values super-linear (a regex backtracking over a long run of spaces, an unbounded edit
 * distance…), and the small file around it. Shared by the tests (a generous bound against
 * catastrophic slowness) and by `npm run bench` (the goal: any single cell under a second).
 */
import { importTable, writeImportedCsv, type ImportMapping } from '../../src/contribute/import.ts';
import { toCsv } from '../../src/pipeline/6-outputs/csv.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { COLUMNS, FIELDS, type Column, type FieldKind } from '../../src/pipeline/schema.ts';
import type { ReferenceData } from '../../src/pipeline/types.ts';
import type { CommuneIndex } from '../../src/pipeline/3-geocode/reference.ts';

export const HOSTILE_CELL_LENGTH = 100_000;

const fill = (prefix: string, unit: string, suffix = ''): string =>
  prefix + unit.repeat(Math.ceil((HOSTILE_CELL_LENGTH - prefix.length - suffix.length) / unit.length)) + suffix;

export interface HostileCell {
  /** What is measured, for the bench table and test names. */
  label: string;
  column: Column;
  value: string;
}

/** One cell per field kind (and a long name, which deduplication compares). */
export const HOSTILE_CELLS: readonly HostileCell[] = [
  { label: 'free text (nom, cut)', column: 'nom', value: fill('Médiathèque ', ', ') },
  { label: 'multi-line free text (presentation_detail)', column: 'presentation_detail', value: fill('Accueil', ' ', '\nfin') },
  { label: 'structured text (id)', column: 'id', value: fill('lieu-', '0') },
  { label: 'patterned text (code_postal)', column: 'code_postal', value: fill('', '0', 'x') },
  { label: 'free list (autres_formations_labels)', column: 'autres_formations_labels', value: fill('QPV', ' |') },
  { label: 'enumerated list (services)', column: 'services', value: fill('', 'a') },
  { label: 'coordinate (latitude)', column: 'latitude', value: fill('4', '6', 'x') },
  { label: 'date (date_maj)', column: 'date_maj', value: fill('2024-01-01T', ' 0') },
  { label: 'link (fiche_acces_libre)', column: 'fiche_acces_libre', value: fill('https://acceslibre.beta.gouv.fr/', 'a') },
  { label: 'list of links (site_web)', column: 'site_web', value: fill('https://mairie.fr', ' ', 'x') },
  { label: 'list of e-mails (courriels)', column: 'courriels', value: fill('Accueil', ' x', ' <a@b') },
  { label: 'phone (telephone)', column: 'telephone', value: fill('+33 ', '1 ') },
  { label: 'opening hours (horaires)', column: 'horaires', value: fill('Mo', ' ', '\n09:00') },
];

/** Every field kind of the standard has its hostile cell (checked by the tests). */
export const HOSTILE_KINDS: ReadonlySet<FieldKind> = new Set(HOSTILE_CELLS.map((cell) => FIELDS[cell.column].kind));

/** A valid venue of the standard, the base of each hostile row. */
const BASE_ROW: Partial<Record<Column, string>> = {
  id: 'lieu-1',
  pivot: '21790191700019',
  nom: 'Médiathèque Pierre-Moinot',
  commune: 'Niort',
  code_postal: '79000',
  adresse: '1 rue du Musée',
  latitude: '46.3237',
  longitude: '-0.4649',
  date_maj: '2024-05-02',
};

/** A file of the standard's 32 columns: one row per entry, each the base venue with its cells replaced. */
export function hostileFile(rows: ReadonlyArray<Partial<Record<Column, string>>>): Uint8Array {
  const cells = rows.map((row) => COLUMNS.map((column) => ({ ...BASE_ROW, ...row })[column] ?? ''));
  return new TextEncoder().encode(toCsv(COLUMNS, cells, { lineEnding: '\n' }));
}

/**
 * Two venues of one commune from two producers, each with a 100 KB name a letter apart: what
 * deduplication compares (an unbounded edit distance took 19 s on two 42 KB names).
 */
export function hostileNamePair(): Array<{ name: string; bytes: Uint8Array }> {
  const name = fill('Médiathèque ', 'a');
  return [
    { name: 'producteur-a.csv', bytes: hostileFile([{ nom: `${name}b` }]) },
    { name: 'producteur-b.csv', bytes: hostileFile([{ nom: `${name}c`, adresse: '1 rue du Musée' }]) },
  ];
}

/** A half-day cell of an import: spaces between the times (three adjacent `\s*` took 39 s on 5 KB). */
export const HOSTILE_HALF_DAY = fill('9h', ' ', 'x12h');

export const HALF_DAY_MAPPING: ImportMapping = {
  columns: { id: 'id', nom: 'nom', commune: 'commune', code_postal: 'code_postal', adresse: 'adresse' },
  hours: { days: { Mo: ['lundi'] }, closed: ['fermé'] },
  defaults: { date_maj: '2024-05-02', pivot: '21790191700019' },
};

/** The import of one source row whose Monday cell is `HOSTILE_HALF_DAY`. */
export function importHostileHalfDay() {
  const result = importTable(
    {
      header: ['id', 'nom', 'commune', 'code_postal', 'adresse', 'lundi'],
      rows: [{ line: 2, cells: { id: 'lieu-1', nom: 'Médiathèque', commune: 'Niort', code_postal: '79000', adresse: '1 rue du Musée', lundi: HOSTILE_HALF_DAY } }],
    },
    HALF_DAY_MAPPING,
  );
  return { result, output: writeImportedCsv('import.csv', result) };
}

/** Hours written in French up to the column's limit: every rewrite and the library's parser run. */
const LONGEST_FRENCH_HOURS = 'lundi de 9h à 12h et de 14h à 18h, '.repeat(40).slice(0, FIELDS.horaires.maxLength);

export interface CellTiming {
  label: string;
  ms: number;
}

/**
 * Milliseconds to process each hostile cell through the whole pipeline (parse, validate,
 * geocode, deduplicate) or the import, one file at a time.
 */
export function timeHostileCells(reference: ReferenceData, communeIndex: CommuneIndex): CellTiming[] {
  const time = (label: string, run: () => unknown): CellTiming => {
    const started = performance.now();
    run();
    return { label, ms: performance.now() - started };
  };
  const pipeline = (files: Array<{ name: string; bytes: Uint8Array }>) => runPipeline({ files, reference, communeIndex });
  return [
    ...HOSTILE_CELLS.map((cell) => time(cell.label, () => pipeline([{ name: 'cellule.csv', bytes: hostileFile([{ [cell.column]: cell.value }]) }]))),
    time('two 100 KB names in one commune (deduplication)', () => pipeline(hostileNamePair())),
    time('half-day cell of an import', importHostileHalfDay),
    // Not a 100 KB cell: the longest hours the limit lets through, in French, which the library parses.
    time('opening hours at their length limit, in French', () =>
      pipeline([{ name: 'horaires.csv', bytes: hostileFile([{ horaires: LONGEST_FRENCH_HOURS }]) }]),
    ),
  ];
}
