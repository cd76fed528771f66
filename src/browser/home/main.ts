/**
 * The home page's tool: search, filters, list and map, kept in step with the URL. The page is
 * usable before this runs (server-rendered form, list and links); this script takes over once
 * the page has loaded, fetches the venue data, then loads the map.
 */
import type { CommuneTable, SearchIndex } from '../../common/search-format.ts';
import {
  FLAG_FILTERS,
  LIST_FILTERS,
  emptyState,
  hasFilters,
  parseState,
  serializeState,
  type HomeState,
  type MapPosition,
} from '../../common/url-state.ts';
import type { TownFeature, VenueMap } from './map.ts';
import { VenueSearch, type Origin, type Results } from './query.ts';
import { listItem, popupContent } from './render.ts';
import { paths } from '../site.ts';

const PAGE_SIZE = 50;
const ANNOUNCE_DELAY_MS = 600;
const URL_DELAY_MS = 400;
/** The map redraws once typing pauses, so that clustering never delays the next keystroke. */
const MAP_DELAY_TYPING_MS = 350;
const MAP_DELAY_MS = 100;

function required<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Missing ${selector}`);
  return found;
}

/** After the load event and the first contentful paint, so that fetching the data never competes with it. */
function afterLoad(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  }).then(afterFirstPaint);
}

/** Resolves once the browser reports its first contentful paint (at most a second later otherwise). */
function afterFirstPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) {
      resolve();
      return;
    }
    const observer = new PerformanceObserver((entries) => {
      if (entries.getEntriesByName('first-contentful-paint').length > 0) done();
    });
    // A page opened in a background tab never paints until shown: do not wait for it forever.
    const timer = window.setTimeout(done, 1000);
    function done(): void {
      window.clearTimeout(timer);
      observer.disconnect();
      resolve();
    }
    observer.observe({ type: 'paint', buffered: true });
  });
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('fr-FR')} ${count > 1 ? many : one}`;
}

class Finder {
  private readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly more: HTMLButtonElement;
  private readonly locateMessage: HTMLElement;
  private readonly filterCount: HTMLElement;
  private readonly newTab: boolean;
  private search: VenueSearch | null = null;
  private map: VenueMap | null = null;
  private state: HomeState;
  private device: Origin | null = null;
  private results: Results = { order: [], distances: [], origin: null };
  private shown = 0;
  private lastPlaceLabel = '';
  private communesRequested = false;
  private readonly timers = new Map<string, number>();

  constructor(root: HTMLElement) {
    this.root = root;
    this.form = required(root, '.finder-form');
    this.input = required(root, '#finder-q');
    this.list = required(root, '#finder-list');
    this.count = required(root, '#finder-count');
    this.announcer = required(root, '#finder-announcer');
    this.more = required(root, '#finder-more');
    this.locateMessage = required(root, '#finder-locate-message');
    this.filterCount = required(root, '#finder-filter-count');
    this.newTab = root.dataset.embed === 'true';
    this.state = parseState(location.search);
    this.writeForm();
    // A shared view with filters shows them, so that the visitor knows why the list is short.
    if (this.activeFilterCount() > 0) required<HTMLDetailsElement>(root, '#finder-filters').open = true;
  }

  private activeFilterCount(): number {
    return (
      LIST_FILTERS.reduce((sum, key) => sum + this.state.lists[key].length, 0) +
      FLAG_FILTERS.filter((key) => this.state.flags[key]).length
    );
  }

  async start(): Promise<void> {
    this.bindEvents();
    await afterLoad();
    const index = await fetchJson<SearchIndex>(this.root.dataset.indexUrl!);
    this.search = new VenueSearch(index);
    if (this.state.q) await this.loadCommunes();
    this.update({ moveMap: true });
    this.root.dataset.ready = 'true';
    await this.loadMap(index);
  }

  private bindEvents(): void {
    this.input.addEventListener(
      'focus',
      () => {
        this.search?.prepare();
        void this.loadCommunes();
      },
      { once: true },
    );
    this.input.addEventListener('input', () => {
      this.readForm();
      this.update({ moveMap: true, typing: true });
      this.later('url', URL_DELAY_MS, () => this.writeUrl('replace'));
    });
    this.form.addEventListener('change', (event) => {
      if (event.target === this.input) return;
      this.readForm();
      this.update({ moveMap: false });
      this.writeUrl('push');
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.readForm();
      this.update({ moveMap: true });
      this.writeUrl('push');
    });
    required<HTMLButtonElement>(this.root, '#finder-reset').addEventListener('click', () => {
      const q = this.state.q;
      this.state = { ...emptyState(), q, position: this.state.position };
      this.writeForm();
      this.update({ moveMap: false });
      this.writeUrl('push');
    });
    required<HTMLButtonElement>(this.root, '#finder-territory-clear').addEventListener('click', () => {
      this.state = { ...this.state, dep: '', commune: '' };
      this.writeForm();
      this.update({ moveMap: true });
      this.writeUrl('push');
      this.input.focus();
    });
    this.more.addEventListener('click', () => {
      const firstNew = this.shown;
      this.renderMore();
      this.list.children[firstNew]?.querySelector('a')?.focus();
    });
    const locate = required<HTMLButtonElement>(this.root, '#finder-locate');
    locate.hidden = false;
    locate.addEventListener('click', () => this.locate());
    window.addEventListener('popstate', () => {
      this.state = parseState(location.search);
      this.writeForm();
      this.update({ moveMap: true });
    });
  }

  private later(key: string, delay: number, run: () => void): void {
    window.clearTimeout(this.timers.get(key));
    this.timers.set(key, window.setTimeout(run, delay));
  }

  private async loadCommunes(): Promise<void> {
    if (this.communesRequested || !this.search) return;
    this.communesRequested = true;
    try {
      this.search.setCommunes(await fetchJson<CommuneTable>(this.root.dataset.communesUrl!));
      if (this.state.q) this.update({ moveMap: true });
    } catch {
      // Place search then falls back on the communes that have venues.
      this.communesRequested = false;
    }
  }

  /** Form controls → state (the map position and territory stay as they are). */
  private readForm(): void {
    const data = new FormData(this.form);
    this.state.q = String(data.get('q') ?? '').trim();
    for (const key of LIST_FILTERS) this.state.lists[key] = data.getAll(key).map(String);
    for (const key of FLAG_FILTERS) this.state.flags[key] = data.get(key) === '1';
  }

  /** State → form controls. */
  private writeForm(): void {
    this.input.value = this.state.q;
    for (const box of this.form.querySelectorAll<HTMLInputElement>('input[type=checkbox][name]')) {
      const name = box.name;
      if ((LIST_FILTERS as readonly string[]).includes(name)) {
        box.checked = this.state.lists[name as (typeof LIST_FILTERS)[number]].includes(box.value);
      } else if ((FLAG_FILTERS as readonly string[]).includes(name)) {
        box.checked = this.state.flags[name as (typeof FLAG_FILTERS)[number]];
      }
    }
    const territory = this.root.querySelector<HTMLElement>('#finder-territory');
    if (territory) {
      territory.hidden = !(this.state.dep || this.state.commune);
      territory.querySelector('span')!.textContent = this.state.commune
        ? `commune ${this.state.commune}`
        : `département ${this.state.dep}`;
    }
  }

  private writeUrl(mode: 'push' | 'replace'): void {
    const query = serializeState(this.state);
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  /** Runs the search and redraws the list now, the map a moment later. */
  private update({ moveMap, typing = false }: { moveMap: boolean; typing?: boolean }): void {
    if (!this.search) return;
    const now = new Date();
    this.results = this.search.run(this.state, this.device, now);
    this.list.replaceChildren();
    this.shown = 0;
    this.renderMore();
    const summary = this.summary();
    this.count.textContent = summary;
    this.later('announce', ANNOUNCE_DELAY_MS, () => (this.announcer.textContent = summary));
    const active = this.activeFilterCount();
    this.filterCount.textContent = active > 0 ? `(${active} actif${active > 1 ? 's' : ''})` : '';
    this.later('map', typing ? MAP_DELAY_TYPING_MS : MAP_DELAY_MS, () => this.updateMap(moveMap));
  }

  private summary(): string {
    const { order, origin } = this.results;
    if (order.length === 0) {
      return hasFilters(this.state)
        ? 'Aucun lieu ne correspond : retirez un filtre ou vérifiez l’orthographe.'
        : 'Aucun lieu ne correspond : vérifiez l’orthographe, ou cherchez une commune voisine.';
    }
    const found = plural(order.length, 'lieu trouvé', 'lieux trouvés');
    if (origin) return `${found}, triés par distance depuis ${origin.kind === 'device' ? 'votre position' : origin.label}`;
    if (this.state.q) return `${found}, triés par pertinence`;
    return `${found}, par ordre alphabétique`;
  }

  private renderMore(): void {
    const search = this.search;
    if (!search) return;
    const { order, distances } = this.results;
    const end = Math.min(order.length, this.shown + PAGE_SIZE);
    const now = new Date();
    const fragment = document.createDocumentFragment();
    for (let k = this.shown; k < end; k++) {
      fragment.append(listItem(search.index, order[k]!, { now, distance: distances[k], newTab: this.newTab }));
    }
    this.list.append(fragment);
    this.shown = end;
    this.more.hidden = this.shown >= order.length;
    this.more.textContent = `Afficher ${plural(Math.min(PAGE_SIZE, order.length - this.shown), 'lieu', 'lieux')} de plus`;
  }

  private updateMap(moveMap: boolean): void {
    const map = this.map;
    const search = this.search;
    if (!map || !search) return;
    const v = search.index.venues;
    map.setVenues(this.results.order, v.lat, v.lon);
    const origin = this.results.origin;
    const placeLabel = origin ? origin.label : '';
    if (moveMap && origin && placeLabel !== this.lastPlaceLabel) {
      map.setView(origin.lat, origin.lon, origin.kind === 'device' ? 13 : 12);
    }
    this.lastPlaceLabel = placeLabel;
  }

  private async loadMap(index: SearchIndex): Promise<void> {
    const container = required<HTMLElement>(this.root, '#finder-map');
    const { VenueMap, loadMapStylesheet } = await import('./map.ts');
    await loadMapStylesheet();
    container.replaceChildren();
    const initial: MapPosition | null = this.state.position;
    this.map = new VenueMap(container, {
      tileUrl: this.root.dataset.tileUrl!,
      attribution: this.root.dataset.tileAttribution!,
      initial,
      popup: (i) => popupContent(index, i, new Date(), this.newTab),
      name: (i) => index.venues.name[i]!,
      onMove: (position) => {
        // Around the visitor, the map's centre is where they are: keep it out of shareable URLs.
        this.state.position = this.device ? null : position;
        this.later('url', URL_DELAY_MS, () => this.writeUrl('replace'));
      },
    });
    this.updateMap(!initial);
    if (!initial && !this.results.origin && (this.state.dep || this.state.commune)) {
      const v = index.venues;
      this.map.fitPoints(this.results.order.map((i) => [v.lat[i]!, v.lon[i]!]));
    }
    this.root.dataset.mapReady = 'true';
    await this.loadTowns();
  }

  private async loadTowns(): Promise<void> {
    const toggle = this.root.querySelector<HTMLInputElement>('#finder-towns');
    const legend = this.root.querySelector<HTMLElement>('#finder-towns-legend');
    if (!toggle || !legend || !this.map) return;
    let features: TownFeature[];
    try {
      const collection = await fetchJson<{ features: TownFeature[] }>(this.root.dataset.townsUrl!);
      features = collection.features.filter((feature) => feature.properties.underserved);
    } catch {
      return;
    }
    this.map.setTowns(features, paths.town);
    legend.hidden = false;
    toggle.addEventListener('change', () => this.map?.showTowns(toggle.checked));
  }

  private locate(): void {
    const say = (text: string) => (this.locateMessage.textContent = text);
    if (!('geolocation' in navigator)) {
      say('Votre navigateur ne permet pas de vous localiser : saisissez plutôt votre commune ou votre code postal.');
      return;
    }
    say('Recherche de votre position…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.device = { lat: position.coords.latitude, lon: position.coords.longitude, label: 'votre position', kind: 'device' };
        if (this.state.q && this.search?.findPlace(this.state.q)) {
          this.state.q = '';
          this.input.value = '';
        }
        say('Lieux triés par distance depuis votre position (elle n’est ni enregistrée ni transmise).');
        this.update({ moveMap: true });
      },
      (error) => {
        if (error.code === error.PERMISSION_DENIED) {
          say('Vous n’avez pas autorisé la localisation. Saisissez votre commune ou votre code postal, ou autorisez-la dans les réglages du navigateur.');
        } else if (error.code === error.TIMEOUT) {
          say('Votre position met trop de temps à arriver. Réessayez, ou saisissez votre commune ou votre code postal.');
        } else {
          say('Votre position n’a pas pu être trouvée. Saisissez votre commune ou votre code postal.');
        }
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  }
}

const root = document.querySelector<HTMLElement>('[data-finder]');
if (root) {
  const finder = new Finder(root);
  finder.start().catch(() => {
    const status = root.querySelector('#finder-count');
    if (status) status.textContent = 'Les données des lieux n’ont pas pu être chargées : rechargez la page, ou parcourez les lieux par département ci-dessous.';
  });
}
