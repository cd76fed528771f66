/**
 * The map: Leaflet with client-side clustering (supercluster) over the current results, and the
 * layer of underserved mid-sized towns. Loaded with a dynamic import after the list works, so
 * neither Leaflet nor its CSS delays the first paint. Only the clusters in view are drawn, and
 * only after the map stops moving.
 */
import L from 'leaflet';
import leafletCssUrl from 'leaflet/dist/leaflet.css?url';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { METROPOLE_BOUNDS } from '../../common/geography.ts';
import type { MapPosition } from '../../common/url-state.ts';
import { viewChangeOptions } from '../maps/accessibility.ts';
import { createBaseMap } from '../maps/base-map.ts';
import type { TownFeatureProperties } from '../../coverage/downloads.ts';

/**
 * Clustering radius in screen pixels. Supercluster counts in units of `extent` per tile: with
 * Leaflet's 256-pixel tiles, `extent` must be 256 for the radius to be pixels, so that clusters
 * (36–48 px) never overlap one another.
 */
const CLUSTER_RADIUS = 60;
const TILE_SIZE = 256;
/**
 * Below this zoom, town markers overlap venue clusters on a phone, and overlapping targets are
 * too small to hit (WCAG 2.5.8): they are only drawn, and the legend links to the same towns as a
 * list. From this zoom on they open their popup like any marker.
 */
const TOWN_TARGET_ZOOM = 8;
/** Clickable size of single markers: at least the 24 px of WCAG 2.5.8, the visible dot is smaller. */
const TARGET_SIZE = 28;
const CLUSTER_MAX_ZOOM = 16;

export interface VenueMapOptions {
  tileUrl: string;
  attribution: string;
  initial: MapPosition | null;
  /** The popup of venue `i`, built when it opens. */
  popup: (i: number) => HTMLElement;
  /** Venue names, for the markers' accessible names. */
  name: (i: number) => string;
  /** Called after the user (or the code) moved the map. */
  onMove: (position: MapPosition) => void;
}

interface VenueProperties {
  i: number;
}

export interface TownFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: TownFeatureProperties;
}

/**
 * Markers never pan the map when they receive the focus (Leaflet's default): the pan would redraw
 * the venues, removing the focused marker, and tabbing through the map would drag the view (and
 * the shared URL) across France.
 */
const MARKER_DEFAULTS = { keyboard: true, autoPanOnFocus: false } as const;

/** Runs `activate` on click, and on Enter or Space when the marker has the focus (Leaflet's Enter is not a click). */
function onActivate(marker: L.Marker, activate: () => void): void {
  marker.on('click', activate);
  marker.on('keypress', (event: L.LeafletKeyboardEvent) => {
    if (event.originalEvent.key !== 'Enter' && event.originalEvent.key !== ' ') return;
    event.originalEvent.preventDefault();
    activate();
  });
}

/** Space opens a popup too: Leaflet gives markers the role of a button but only answers Enter. */
function openPopupOnSpace(marker: L.Marker): void {
  marker.on('keypress', (event: L.LeafletKeyboardEvent) => {
    if (event.originalEvent.key !== ' ') return;
    event.originalEvent.preventDefault();
    marker.openPopup();
  });
}

/** « 2,1 k » rather than « 2.1k »: French decimal comma, short enough for a 48 px circle. */
const COMPACT_COUNT = new Intl.NumberFormat('fr-FR', { notation: 'compact', maximumFractionDigits: 1 });

function countLabel(count: number): string {
  return count >= 1000 ? COMPACT_COUNT.format(count) : String(count);
}

/**
 * Adds Leaflet's stylesheet to the page and waits for it. Imported as a URL rather than as CSS so
 * that the build does not link it from the page's head, where it would delay the first paint.
 */
export function loadMapStylesheet(): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = leafletCssUrl;
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => resolve(), { once: true });
    document.head.append(link);
  });
}

export class VenueMap {
  private readonly map: L.Map;
  private readonly layer: L.LayerGroup;
  private readonly options: VenueMapOptions;
  private clusters: Supercluster<VenueProperties> | null = null;
  private allVenues: Supercluster<VenueProperties> | null = null;
  private towns: L.LayerGroup | null = null;
  private townMarkers: L.Marker[] = [];
  /**
   * While a venue's popup is open, moving the map (Leaflet pans to show the popup whole) must not
   * redraw the venues: that would remove its marker and close the popup just opened.
   */
  private venuePopupOpen = false;
  private redrawAfterPopup = false;

  constructor(container: HTMLElement, options: VenueMapOptions) {
    this.options = options;
    this.map = createBaseMap(container, {
      tiles: { url: options.tileUrl, attribution: options.attribution },
      map: { keyboard: true, zoomSnap: 1, preferCanvas: false },
    });
    if (options.initial) this.map.setView([options.initial.lat, options.initial.lon], options.initial.zoom);
    else this.map.fitBounds(METROPOLE_BOUNDS);
    this.map.attributionControl.setPrefix(false);
    this.layer = L.layerGroup().addTo(this.map);
    this.map.on('moveend', () => {
      if (this.venuePopupOpen) this.redrawAfterPopup = true;
      else this.draw();
      this.updateTownFocus();
      const center = this.map.getCenter();
      options.onMove({ lat: center.lat, lon: center.lng, zoom: this.map.getZoom() });
    });
  }

  /** Replaces the venues shown by those of `order`. */
  setVenues(order: readonly number[], lat: readonly number[], lon: readonly number[]): void {
    // Clustering 100,000 points takes most of a second: the unfiltered set, the most common view, is clustered once.
    const everything = order.length === lat.length;
    if (everything && this.allVenues) {
      this.clusters = this.allVenues;
    } else {
      const features = order.map((i) => ({
        type: 'Feature' as const,
        properties: { i },
        geometry: { type: 'Point' as const, coordinates: [lon[i]!, lat[i]!] },
      }));
      this.clusters = new Supercluster<VenueProperties>({ radius: CLUSTER_RADIUS, extent: TILE_SIZE, maxZoom: CLUSTER_MAX_ZOOM }).load(features);
      if (everything) this.allVenues = this.clusters;
    }
    this.draw();
  }

  setView(lat: number, lon: number, zoom: number): void {
    this.map.setView([lat, lon], zoom, viewChangeOptions());
  }

  /** After the map's box was hidden (the list view on a phone): Leaflet measures it again. */
  refreshSize(): void {
    this.map.invalidateSize({ pan: false });
  }

  /** Frames the given points (a territory's venues, the first results). */
  fitPoints(points: Array<[number, number]>): void {
    if (points.length === 0) return;
    this.map.fitBounds(L.latLngBounds(points), { maxZoom: 13, padding: [20, 20], ...viewChangeOptions() });
  }

  /** Draws the clusters and venues inside the current view. */
  private draw(): void {
    const focused = document.activeElement;
    const focusInLayer = focused instanceof HTMLElement && focused.matches('.finder-cluster, .finder-marker');
    this.layer.clearLayers();
    // The focused cluster (just zoomed into) or marker is gone: keep the focus in the map, not lost to the page.
    if (focusInLayer) this.map.getContainer().focus({ preventScroll: true });
    if (!this.clusters) return;
    const bounds = this.map.getBounds();
    const zoom = this.map.getZoom();
    const box: [number, number, number, number] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    for (const feature of this.clusters.getClusters(box, zoom)) {
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const properties = feature.properties as Partial<ClusterProperties> & Partial<VenueProperties>;
      if (properties.cluster) {
        const count = properties.point_count ?? 0;
        const size = count < 10 ? 36 : count < 100 ? 42 : 48;
        const marker = L.marker([lat, lng], {
          icon: L.divIcon({ className: 'finder-cluster', html: countLabel(count), iconSize: [size, size] }),
          title: `${count} lieux ici : zoomer`,
          ...MARKER_DEFAULTS,
        });
        const clusterId = properties.cluster_id!;
        onActivate(marker, () => {
          const target = Math.min(this.clusters!.getClusterExpansionZoom(clusterId), CLUSTER_MAX_ZOOM + 1);
          this.map.setView([lat, lng], target, viewChangeOptions());
        });
        this.layer.addLayer(marker);
      } else {
        const i = properties.i!;
        const marker = L.marker([lat, lng], {
          icon: L.divIcon({ className: 'finder-marker', iconSize: [TARGET_SIZE, TARGET_SIZE] }),
          title: this.options.name(i),
          ...MARKER_DEFAULTS,
        });
        marker.bindPopup(() => this.options.popup(i), { maxWidth: 280 });
        openPopupOnSpace(marker);
        marker.on('popupopen', () => (this.venuePopupOpen = true));
        marker.on('popupclose', () => {
          this.venuePopupOpen = false;
          if (!this.redrawAfterPopup) return;
          this.redrawAfterPopup = false;
          // Not from inside this event: the popup may be closing because draw() is removing its marker.
          window.setTimeout(() => this.draw());
        });
        this.layer.addLayer(marker);
      }
    }
  }

  /** Adds the underserved mid-sized towns, as a layer the caller can show or hide. */
  setTowns(features: TownFeature[], link: (slug: string) => string): void {
    this.towns = L.layerGroup();
    for (const feature of features) {
      const [lng, lat] = feature.geometry.coordinates;
      const { nom, slug } = feature.properties;
      const marker = L.marker([lat, lng], {
        icon: L.divIcon({ className: 'finder-town', iconSize: [TARGET_SIZE, TARGET_SIZE] }),
        title: `${nom} : ville moyenne peu couverte`,
        ...MARKER_DEFAULTS,
      });
      marker.bindPopup(() => {
        const box = document.createElement('div');
        box.className = 'finder-popup';
        const name = document.createElement('p');
        name.className = 'finder-popup__name';
        name.textContent = nom;
        const note = document.createElement('p');
        note.textContent = 'Ville moyenne peu couverte par les lieux de médiation numérique.';
        const anchor = document.createElement('a');
        anchor.href = link(slug);
        anchor.textContent = 'Voir l’analyse de cette ville';
        const paragraph = document.createElement('p');
        paragraph.append(anchor);
        box.append(name, note, paragraph);
        return box;
      });
      openPopupOnSpace(marker);
      this.towns.addLayer(marker);
      this.townMarkers.push(marker);
    }
    this.towns.addTo(this.map);
    this.updateTownFocus();
  }

  /**
   * Towns outside the view stay in the layer but leave the tab order (a focused marker must be
   * visible); far out, towns are passive drawings (TOWN_TARGET_ZOOM).
   */
  private updateTownFocus(): void {
    const bounds = this.map.getBounds();
    const passive = this.map.getZoom() < TOWN_TARGET_ZOOM;
    for (const marker of this.townMarkers) {
      const icon = marker.getElement();
      if (!icon) continue;
      // Passive towns go under the clusters, whose counts must stay readable; active ones on top.
      marker.setZIndexOffset(passive ? -1000 : 1000);
      icon.classList.toggle('finder-town--passive', passive);
      icon.tabIndex = !passive && bounds.contains(marker.getLatLng()) ? 0 : -1;
      if (passive) {
        icon.removeAttribute('role');
        icon.setAttribute('aria-hidden', 'true');
      } else {
        icon.setAttribute('role', 'button');
        icon.removeAttribute('aria-hidden');
      }
    }
  }

  showTowns(visible: boolean): void {
    if (!this.towns) return;
    if (visible) {
      this.towns.addTo(this.map);
      this.updateTownFocus();
    } else {
      this.towns.remove();
    }
  }
}
