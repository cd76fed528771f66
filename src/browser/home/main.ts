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
import { activeCriteria, renderCriteria } from './criteria.ts';
import { activeFilterCount, flagLabel, prepareFilterChecks, showFilterCounts, type FilterCheck } from './filter-panel.ts';
import type { TownFeature, VenueMap } from './map.ts';
import { afterLoad, fetchJson, required } from './page-load.ts';
import { renderPlaceChoices } from './place-choices.ts';
import { VenueSearch, type Origin, type Results } from './query.ts';
import { listItem, popupContent } from './render.ts';
import { paths } from '../site.ts';
import { foldText } from '../../common/text.ts';
import { formatDistance, plural } from '../../common/numbers.ts';
import { departementOfCode } from '../../common/geography.ts';

const PAGE_SIZE = 50;
const ANNOUNCE_DELAY_MS = 600;
const URL_DELAY_MS = 400;
/** The map redraws once typing pauses, so that clustering never delays the next keystroke. */
const MAP_DELAY_TYPING_MS = 350;
const MAP_DELAY_MS = 100;
/** Filter counts wait for a pause too: they go over every venue once per update. */
const COUNTS_DELAY_MS = 150;
/** The map is beside the list from this width; below it, one tap away. */
const SIDE_BY_SIDE = '(min-width: 62em)';
/** The map frames at most this many of the first results (a whole list of France says nothing). */
const FRAMED_RESULTS = 50;

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
  private readonly filters: HTMLDetailsElement;
  private readonly heading: HTMLElement;
  private readonly criteriaBox: HTMLElement;
  private readonly checks: FilterCheck[];
  private readonly newTab: boolean;
  private mapLoading: Promise<void> | null = null;
  private search: VenueSearch | null = null;
  private map: VenueMap | null = null;
  private state: HomeState;
  private device: Origin | null = null;
  private results: Results = { order: [], distances: [], origin: null, words: '' };
  private shown = 0;
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
    this.filters = required(root, '#finder-filters');
    this.heading = required(root, '#finder-results-title');
    this.criteriaBox = required(root, '#finder-criteria');
    this.newTab = root.dataset.embed === 'true';
    this.state = parseState(location.search);
    this.checks = prepareFilterChecks(this.filters);
    this.writeForm();
    // A shared view with filters keeps the panel folded: the criteria are listed above the results.
  }

  async start(): Promise<void> {
    this.bindEvents();
    await afterLoad();
    const index = await fetchJson<SearchIndex>(this.root.dataset.indexUrl!);
    this.search = new VenueSearch(index);
    // The territory's name is in the data.
    this.writeForm();
    if (this.state.q) await Promise.all([this.loadCommunes(), this.search.prepare()]);
    this.update({ moveMap: true });
    this.restoreFocus();
    this.root.dataset.ready = 'true';
    const sideBySide = window.matchMedia(SIDE_BY_SIDE);
    sideBySide.addEventListener('change', () => {
      if (sideBySide.matches) void this.ensureMap();
    });
    if (sideBySide.matches) await this.ensureMap();
  }

  /** Loads the map once, when it is first on screen. */
  private ensureMap(): Promise<void> {
    this.mapLoading ??= this.loadMap(this.search!.index);
    return this.mapLoading;
  }

  /** « Liste » or « Carte » on a phone (side by side on a wide screen, where both show). */
  private async showView(view: 'list' | 'map'): Promise<void> {
    this.root.dataset.view = view;
    required(this.root, '#finder-view-list').setAttribute('aria-pressed', String(view === 'list'));
    required(this.root, '#finder-view-map').setAttribute('aria-pressed', String(view === 'map'));
    if (view !== 'map') return;
    await this.ensureMap();
    this.map?.refreshSize();
    this.frameResults();
  }

  /**
   * After a search the results are what matters: the filter panel folds and the results' heading
   * takes the focus (and the top of the screen), so that the first result is in sight.
   */
  private showResults(): void {
    this.filters.open = false;
    this.heading.focus({ preventScroll: true });
    this.heading.scrollIntoView({ block: 'start' });
  }

  /** Back from a venue page: the focus goes to the result that was opened, not to the top of the page. */
  private restoreFocus(): void {
    const opened = (history.state as { opened?: string } | null)?.opened;
    if (!opened) return;
    for (let pages = 0; pages < 20; pages++) {
      const link = [...this.list.querySelectorAll<HTMLAnchorElement>('a')].find((a) => a.getAttribute('href') === opened);
      if (link) {
        link.focus();
        return;
      }
      if (this.more.hidden) return;
      this.renderMore();
    }
  }

  private bindEvents(): void {
    this.input.addEventListener(
      'focus',
      () => {
        void this.search?.prepare().then(() => (this.root.dataset.textReady = 'true'));
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
      this.update({ moveMap: true });
      this.writeUrl('push');
    });
    this.form.addEventListener('click', (event) => {
      // A value that gives no venue is offered (folded) but cannot be chosen.
      const box = event.target;
      if (box instanceof HTMLInputElement && box.getAttribute('aria-disabled') === 'true' && box.checked) event.preventDefault();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.readForm();
      this.update({ moveMap: true });
      this.writeUrl('push');
      this.showResults();
    });
    this.filters.addEventListener('toggle', () => {
      if (this.filters.open) this.updateCounts();
    });
    required(this.root, '#finder-view-list').addEventListener('click', () => void this.showView('list'));
    required(this.root, '#finder-view-map').addEventListener('click', () => void this.showView('map'));
    this.list.addEventListener('click', (event) => {
      const link = (event.target as Element).closest('a');
      // Remembered in this history entry, for the focus to come back here after Back.
      if (link) history.replaceState({ opened: link.getAttribute('href') }, '');
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.restoreFocus();
    });
    required<HTMLButtonElement>(this.root, '#finder-reset').addEventListener('click', () => {
      const q = this.state.q;
      this.state = { ...emptyState(), q, position: this.state.position };
      this.writeForm();
      this.update({ moveMap: true });
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
    const territory = required<HTMLElement>(this.root, '#finder-territory');
    territory.hidden = !(this.state.dep || this.state.commune);
    territory.querySelector('span')!.textContent = this.territoryLabel();
  }

  /** « Limité à la commune : Valence. », « Limité au département : Allier (03). » */
  private territoryLabel(): string {
    const name = this.territoryName();
    return this.state.commune ? `Limité à la commune : ${name}.` : `Limité au département : ${name}.`;
  }

  /** « Valence », « Allier (03) »: names the visitor knows, codes only when no name is at hand. */
  private territoryName(): string {
    const { commune, dep } = this.state;
    if (commune) {
      const v = this.search?.index.venues;
      const i = v ? v.codeInsee.indexOf(commune) : -1;
      return i >= 0 ? v!.commune[i]! : commune;
    }
    const names = JSON.parse(this.root.dataset.departements ?? '{}') as Record<string, string>;
    return names[dep] ? `${names[dep]} (${dep})` : dep;
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
    if (!this.search.textReady && this.search.needsText(this.state)) {
      // The fuzzy matcher is on its way (first use of the search field): search once it is here.
      void this.search.prepare().then(() => this.update({ moveMap, typing }));
      return;
    }
    const now = new Date();
    this.results = this.search.run(this.state, this.device, now);
    this.list.replaceChildren();
    this.shown = 0;
    this.renderMore();
    const summary = this.summary();
    this.count.textContent = summary;
    this.renderPlaceChoices();
    this.later('announce', ANNOUNCE_DELAY_MS, () => (this.announcer.textContent = summary));
    const active = activeFilterCount(this.state);
    this.filterCount.textContent = active > 0 ? `(${plural(active, 'actif')})` : '';
    this.renderCriteria();
    this.later('counts', COUNTS_DELAY_MS, () => this.updateCounts());
    this.later('map', typing ? MAP_DELAY_TYPING_MS : MAP_DELAY_MS, () => this.updateMap(moveMap));
  }

  private renderPlaceChoices(): void {
    const names = JSON.parse(this.root.dataset.departements ?? '{}') as Record<string, string>;
    renderPlaceChoices(required(this.root, '#finder-places'), this.results.origin?.homonyms ?? [], names, (choice) => {
      this.state.q = choice.query;
      this.input.value = choice.query;
      this.update({ moveMap: true });
      this.writeUrl('push');
      this.showResults();
    });
  }

  /** Whether some of the results lie in the commune searched for (none: the summary says so). */
  private communeHasResults(commune: { name: string; departement: string }): boolean {
    const v = this.search!.index.venues;
    const name = foldText(commune.name);
    return this.results.order.some((i) => foldText(v.commune[i]!) === name && departementOfCode(v.codeInsee[i] || v.postalCode[i]!) === commune.departement);
  }

  private renderCriteria(): void {
    const search = this.search!;
    const criteria = activeCriteria(this.state, search.index.vocabularies, (key) => flagLabel(this.checks, key), this.territoryName());
    renderCriteria(this.criteriaBox, criteria, this.results.order.length === 0, {
      foundWithout: (criterion) => {
        const without = structuredClone(this.state);
        criterion.without(without);
        return search.run(without, this.device, new Date()).order.length;
      },
      drop: (criterion) => {
        criterion.without(this.state);
        this.writeForm();
        this.update({ moveMap: true });
        this.writeUrl('push');
        this.heading.focus();
      },
    });
  }

  /** Counts go over every venue once: only while the panel is open. */
  private updateCounts(): void {
    if (!this.search || !this.filters.open) return;
    showFilterCounts(this.checks, this.search.facetCounts(this.state, this.device, new Date()), this.search.index.vocabularies);
  }

  private summary(): string {
    const { order, origin } = this.results;
    if (order.length === 0) {
      // With criteria, the list of them below says which one to drop.
      return hasFilters(this.state)
        ? 'Aucun lieu ne correspond.'
        : 'Aucun lieu ne correspond : vérifiez l’orthographe, ou cherchez une commune voisine.';
    }
    const found = plural(order.length, 'lieu trouvé', 'lieux trouvés');
    const sorted = order.length > 1 ? 'triés' : 'trié';
    if (origin?.commune && !this.communeHasResults(origin.commune)) {
      const nearest = this.results.distances[0]!;
      const what = this.results.words ? `Aucun « ${this.results.words} »` : 'Aucun lieu';
      return `${what} à ${origin.commune.name}${hasFilters(this.state) ? ' avec ces critères' : ''} : ${this.results.words ? plural(order.length, 'lieu trouvé ailleurs', 'lieux trouvés ailleurs') : plural(order.length, 'lieu proche', 'lieux proches')}, le premier à ${formatDistance(nearest)}.`;
    }
    if (origin) return `${found}, ${sorted} par distance depuis ${origin.kind === 'device' ? 'votre position' : origin.label}`;
    if (foldText(this.state.q).length >= 2) return `${found}, ${sorted} par pertinence`;
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
    if (moveMap) this.frameResults();
  }

  /** The map follows the results: it frames the first ones (and the place they are sorted around). */
  private frameResults(): void {
    const map = this.map;
    const search = this.search;
    if (!map || !search) return;
    const { order, origin } = this.results;
    const v = search.index.venues;
    // The whole of France, or nothing: the view the visitor has is as good as any.
    if (order.length === 0 || (order.length === v.count && !origin)) return;
    const points: Array<[number, number]> = order.slice(0, FRAMED_RESULTS).map((i) => [v.lat[i]!, v.lon[i]!]);
    if (origin) points.push([origin.lat, origin.lon]);
    map.fitPoints(points);
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
        this.showResults();
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
