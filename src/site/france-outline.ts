/**
 * The outline of France (metropolitan and overseas départements) drawn under every map, so the
 * markers keep a sense of place when the raster tiles cannot load. Source: Natural Earth (public
 * domain, no attribution needed) as packaged in TopoJSON by `world-atlas`, read at build time
 * only; the browser downloads the small GeoJSON served at `/donnees/contour-france.json`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { simplify } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

/** ISO 3166-1 numeric code of France; Natural Earth's France includes the five DROM. */
export const FRANCE_COUNTRY_ID = '250';

export interface OutlineOptions {
  /** Douglas-Peucker tolerance in degrees: 0.005° is about 500 m, half a pixel at zoom 7. */
  tolerance?: number;
  /** Decimals kept on coordinates: 3 is about 100 m. */
  decimals?: number;
}

/**
 * France's outline from a `world-atlas` countries topology (object `countries`), simplified and
 * rounded so that it stays a small download. Rings that simplification collapses (islets
 * smaller than the tolerance) are dropped.
 */
export function franceOutline(topology: Topology, options: OutlineOptions = {}): MultiPolygon {
  const { tolerance = 0.005, decimals = 3 } = options;
  const countries = topology.objects.countries;
  if (!countries || countries.type !== 'GeometryCollection') throw new Error('Topologie sans objet « countries »');
  const france = countries.geometries.find((geometry) => String(geometry.id) === FRANCE_COUNTRY_ID);
  if (!france) throw new Error(`Topologie sans le pays ${FRANCE_COUNTRY_ID} (France)`);
  // Mainland, Corsica and the overseas départements: several polygons.
  if (france.type !== 'MultiPolygon') throw new Error(`Contour de la France inattendu : ${france.type}`);
  const simplified = simplify(feature(topology, france).geometry, { tolerance, highQuality: true, mutate: false });
  const factor = 10 ** decimals;
  const round = (value: number): number => Math.round(value * factor) / factor;
  const coordinates = simplified.coordinates
    .map((polygon) => polygon.map((ring) => dropRepeats(ring.map(([lon, lat]): Position => [round(lon!), round(lat!)]))))
    // A polygon whose outer ring vanished goes with its holes; a vanished hole alone just goes.
    .filter((polygon) => (polygon[0]?.length ?? 0) >= 4)
    .map((polygon) => polygon.filter((ring) => ring.length >= 4));
  return { type: 'MultiPolygon', coordinates };
}

/** Rounding can make neighbouring points equal: keep one of each run. */
function dropRepeats(ring: Position[]): Position[] {
  return ring.filter((point, i) => i === 0 || point[0] !== ring[i - 1]![0] || point[1] !== ring[i - 1]![1]);
}

/**
 * Loads `world-atlas`'s 1:10m countries topology from node_modules (build time only). The 1:50m
 * one is five times lighter to read but its coast is a few straight lines per département once
 * zoomed in, and simplifying the 1:10m one still gives a download of about 11 KB gzipped.
 */
export function loadWorldAtlasCountries(): Topology {
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-10m.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Topology;
}
