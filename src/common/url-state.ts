/**
 * The site's URL vocabulary: the query parameters its pages read, so that a view can be shared,
 * bookmarked, embedded (`/?embed=1&...`) and walked with back/forward. Browser-safe.
 *
 * The finder (home page and embedded map), its search, filters and map position. Parameters (all
 * optional, French names since people read and hand-edit them):
 *   q=niort                      free search text
 *   services=a,b  publics=...  accompagnement=...  frais=...  modalites=...  programmes=...
 *                                value slugs (`slugify` of the standard's labels), any of
 *   rdv=1 accessibilite=1 ouvert=1 weekend=1
 *                                online booking, accessibility page, open now, open at weekends
 *   position=46.32356,-0.45877,13  map centre and zoom
 *   dep=79  commune=79191        territory (département code, INSEE code)
 *   embed=1                      the embeddable view (no header or footer)
 * The visitor's own location (« Autour de moi ») is never written to the URL: a shared link
 * must not reveal where someone is.
 */

/** Multi-value filters: URL parameter names, in the order they are written. */
export const LIST_FILTERS = ['services', 'publics', 'accompagnement', 'frais', 'modalites', 'programmes'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** Yes/no filters: URL parameter names. */
export const FLAG_FILTERS = ['rdv', 'accessibilite', 'ouvert', 'weekend'] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

/** Every parameter the finder reads: a link with any other one would be silently ignored. */
export const FINDER_PARAMETERS: readonly string[] = ['q', ...LIST_FILTERS, ...FLAG_FILTERS, 'position', 'dep', 'commune', 'embed'];

/**
 * The coverage page (`/couverture/`):
 *   region=84                    the région its tables show (INSEE région code)
 */
export const REGION_PARAMETER = 'region';
export const COVERAGE_PARAMETERS: readonly string[] = [REGION_PARAMETER];

/** Every parameter of the site, whichever page reads it. */
export const URL_PARAMETERS: readonly string[] = [...FINDER_PARAMETERS, ...COVERAGE_PARAMETERS];

export interface MapPosition {
  lat: number;
  lon: number;
  zoom: number;
}

export interface HomeState {
  q: string;
  lists: Record<ListFilter, string[]>;
  flags: Record<FlagFilter, boolean>;
  position: MapPosition | null;
  dep: string;
  commune: string;
  embed: boolean;
}

export function emptyState(): HomeState {
  return {
    q: '',
    lists: { services: [], publics: [], accompagnement: [], frais: [], modalites: [], programmes: [] },
    flags: { rdv: false, accessibilite: false, ouvert: false, weekend: false },
    position: null,
    dep: '',
    commune: '',
    embed: false,
  };
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DEPARTEMENT = /^(?:\d{2,3}|2[AB])$/;
const INSEE = /^(?:\d{2}|2[AB])\d{3}$/;
const MAX_QUERY = 200;

function parsePosition(value: string | null): MapPosition | null {
  if (!value) return null;
  const parts = value.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) return null;
  const [lat, lon, zoom] = parts as [number, number, number];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || zoom < 0 || zoom > 19) return null;
  return { lat, lon, zoom: Math.round(zoom) };
}

/** Reads a query string (with or without `?`); values that make no sense are dropped, not fixed. */
export function parseState(search: string | URLSearchParams): HomeState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state = emptyState();
  state.q = (params.get('q') ?? '').trim().slice(0, MAX_QUERY);
  for (const key of LIST_FILTERS) {
    // Comma-separated in shared links; repeated (`services=a&services=b`) when the form is sent without JavaScript.
    const values = params.getAll(key).flatMap((value) => value.split(',')).map((value) => value.trim());
    state.lists[key] = [...new Set(values.filter((value) => SLUG.test(value)))];
  }
  for (const key of FLAG_FILTERS) state.flags[key] = params.get(key) === '1';
  state.position = parsePosition(params.get('position'));
  const dep = (params.get('dep') ?? '').toUpperCase();
  state.dep = DEPARTEMENT.test(dep) ? dep : '';
  const commune = (params.get('commune') ?? '').toUpperCase();
  state.commune = INSEE.test(commune) ? commune : '';
  state.embed = params.get('embed') === '1';
  return state;
}

/** Coordinates to 5 decimals (about 1 m), enough for a map view and stable in links. */
function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

/** The query string for a state, without `?`, parameters in a fixed order, defaults left out. */
export function serializeState(state: HomeState): string {
  const params = new URLSearchParams();
  if (state.embed) params.set('embed', '1');
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const key of LIST_FILTERS) {
    if (state.lists[key].length > 0) params.set(key, state.lists[key].join(','));
  }
  for (const key of FLAG_FILTERS) if (state.flags[key]) params.set(key, '1');
  if (state.dep) params.set('dep', state.dep);
  if (state.commune) params.set('commune', state.commune);
  if (state.position) {
    const { lat, lon, zoom } = state.position;
    params.set('position', `${round5(lat)},${round5(lon)},${zoom}`);
  }
  // Commas are safe in a query string and keep shared links readable.
  return params.toString().replace(/%2C/g, ',');
}

/** Whether any filter (not the text search, not the map position) narrows the results. */
export function hasFilters(state: HomeState): boolean {
  return (
    LIST_FILTERS.some((key) => state.lists[key].length > 0) ||
    FLAG_FILTERS.some((key) => state.flags[key]) ||
    state.dep !== '' ||
    state.commune !== ''
  );
}

export interface CoverageState {
  /** INSEE région code, '' for all of France. */
  region: string;
}

/** Two digits; three for the overseas collectivities the reference counts as régions (975, 977, 978). */
const REGION = /^\d{2,3}$/;

/** Reads the coverage page's query string; a région code of the wrong form is dropped. */
export function parseCoverageState(search: string | URLSearchParams): CoverageState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const region = (params.get(REGION_PARAMETER) ?? '').trim();
  return { region: REGION.test(region) ? region : '' };
}

/** The coverage page's query string, without `?`; '' for the whole of France. */
export function serializeCoverageState(state: CoverageState): string {
  return state.region ? new URLSearchParams({ [REGION_PARAMETER]: state.region }).toString() : '';
}
