/**
 * The downloadable data: published venues in the standard's 32 columns (CSV) and as GeoJSON,
 * nationally and per département. Coordinates and INSEE codes are those the pipeline settled on,
 * so a re-user gets every venue placed.
 *
 * The CSV files are what open-data portals check against the standard's Table Schema before
 * they accept them, so they are written to pass it, and no venue is left out to get there:
 * - a venue with no valid SIRET or RNA gets the standard's placeholder `00000000000000`, as the
 *   national pipeline writes it;
 * - where the schema and the ANCT library spell a value differently, the CSV takes the schema's
 *   spelling (`CSV_SPELLINGS`); the site and the GeoJSON keep the library's, which the
 *   national map reads;
 * - a value the schema refuses although the site can use it (a foreign phone number, an id
 *   that another producer's file also uses) is emptied or made unique in the CSV, and reported
 *   on the venue's source row.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { recordToCsvRow, toCsv } from './csv.ts';
import { departementOfCode } from '../../common/geography.ts';
import { COLUMNS, FIELDS } from '../schema.ts';
import type { StandardRecord } from '../schema.ts';
import type { GeocodePrecision, MergedVenue, Problem, ReferenceData, SourceRef, Venue } from '../types.ts';

/** The standard's placeholder for a structure whose SIRET or RNA is unknown. */
export const PIVOT_PLACEHOLDER = '00000000000000';

/**
 * The values the standard's Table Schema spells differently from the ANCT library. The schema
 * v1.0.2 pattern of `formations_labels` has no space before the bracket; portals validate
 * against the pattern, so the CSV follows it. Reading either spelling gives the same value.
 */
export const CSV_SPELLINGS: Partial<Record<keyof StandardRecord, ReadonlyMap<string, string>>> = {
  formations_labels: new Map([['Étapes numériques (La Poste)', 'Étapes numériques(La Poste)']]),
};

/** The venue's record with the pipeline's coordinates, INSEE code when the producer gave none, and a pivot. */
export function exportedRecord(venue: MergedVenue): StandardRecord {
  return {
    ...venue.record,
    pivot: venue.record.pivot === '' ? PIVOT_PLACEHOLDER : venue.record.pivot,
    latitude: venue.geo.lat,
    longitude: venue.geo.lon,
    code_insee: venue.record.code_insee === '' ? (venue.geo.codeInsee ?? '') : venue.record.code_insee,
  };
}

export interface CsvExport {
  /** Each venue's record as the CSV files write it. */
  records: ReadonlyMap<MergedVenue, StandardRecord>;
  /** What was emptied or renamed to meet the schema, on each venue's first source row. */
  problems: Problem[];
}

/**
 * The records of the CSV downloads, for all the published venues at once: an id is unique in
 * the national file only if every venue is seen, and the per-département files must use the
 * same ids.
 */
export function csvExport(venues: readonly MergedVenue[]): CsvExport {
  const records = new Map<MergedVenue, StandardRecord>();
  const problems: Problem[] = [];
  const usedIds = new Set(venues.map((venue) => venue.record.id));
  const writtenIds = new Set<string>();
  for (const venue of venues) {
    const record = exportedRecord(venue);
    const source = venue.sources[0];
    const report = (column: keyof StandardRecord, value: string, code: string, message: string) => {
      if (source !== undefined) problems.push({ file: source.file, line: source.line, column, value, severity: 'warning', code, message });
    };
    if (record.telephone !== '' && !FIELDS.telephone.pattern.test(record.telephone)) {
      report(
        'telephone',
        record.telephone,
        'telephone-hors-standard',
        `Le numéro « ${record.telephone} » est affiché sur le site, mais le standard n'accepte que les numéros de France ` +
          `et d'outre-mer : il est laissé vide dans les fichiers CSV téléchargeables.`,
      );
      record.telephone = '';
    }
    if (writtenIds.has(record.id)) {
      let suffix = 2;
      while (usedIds.has(`${record.id}-${suffix}`)) suffix++;
      const unique = `${record.id}-${suffix}`;
      report(
        'id',
        record.id,
        'id-exporte-renomme',
        `L'identifiant « ${record.id} » est aussi celui d'un lieu d'un autre fichier : dans les fichiers CSV ` +
          `téléchargeables, où chaque identifiant doit être unique, ce lieu s'appelle « ${unique} ». ` +
          `Donnez-lui un identifiant propre à votre structure, par exemple préfixé par son nom.`,
      );
      record.id = unique;
      usedIds.add(unique);
    }
    writtenIds.add(record.id);
    for (const [column, spellings] of Object.entries(CSV_SPELLINGS) as Array<[keyof StandardRecord, ReadonlyMap<string, string>]>) {
      const values = record[column];
      if (Array.isArray(values)) (record as Record<string, unknown>)[column] = values.map((value) => spellings.get(value) ?? value);
    }
    records.set(venue, record);
  }
  return { records, problems };
}

/**
 * CSV in the standard's 32 columns (see csv.ts for the format and the formula guard). `exported`
 * is `csvExport` of every published venue when `venues` is only some of them.
 */
export function venuesToCsv(venues: readonly MergedVenue[], exported: CsvExport = csvExport(venues)): string {
  return toCsv(
    COLUMNS,
    venues.map((venue) => {
      const record = exported.records.get(venue);
      if (record === undefined) throw new Error(`Lieu ${venue.slug} absent de l'export CSV fourni.`);
      return recordToCsvRow(record);
    }),
  );
}

export type VenueProperties = StandardRecord & {
  /** How precisely the venue is placed. */
  geocodage: GeocodePrecision;
  /** The input rows merged into this venue. */
  sources: SourceRef[];
};

/** One Point feature per venue; properties are data (JSON strings), never HTML. */
export function venuesToGeoJson(venues: readonly Venue[]): FeatureCollection<Point, VenueProperties> {
  return {
    type: 'FeatureCollection',
    features: venues.map(
      (venue): Feature<Point, VenueProperties> => ({
        type: 'Feature',
        id: venue.slug,
        geometry: { type: 'Point', coordinates: [venue.geo.lon, venue.geo.lat] },
        properties: { ...exportedRecord(venue), geocodage: venue.geo.precision, sources: venue.sources },
      }),
    ),
  };
}

/**
 * Venues grouped by département code, every département of the reference present (empty when it
 * has no venue, so that a link to its file never breaks). The département comes from the
 * commune the pipeline placed the venue in, else from the postal code; a venue with neither
 * is only in the national files.
 */
export function venuesByDepartement(venues: readonly Venue[], reference: ReferenceData): Map<string, Venue[]> {
  const departementOf = new Map(reference.communes.map((c) => [c.code, c.departement]));
  const groups = new Map<string, Venue[]>(reference.departements.map((d) => [d.code, []]));
  for (const venue of venues) {
    const code =
      (venue.geo.codeInsee === null ? undefined : departementOf.get(venue.geo.codeInsee)) ??
      departementOfCode(venue.record.code_postal);
    if (code !== undefined) groups.get(code)?.push(venue);
  }
  return groups;
}

/**
 * The static paths of the per-département endpoints: one per département, its venues as props,
 * with the CSV records of all venues (see `csvExport`).
 */
export function departementPaths(venues: readonly Venue[], reference: ReferenceData) {
  const exported = csvExport(venues);
  return [...venuesByDepartement(venues, reference)].map(([code, departementVenues]) => ({
    params: { code },
    props: { venues: departementVenues, exported },
  }));
}
