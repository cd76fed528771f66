/**
 * The small map of one venue on its page (`VenueMap.astro`): drawn only when it comes near the
 * viewport, since the address above it already says where the venue is.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { createBaseMap, tilesOf } from './base-map.ts';

const VENUE_MARKER: L.CircleMarkerOptions = { radius: 9, color: '#000091', weight: 3, fillColor: '#ffffff', fillOpacity: 1 };

export function showVenueMap(element: HTMLElement): void {
  const { lat, lon, zoom, label } = element.dataset;
  const point: L.LatLngTuple = [Number(lat), Number(lon)];
  const map = createBaseMap(element, { tiles: tilesOf(element), map: { scrollWheelZoom: false } }).setView(point, Number(zoom));
  const marker = L.circleMarker(point, VENUE_MARKER).addTo(map);
  // Leaflet parses a string tooltip as HTML: give it an element holding the name as text.
  const tooltip = document.createElement('span');
  tooltip.textContent = label ?? '';
  marker.bindTooltip(tooltip);
}
