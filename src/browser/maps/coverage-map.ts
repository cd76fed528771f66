/**
 * The coverage map (`CoverageMap.astro`): density hexagons (inhabitants per venue) under the
 * mid-sized towns (circles sized by population, coloured by underserved score, each linking to its
 * page), from the site's own downloads.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { densityColour, scoreLevel } from '../../common/coverage-scale.ts';
import { formatInteger } from '../../common/numbers.ts';
import type { TownFeatureProperties } from '../../coverage/downloads.ts';
import { paths } from '../site.ts';
import { createBaseMap, tilesOf } from './base-map.ts';

interface HexProperties {
  population: number;
  venues: number;
  inhabitantsPerVenue: number | null;
}

/** Metropolitan France, the first view. */
const METROPOLE_BOUNDS: L.LatLngBoundsExpression = [
  [41.3, -5.2],
  [51.1, 9.6],
];
const HEXAGON_OPACITY = 0.6;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} : ${response.status}`);
  return (await response.json()) as T;
}

/** The popup of a town, built as DOM nodes (names are data, never HTML). */
function townPopup(town: TownFeatureProperties): HTMLElement {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = paths.town(town.slug);
  link.textContent = town.nom;
  const facts = document.createElement('p');
  const score = town.score === null ? 'pas de données' : `score ${town.score}/100${town.underserved ? ' – sous-équipée' : ''}`;
  facts.textContent = `${formatInteger(town.population)} habitants – ${score}`;
  box.append(link, facts);
  return box;
}

function townMarker(town: Feature<Point, TownFeatureProperties>): L.CircleMarker {
  const [lon, lat] = town.geometry.coordinates as [number, number];
  const { population, programme, score } = town.properties;
  return L.circleMarker([lat, lon], {
    radius: 3 + Math.sqrt(population / 100_000) * 8,
    color: programme ? '#161616' : '#ffffff',
    weight: programme ? 3 : 1,
    fillColor: scoreLevel(score).colour,
    fillOpacity: 0.9,
  }).bindPopup(townPopup(town.properties));
}

async function showCoverageMap(element: HTMLElement): Promise<void> {
  const map = createMap(element);
  const [hexagons, towns] = await Promise.all([
    fetchJson<FeatureCollection<Polygon, HexProperties>>(element.dataset.hexagons ?? ''),
    fetchJson<FeatureCollection<Point, TownFeatureProperties>>(element.dataset.towns ?? ''),
  ]);
  L.geoJSON(hexagons, {
    style: (feature?: Feature<Geometry, HexProperties>) => ({
      stroke: false,
      fillColor: densityColour(feature?.properties.inhabitantsPerVenue ?? null),
      fillOpacity: HEXAGON_OPACITY,
    }),
    interactive: false,
  }).addTo(map);
  // Smaller towns drawn last, on top of larger neighbours.
  const sorted = [...towns.features].sort((a, b) => b.properties.population - a.properties.population);
  for (const town of sorted) townMarker(town).addTo(map);
  element.dataset.ready = 'true';
}

function createMap(element: HTMLElement): L.Map {
  return createBaseMap(element, {
    tiles: tilesOf(element),
    map: { scrollWheelZoom: false, preferCanvas: true },
    tileLayer: { maxZoom: 12, opacity: HEXAGON_OPACITY },
  }).fitBounds(METROPOLE_BOUNDS);
}

export function showCoverageMaps(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-coverage-map]')) {
    showCoverageMap(element).catch(() => {
      const message = document.createElement('p');
      message.className = 'notice notice--warning';
      message.textContent = 'La carte n’a pas pu être chargée : les tableaux ci-dessous donnent les mêmes informations.';
      element.replaceChildren(message);
    });
  }
}
