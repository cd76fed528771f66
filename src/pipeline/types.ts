/**
 * The contracts between pipeline stages. Each stage is a pure function from one of these shapes
 * to the next; I/O (reading files, the reference table, writing outputs) happens in scripts/.
 */
import type { Column, StandardRecord } from './schema.ts';

/* ------------------------------------------------------------------ problems */

/** `error` keeps the row out of the published data; `warning` keeps it (value dropped or repaired). */
export type Severity = 'error' | 'warning';

/**
 * One thing wrong in the input, precise enough for a contributor to fix without reading code.
 * `line` is the 1-based line of the file where the row starts (the header is line 1);
 * file-level problems use line 0 and column ''. `message` is French and says what is wrong
 * and how to fix it.
 */
export interface Problem {
  file: string;
  line: number;
  column: string;
  value: string;
  severity: Severity;
  /** A stable machine code, e.g. `pivot-invalide`, for grouping and tests. */
  code: string;
  message: string;
}

/* ------------------------------------------------------------------ parse */

/** How the parser read a file, shown in the report. */
export interface FileInfo {
  file: string;
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  delimiter: ',' | ';' | '\t';
  /** `v1`: the standard's 32 columns; `v0.1`: the legacy shape, converted to v1. */
  format: 'v1' | 'v0.1';
  rows: number;
}

/** One data row after header mapping, values as strings exactly as read (not trimmed). */
export interface RawRow {
  file: string;
  line: number;
  /** Cells by v1 column; a column missing from the file is absent. */
  cells: Partial<Record<Column, string>>;
}

export interface ParsedFile {
  info: FileInfo;
  rows: RawRow[];
  /** File-level problems (unknown columns, missing columns, undecodable bytes...). */
  problems: Problem[];
}

/* ------------------------------------------------------------------ validate / normalize */

/** A row that passed validation: its normalized fields and where it came from. */
export interface ValidRow {
  file: string;
  line: number;
  record: StandardRecord;
}

export interface ValidationResult {
  /** Rows with no error (they may have warnings). */
  valid: ValidRow[];
  /** Rows kept out, with their location, for the reconciliation. */
  rejected: Array<{ file: string; line: number; id: string }>;
  problems: Problem[];
}

/* ------------------------------------------------------------------ reference data */

/**
 * How a commune's point was obtained when the reference table was built. The commune's own point:
 * `geonames` (the town centre), `ign-2018` (a point inside the commune, from its IGN Admin Express
 * COG 2018 outline), `ign-2018-ancien-code` (a commune nouvelle created since 2018: the 2018 point
 * of a former commune now part of it). A fallback, borrowed from another commune:
 * `ign-2018-rattachement` (a commune re-established since 2018: the 2018 point of the commune it
 * was part of), `voisine-code-postal` (the most populous commune with a point of its own among
 * those sharing its postal code; for a Paris arrondissement, Paris).
 */
export type CommunePointSource = 'geonames' | 'ign-2018' | 'ign-2018-ancien-code' | 'ign-2018-rattachement' | 'voisine-code-postal';

export interface Commune {
  /** INSEE code (COG in force). */
  code: string;
  nom: string;
  /** INSEE "population municipale". 0 for municipal arrondissements (counted in their parent). */
  population: number;
  codesPostaux: string[];
  /** SIREN of the EPCI, null when the commune belongs to none (islands, Paris...). */
  epci: string | null;
  departement: string;
  region: string;
  lat: number;
  lon: number;
  point: CommunePointSource;
  /** For a municipal arrondissement (Paris 15e...), the INSEE code of its commune. */
  parent?: string;
}

export interface Epci {
  code: string;
  nom: string;
  /** CC, CA, CU, METRO, MET69. */
  type: string;
  membres: string[];
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
}

export interface Region {
  code: string;
  nom: string;
}

export interface AncienneCommune {
  /** Its INSEE code: a stale one, or the current commune's own code for the one at its seat. */
  code: string;
  nom: string;
  /** The current commune it belongs to. */
  commune: string;
}

/** The compact reference table committed in `data/reference/`, built by a script. */
export interface ReferenceData {
  /** Current communes and municipal arrondissements. */
  communes: Commune[];
  /** Stale INSEE code (merged, delegated, associated commune) → current commune code. */
  anciensCodes: Record<string, string>;
  epcis: Epci[];
  departements: Departement[];
  regions: Region[];
  /** Where the table comes from, for the site's credits. */
  sources: string[];
  /**
   * Former communes whose name is known (delegated and associated communes), still used in
   * addresses ("Vire" for Vire Normandie): name matching falls back on them.
   */
  anciennesCommunes?: AncienneCommune[];
}

/* ------------------------------------------------------------------ geocode */

/**
 * Precision reached, from best to worst: `commune` is the commune's own point, `commune_voisine`
 * a known commune placed at a point borrowed from another commune (see `CommunePointSource`);
 * `code_postal` and `departement` are for rows whose commune was not found.
 */
export type GeocodePrecision = 'adresse' | 'commune' | 'commune_voisine' | 'code_postal' | 'departement' | 'aucune';

export interface Geocode {
  precision: GeocodePrecision;
  /** How, e.g. `coordonnees`, `coordonnees-inversees`, `lambert93`, `code-insee`, `code-postal-nom`, `ban`. */
  method: string;
  lat: number;
  lon: number;
  /** Current INSEE code of the commune the venue is in, when known. */
  codeInsee: string | null;
}

/* ------------------------------------------------------------------ venues */

export interface SourceRef {
  file: string;
  line: number;
  id: string;
}

/** A venue after deduplication: the standard's fields, its position and the rows it comes from. */
export interface MergedVenue {
  /** Stable identifier used in URLs: folded name + commune + short hash of the first source. */
  slug: string;
  record: StandardRecord;
  geo: Geocode;
  /** Every input row merged into this venue (the first is the one whose fields won). */
  sources: SourceRef[];
}

/** Where a venue is, derived once by the enrichment stage. */
export interface VenuePlace {
  /** Current INSEE code of its commune or municipal arrondissement; null when unknown. */
  commune: string | null;
  /** From the commune, else from the postal code's digits; null when neither names one. */
  departement: string | null;
  /** Code of the département's région. */
  region: string | null;
  /** IANA time zone of the venue's clock (overseas territories keep their own). */
  timeZone: string;
}

/** A venue as published: merged, then enriched. */
export interface Venue extends MergedVenue {
  place: VenuePlace;
  /** Index of its weekly schedule in the pipeline's schedule table; -1 when none could be read. */
  schedule: number;
}

export interface Merge {
  /** The venue kept. */
  kept: SourceRef;
  /** The row merged into it. */
  merged: SourceRef;
  /** Similarity score 0–100 and its parts. */
  score: number;
  nameScore: number;
  addressScore: number;
  /** Null when either point is only commune-precise: the distance is then left out of the score. */
  distanceScore: number | null;
}

/* ------------------------------------------------------------------ report */

export interface ReportSummary {
  rows: number;
  published: number;
  merged: number;
  rejected: number;
  warnings: number;
  errors: number;
}

/** What `npm run validate -- --format json` prints and `dist/donnees/rapport.json` holds. */
export interface Report {
  summary: ReportSummary;
  files: FileInfo[];
  problems: Problem[];
  merges: Merge[];
}
