/**
 * The downloadable data: published venues in the standard's 32 columns (CSV) and as GeoJSON,
 * nationally and per département. Coordinates and INSEE codes are those the pipeline settled on,
 * so a re-user gets every venue placed, in a file the standard's validators accept.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { recordToCsvRow, toCsv } from './csv.ts';
import { departementOfCode } from '../../common/departement.ts';
import { COLUMNS } from '../schema.ts';
import type { StandardRecord } from '../schema.ts';
import type { GeocodePrecision, ReferenceData, SourceRef, Venue } from '../types.ts';

/** The venue's record with the pipeline's coordinates and, when the producer gave none, INSEE code. */
export function exportedRecord(venue: Venue): StandardRecord {
  return {
    ...venue.record,
    latitude: venue.geo.lat,
    longitude: venue.geo.lon,
    code_insee: venue.record.code_insee === '' ? (venue.geo.codeInsee ?? '') : venue.record.code_insee,
  };
}

/** CSV in the standard's 32 columns (see csv.ts for the format and the formula guard). */
export function venuesToCsv(venues: readonly Venue[]): string {
  return toCsv(
    COLUMNS,
    venues.map((venue) => recordToCsvRow(exportedRecord(venue))),
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

/** The static paths of the per-département endpoints: one per département, its venues as props. */
export function departementPaths(venues: readonly Venue[], reference: ReferenceData) {
  return [...venuesByDepartement(venues, reference)].map(([code, departementVenues]) => ({
    params: { code },
    props: { venues: departementVenues },
  }));
}
