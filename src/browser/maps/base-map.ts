/**
 * The one way every map of the site starts: Leaflet with the accessible options (French zoom
 * labels, keyboard, reduced motion), France's outline under the tiles, and the tile layer of the
 * site's configuration (URL and attribution written by the page, never listing data).
 */
import L from 'leaflet';
import { accessibleMapOptions, makeMapAccessible } from './accessibility.ts';
import { addFranceOutline } from './outline.ts';

export interface TileSource {
  /** Raster tile URL template (`{z}/{x}/{y}`). */
  url: string;
  /** May hold links: it is the deployer's configuration. */
  attribution: string;
}

export interface BaseMapOptions {
  tiles: TileSource;
  /** Leaflet options on top of the accessible defaults. */
  map?: L.MapOptions;
  /** Tile layer options; `maxZoom` 19 unless given. */
  tileLayer?: L.TileLayerOptions;
  /** False for a map that does not move (an inset): no zoom buttons. */
  zoomButtons?: boolean;
}

/** The tile source a map element carries in `data-tiles` and `data-attribution`. */
export function tilesOf(element: HTMLElement): TileSource {
  return { url: element.dataset.tiles ?? '', attribution: element.dataset.attribution ?? '' };
}

export function createBaseMap(element: HTMLElement, options: BaseMapOptions): L.Map {
  const map = L.map(element, accessibleMapOptions(options.map));
  makeMapAccessible(map, options.zoomButtons ?? true);
  addFranceOutline(map);
  L.tileLayer(options.tiles.url, { attribution: options.tiles.attribution, maxZoom: 19, ...options.tileLayer }).addTo(map);
  return map;
}
