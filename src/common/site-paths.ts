/**
 * Every internal URL of the site, built from the path it is served under (`/`, or `/<name>/` for
 * a GitHub Pages project site). Pages get theirs from `src/site/paths.ts`, browser code from the
 * `data-base` attribute of `<html>`: no other module writes a root-absolute path, so a deployment
 * under a base path keeps every link, asset and data fetch right.
 */
import { emptyState, serializeCoverageState, serializeState, type HomeState } from './url-state.ts';

/** The files of `/donnees/` fetched or linked by name. */
export const DATA_FILES = {
  searchIndex: 'index-recherche.json',
  communeTable: 'communes-recherche.json',
  franceOutline: 'contour-france.json',
  venuesCsv: 'lieux.csv',
  venuesGeoJson: 'lieux.geojson',
  report: 'rapport.json',
  townsGeoJson: 'villes-moyennes.geojson',
  coverageHexagonsGeoJson: 'couverture-hexagones.geojson',
  /** The pipeline's own inputs, for the in-browser file checker. */
  communeReference: 'reference-communes.json',
  onlineGeocodeCache: 'geocodage-cache.csv',
  sourcesIndex: 'sources/index.json',
} as const;

export interface SitePaths {
  /** The base path itself, `/` or `/<name>/`. */
  base: string;
  /** The finder, with the given part of its state in the query string (one URL vocabulary: `url-state.ts`). */
  home(state?: Partial<HomeState>): string;
  venue(slug: string): string;
  territories(): string;
  departement(code: string): string;
  commune(departement: string, communeSlug: string): string;
  coverage(anchor?: string): string;
  /** The coverage page's view of one région (`?region=<INSEE code>`, see `url-state.ts`). */
  coverageOfRegion(region: string, anchor?: string): string;
  town(slug: string): string;
  about(anchor?: string): string;
  embedDoc(): string;
  embedMap(state?: Partial<HomeState>): string;
  /**
   * The contributors' pages: their home, the file checker, the listing form (a venue, or a new
   * one without `venue`; `closure` to report the venue closed). The form fetches the venue's
   * row from its département's file of `/donnees/fiches/`, hence `departement` in the link.
   */
  contribute(): string;
  contributeCheck(): string;
  contributeEdit(venue?: FormVenue, closure?: boolean): string;
  /** The downloadable templates (`public/modeles/`) and their index. */
  templates(file?: string): string;
  /** A file of `/donnees/`, e.g. `lieux.csv` or `departements/79.csv`. */
  data(file: string): string;
  /** A file of `public/`, e.g. `favicon.svg`. */
  asset(file: string): string;
}

/** The venue a listing form link names: its slug and the département its row is published under. */
export interface FormVenue {
  slug: string;
  departement: string | null;
}

/** The département file of `/donnees/fiches/` a venue's row is in (`hors-departement` when it has none). */
export const ficheFileCode = (departement: string | null): string => (departement ?? 'hors-departement').toLowerCase();

/** `/`, `/x/` → themselves; `''`, `x`, `/x` → with the slashes a base path needs. */
export function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

const withAnchor = (path: string, anchor?: string): string => (anchor ? `${path}#${anchor}` : path);

function withState(path: string, state?: Partial<HomeState>): string {
  if (!state) return path;
  const query = serializeState({ ...emptyState(), ...state });
  return query ? `${path}?${query}` : path;
}

export function sitePaths(base: string): SitePaths {
  const root = normalizeBase(base);
  const at = (path: string): string => `${root}${path}`;
  return {
    base: root,
    home: (state) => withState(root, state),
    venue: (slug) => at(`lieux/${encodeURIComponent(slug)}/`),
    territories: () => at('territoires/'),
    departement: (code) => at(`territoires/${code.toLowerCase()}/`),
    commune: (departement, communeSlug) => at(`territoires/${departement.toLowerCase()}/${encodeURIComponent(communeSlug)}/`),
    coverage: (anchor) => withAnchor(at('couverture/'), anchor),
    coverageOfRegion: (region, anchor) => withAnchor(at(`couverture/?${serializeCoverageState({ region })}`), anchor),
    town: (slug) => at(`couverture/villes-moyennes/${encodeURIComponent(slug)}/`),
    about: (anchor) => withAnchor(at('a-propos/'), anchor),
    embedDoc: () => at('integrer/'),
    embedMap: (state) => withState(at('integrer/carte/'), state),
    contribute: () => at('contribuer/'),
    contributeCheck: () => at('contribuer/verifier/'),
    contributeEdit: (venue, closure) => {
      if (venue === undefined) return at('contribuer/modifier/');
      const query = new URLSearchParams({ lieu: venue.slug, dep: ficheFileCode(venue.departement) });
      if (closure === true) query.set('fermeture', '1');
      return at(`contribuer/modifier/?${query.toString()}`);
    },
    templates: (file) => at(`modeles/${file ?? ''}`),
    data: (file) => at(`donnees/${file}`),
    asset: (file) => at(file),
  };
}
