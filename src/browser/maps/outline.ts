/**
 * A light outline of France under every map of the site, so that the markers keep a sense of
 * place while the raster tiles load, or when they never do (no network, tile server blocked).
 * It lives in its own pane below the tiles: once tiles arrive they cover it, so it never
 * competes with them. Decoration only: not interactive, not focusable, hidden from screen readers.
 *
 * Colours: the finder's markers (#000091 venues, #b34000 towns) keep a contrast of at least 4.5:1
 * against both the land and the sea; the coverage map's circles, some of them pale, have a ring
 * that contrasts with their fill (see `coverage-scale.ts`).
 */
import L from 'leaflet';
import type { MultiPolygon } from 'geojson';
import { DATA_FILES } from '../../common/site-paths.ts';
import { paths } from '../site.ts';

const OUTLINE_URL = paths.data(DATA_FILES.franceOutline);
const PANE = 'france-outline';
/** Below Leaflet's tile pane (z-index 200). */
const PANE_Z_INDEX = '150';
/** The outline is about 1 km precise: closer in, its coast would be visibly off, so it hides. */
const MAX_ZOOM = 10;
const LAND = '#f4f4f8';
const COAST = '#8a8ab5';
const SEA = '#dde5ec';

/** One download per page, however many maps it shows. */
let outline: Promise<MultiPolygon | null> | null = null;

function fetchOutline(): Promise<MultiPolygon | null> {
  outline ??= fetch(OUTLINE_URL)
    .then((response) => (response.ok ? (response.json() as Promise<MultiPolygon>) : null))
    // A missing outline leaves the map as it was: nothing to tell the visitor.
    .catch(() => null);
  return outline;
}

/** Draws France's outline under `map`'s tiles, fetched after the next paint so that it never delays the map. */
export function addFranceOutline(map: L.Map): void {
  const pane = map.createPane(PANE);
  pane.style.zIndex = PANE_Z_INDEX;
  pane.setAttribute('aria-hidden', 'true');
  const container = map.getContainer();
  const showAtZoom = (): void => {
    const shown = map.getZoom() <= MAX_ZOOM;
    pane.hidden = !shown;
    // Sea around the land only while the land is drawn; closer in, the page's own background.
    container.style.backgroundColor = shown ? SEA : '';
  };
  showAtZoom();
  map.on('zoomend', showAtZoom);
  requestAnimationFrame(() => {
    void fetchOutline().then((shape) => {
      if (!shape) return;
      L.polygon(L.GeoJSON.coordsToLatLngs(shape.coordinates, 2), {
        pane: PANE,
        // Its own SVG renderer: maps that prefer canvas would otherwise draw it in their overlay pane.
        renderer: L.svg({ pane: PANE }),
        interactive: false,
        color: COAST,
        weight: 1,
        fillColor: LAND,
        fillOpacity: 1,
      }).addTo(map);
      // The page's `svg { max-width: 100% }` would shrink the drawing to its pane, which has no
      // width: Leaflet lifts that limit in its own overlay pane only.
      pane.querySelector('svg')?.style.setProperty('max-width', 'none');
    });
  });
}
