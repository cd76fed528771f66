/**
 * The coverage downloads: CSV rows (with their headers) and GeoJSON layers, from the computed
 * coverage. The map layers carry only what a map needs; `TownFeatureProperties` is their contract
 * with the home and coverage maps.
 */
import { round } from '../common/numbers.ts';
import { DISTANCE_THRESHOLDS_KM, VENUE_GROUPS, type Coverage, type MidSizedTown, type TerritoryCoverage } from './compute.ts';

/** The properties of a mid-sized town in `villes-moyennes.geojson`. */
export interface TownFeatureProperties {
  code: string;
  nom: string;
  population: number;
  score: number;
  underserved: boolean;
  slug: string;
  /** Whether the town is in the programme list given to the build (e.g. Action Cœur de Ville). */
  programme: boolean;
}

/** Decimal numbers for CSV cells: a dot, as data tools expect, and no float noise. */
const csvNumber = (value: number | null, decimals = 2): number | null => (value === null ? null : round(value, decimals));

export const COMMUNES_CSV_HEADER = [
  'code_insee', 'nom', 'departement', 'region', 'epci', 'population', 'lieux', 'lieux_pour_10000_habitants',
  'distance_lieu_le_plus_proche_km', 'lieu_le_plus_proche', 'source_du_point_de_la_commune',
] as const;

export function communesCsvRows(coverage: Coverage): Array<Array<string | number | null>> {
  return coverage.communes.map((c) => [
    c.code, c.nom, c.departement, c.region, c.epci, c.population, c.venues, c.venuesPer10k,
    csvNumber(c.nearestKm, 1), c.nearestSlug, c.point,
  ]);
}

export const TERRITORIES_CSV_HEADER = [
  'code', 'nom', 'region', 'communes', 'population', 'lieux', 'lieux_pour_10000_habitants',
  ...DISTANCE_THRESHOLDS_KM.map((km) => `part_population_a_plus_de_${km}_km`),
  ...VENUE_GROUPS.map((g) => `lieux_${g.replace(/-/g, '_')}`),
  'villes_moyennes', 'villes_moyennes_sous_equipees',
] as const;

/** One row per territory; `regionOf` names the région of a département (empty for others). */
export function territoriesCsvRows(territories: readonly TerritoryCoverage[], regionOf: (code: string) => string): Array<Array<string | number | null>> {
  return territories.map((t) => [
    t.code, t.nom, regionOf(t.code), t.communes, t.population, t.venues, t.venuesPer10k,
    ...t.shareBeyondKm.map((share) => csvNumber(share, 4)),
    ...VENUE_GROUPS.map((g) => t.groups[g]),
    t.midSizedTowns, t.underservedMidSizedTowns,
  ]);
}

export const TOWNS_CSV_HEADER = [
  'code_insee', 'nom', 'departement', 'region', 'epci', 'population', 'lieux', 'lieux_pour_10000_habitants',
  'rapport_a_la_mediane', 'distance_lieu_le_plus_proche_km', 'score_sous_equipement', 'sous_equipee', 'programme',
  'latitude', 'longitude', 'source_du_point', 'page',
] as const;

export function townsCsvRows(coverage: Coverage, pageUrl: (town: MidSizedTown) => string): Array<Array<string | number | null>> {
  return coverage.midSizedTowns.map((t) => [
    t.code, t.nom, t.departement, t.region, t.epci, t.population, t.venues, t.venuesPer10k, t.densityRatio,
    csvNumber(t.nearestKm, 1), t.score, t.underserved ? 'oui' : 'non', t.programme ? 'oui' : 'non',
    round(t.lat, 5), round(t.lon, 5), t.point, pageUrl(t),
  ]);
}

/** Mid-sized towns as points, with only what a map layer needs (the home map reads it too). */
export function townsGeoJson(coverage: Coverage): GeoJSON.FeatureCollection<GeoJSON.Point, TownFeatureProperties> {
  return {
    type: 'FeatureCollection',
    features: coverage.midSizedTowns.map((t) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(t.lon, 5), round(t.lat, 5)] },
      properties: {
        code: t.code,
        nom: t.nom,
        population: t.population,
        score: t.score,
        underserved: t.underserved,
        slug: t.slug,
        programme: t.programme,
      },
    })),
  };
}

export function hexagonsGeoJson(coverage: Coverage): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  return {
    type: 'FeatureCollection',
    features: coverage.hexagons.map((h) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [h.ring] },
      properties: { population: h.population, venues: h.venues, inhabitantsPerVenue: h.inhabitantsPerVenue },
    })),
  };
}
