/**
 * The coverage map (`CoverageMap.astro`): density hexagons (inhabitants per venue) under the
 * mid-sized towns (circles sized by population, coloured by underserved score, each linking to its
 * page), from the site's own downloads. Metropolitan France fills the main map; each overseas
 * département has its own small map beside it (`[data-coverage-inset]`, framed by `data-bounds`),
 * which does not move.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { densityColour, scoreLevel } from '../../common/coverage-scale.ts';
import { formatBounds, METROPOLE_BOUNDS, parseBounds } from '../../common/geography.ts';
import { formatInteger } from '../../common/numbers.ts';
import type { TownFeatureProperties } from '../../coverage/downloads.ts';
import { paths } from '../site.ts';
import { viewChangeOptions } from './accessibility.ts';
import { createBaseMap, tilesOf, type TileSource } from './base-map.ts';

interface HexProperties {
  population: number;
  venues: number;
  inhabitantsPerVenue: number | null;
}

type Hexagons = FeatureCollection<Polygon, HexProperties>;
type Towns = FeatureCollection<Point, TownFeatureProperties>;

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

function townMarker(town: Feature<Point, TownFeatureProperties>, interactive: boolean): L.CircleMarker {
  const [lon, lat] = town.geometry.coordinates as [number, number];
  const { population, programme, score } = town.properties;
  const level = scoreLevel(score);
  return L.circleMarker([lat, lon], {
    interactive,
    radius: 3 + Math.sqrt(population / 100_000) * 8,
    // The ring keeps pale circles visible on pale land; a programme town has a thick black one.
    color: programme ? '#161616' : level.ring,
    weight: programme ? 3 : 1.5,
    fillColor: level.colour,
    fillOpacity: 1,
  });
}

/** A feature's box: hexagons and towns are tested against an inset's frame without building layers. */
function featureBounds(feature: Feature<Polygon | Point>): L.LatLngBounds {
  const { geometry } = feature;
  const positions = geometry.type === 'Point' ? [geometry.coordinates] : (geometry.coordinates[0] ?? []);
  return L.latLngBounds(positions.map(([lon, lat]) => [lat!, lon!] as [number, number]));
}

/**
 * Draws the hexagons and towns on `map`: all of them on the main map, whose towns open their
 * popup; on an inset (`frame`), those inside its frame, as a picture.
 */
function drawLayers(map: L.Map, hexagons: Hexagons, towns: Towns, frame: L.LatLngBounds | null): void {
  const inside = (feature: Feature<Polygon | Point>): boolean => !frame || frame.intersects(featureBounds(feature));
  L.geoJSON(hexagons.features.filter(inside), {
    style: (feature?: Feature<Geometry, HexProperties>) => ({
      stroke: false,
      fillColor: densityColour(feature?.properties.inhabitantsPerVenue ?? null),
      fillOpacity: HEXAGON_OPACITY,
    }),
    interactive: false,
  }).addTo(map);
  // Smaller towns drawn last, on top of larger neighbours.
  const sorted = towns.features.filter(inside).sort((a, b) => b.properties.population - a.properties.population);
  for (const town of sorted) {
    const marker = townMarker(town, frame === null);
    if (frame === null) marker.bindPopup(townPopup(town.properties));
    marker.addTo(map);
  }
}

/** The main map; `still` for an inset, a picture that does not move and takes no input. */
function createMap(element: HTMLElement, tiles: TileSource, bounds: L.LatLngBoundsExpression, still: boolean): L.Map {
  const fixed: L.MapOptions = still
    ? { dragging: false, touchZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, attributionControl: false }
    : {};
  return createBaseMap(element, {
    tiles,
    // Quarter zoom steps: the country fills its frame instead of the third of it a whole zoom level gives.
    map: { scrollWheelZoom: false, preferCanvas: true, zoomSnap: 0.25, ...fixed },
    tileLayer: { maxZoom: 12, opacity: HEXAGON_OPACITY },
    zoomButtons: !still,
  }).fitBounds(bounds, { padding: [4, 4] });
}

async function showCoverageMap(element: HTMLElement): Promise<void> {
  const tiles = tilesOf(element);
  const main = createMap(element, tiles, METROPOLE_BOUNDS, false);
  // What the map shows, written as the `data-bounds` of the insets: the view is part of the page's state.
  const showView = (): void => {
    const view = main.getBounds();
    element.dataset.view = formatBounds([
      [view.getSouth(), view.getWest()],
      [view.getNorth(), view.getEast()],
    ]);
  };
  main.on('moveend', showView);
  showView();
  const block = element.closest<HTMLElement>('.coverage-map-block') ?? document.body;
  // Each inset, and the button under it, shows its territory on the main map; another button comes back.
  const insets = [...block.querySelectorAll<HTMLElement>('[data-coverage-inset]')].flatMap((inset) => {
    const bounds = parseBounds(inset.dataset.bounds);
    return bounds ? [{ map: createMap(inset, tiles, bounds, true), bounds: L.latLngBounds(bounds) }] : [];
  });
  block.addEventListener('click', (event) => {
    const target = (event.target as Element).closest<HTMLElement>('[data-map-view]');
    const bounds = parseBounds(target?.dataset.mapView);
    if (bounds) main.fitBounds(bounds, { padding: [4, 4], ...viewChangeOptions() });
  });
  const [hexagons, towns] = await Promise.all([
    fetchJson<Hexagons>(element.dataset.hexagons ?? ''),
    fetchJson<Towns>(element.dataset.towns ?? ''),
  ]);
  drawLayers(main, hexagons, towns, null);
  for (const inset of insets) drawLayers(inset.map, hexagons, towns, inset.bounds);
  block.dataset.ready = 'true';
  element.dataset.ready = 'true';
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
