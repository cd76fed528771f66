/**
 * The project's configuration: the one module that reads environment variables. Every variable
 * is read, checked and given its default here, and documented in the README's configuration
 * table; the rest of the code receives plain values. A malformed value is a `ConfigError`, which
 * the CLIs and the build turn into a French message and exit code 2.
 *
 * Build-time only (pages, CLIs, astro.config.mjs): browser code gets what it needs from the page
 * (data attributes), never from here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './io/files.ts';

type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

/** Where the site is served when `SITE_URL` is unset: `npm start`'s local preview. */
export const LOCAL_SITE_URL = 'http://127.0.0.1:4321/';

export const DEFAULT_REPO_URL = 'https://github.com/lieux-mediation-numerique/lieux-mediation-numerique';
/**
 * Plan IGN on the Géoplateforme: free of charge and without a key for any traffic, which the
 * OpenStreetMap Foundation's own tile servers do not allow a national site (their usage policy
 * is for light use). It covers metropolitan France and the overseas départements.
 */
export const DEFAULT_TILE_URL =
  'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2' +
  '&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
export const DEFAULT_TILE_ATTRIBUTION = '© <a href="https://www.ign.fr/">IGN</a> – Plan IGN';
export const DEFAULT_GEOCODAGE_URL = 'https://data.geopf.fr/geocodage';

export interface ProjectLinks {
  /** Repository home, without a trailing slash. */
  repoUrl: string;
  /** Branch the data files are edited on. */
  branch: string;
  contributingUrl: string;
  /** E-mail for reports when the repository's issues are not wanted; '' when unset. */
  contactEmail: string;
}

export interface TileConfig {
  /** Raster tile URL template (`{z}/{x}/{y}`). */
  url: string;
  /** Attribution shown on every map; may hold links (trusted: it comes from the deployer). */
  attribution: string;
}

export interface SiteConfig {
  /** Absolute URL of the deployed site, ending with `/`. */
  siteUrl: URL;
  /** Path the site is served under, `/` or `/<name>/` (GitHub Pages project sites). */
  basePath: string;
  tiles: TileConfig;
  links: ProjectLinks;
  /** Lines to print once at build time (unset values that a deployment should set). */
  warnings: string[];
}

export interface PipelineConfig {
  /** Folder of the listing CSV files. */
  dataDir: string;
  /**
   * Folder of the correction files: `CORRECTIONS_DIR`, else `data/corrections/` of the
   * repository, except with another `DATA_DIR` (a folder checked as it is).
   */
  correctionsDir: string | null;
  /** Optional CSV of programme towns (column `insee_com`), e.g. Action Cœur de Ville. */
  programmeTownsFile: string | null;
  /** Base URL of the national address geocoder, for the optional online mode. */
  geocodageUrl: string;
  /**
   * The build's reference time: `SOURCE_DATE_EPOCH` (seconds) when set, so that builds and
   * date-dependent tests are reproducible; else now.
   */
  buildDate: Date;
}

const text = (value: string | undefined): string => value?.trim() ?? '';

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} n'est pas une adresse valide : « ${value} » (exemple : https://lieux.example.org/).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} doit commencer par https:// ou http:// : « ${value} ».`);
  }
  return url;
}

/** `/`, or `/name/` with one leading and one trailing slash, from `BASE_PATH` or the site URL's path. */
function basePathOf(env: Env, siteUrl: URL): string {
  const raw = text(env.BASE_PATH) || siteUrl.pathname;
  if (!/^[\w\-./~]*$/.test(raw) || raw.includes('..')) {
    throw new ConfigError(`BASE_PATH contient des caractères non permis : « ${raw} » (exemple : /lieux/).`);
  }
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

export function readSiteConfig(env: Env = process.env): SiteConfig {
  const warnings: string[] = [];
  const siteValue = text(env.SITE_URL);
  if (siteValue === '') {
    warnings.push(`SITE_URL n'est pas défini : les liens de partage et le plan du site pointent vers ${LOCAL_SITE_URL}.`);
  }
  const siteUrl = httpUrl('SITE_URL', siteValue || LOCAL_SITE_URL);
  const basePath = basePathOf(env, siteUrl);
  siteUrl.pathname = basePath;
  siteUrl.search = '';
  siteUrl.hash = '';

  const repoValue = text(env.PUBLIC_REPO_URL);
  const repoUrl = (repoValue ? httpUrl('PUBLIC_REPO_URL', repoValue).href : DEFAULT_REPO_URL).replace(/\/+$/, '');
  const branch = text(env.PUBLIC_REPO_BRANCH) || 'main';
  if (!/^[\w\-./]+$/.test(branch)) throw new ConfigError(`PUBLIC_REPO_BRANCH n'est pas un nom de branche : « ${branch} ».`);
  const contactEmail = text(env.PUBLIC_CONTACT_EMAIL);
  if (contactEmail !== '' && !/^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}$/i.test(contactEmail)) {
    throw new ConfigError(`PUBLIC_CONTACT_EMAIL n'est pas une adresse électronique : « ${contactEmail} ».`);
  }
  // The listing form sends proposals without a GitHub account to this address: a deployment
  // (SITE_URL set) must have one; a local build only warns.
  if (contactEmail === '') {
    const message = "PUBLIC_CONTACT_EMAIL n'est pas défini : le formulaire de modification des fiches ne peut pas proposer l'envoi par courriel.";
    if (siteValue !== '') throw new ConfigError(`${message} Indiquez l'adresse de l'équipe qui relit les propositions (exemple : PUBLIC_CONTACT_EMAIL=equipe@lieux.example.org).`);
    warnings.push(message);
  }

  const tileUrl = text(env.PUBLIC_TILE_URL);
  if (tileUrl !== '') httpUrl('PUBLIC_TILE_URL', tileUrl.replace(/[{}]/g, ''));
  return {
    siteUrl,
    basePath,
    tiles: { url: tileUrl || DEFAULT_TILE_URL, attribution: text(env.PUBLIC_TILE_ATTRIBUTION) || DEFAULT_TILE_ATTRIBUTION },
    links: { repoUrl, branch, contributingUrl: `${repoUrl}/blob/${branch}/CONTRIBUTING.md`, contactEmail },
    warnings,
  };
}

export function readPipelineConfig(env: Env = process.env): PipelineConfig {
  const programme = text(env.VILLES_PROGRAMME);
  if (programme !== '' && !existsSync(programme)) {
    throw new ConfigError(`VILLES_PROGRAMME désigne un fichier introuvable : « ${programme} ».`);
  }
  const geocodage = text(env.GEOCODAGE_URL);
  return {
    dataDir: path.resolve(text(env.DATA_DIR) || path.join(REPO_ROOT, 'data/lieux')),
    correctionsDir: text(env.CORRECTIONS_DIR)
      ? path.resolve(text(env.CORRECTIONS_DIR))
      : text(env.DATA_DIR)
        ? null
        : path.join(REPO_ROOT, 'data/corrections'),
    programmeTownsFile: programme || null,
    geocodageUrl: (geocodage ? httpUrl('GEOCODAGE_URL', geocodage).href : DEFAULT_GEOCODAGE_URL).replace(/\/+$/, ''),
    buildDate: buildDateOf(env),
  };
}

function buildDateOf(env: Env): Date {
  const epoch = text(env.SOURCE_DATE_EPOCH);
  if (epoch === '') return new Date();
  if (!/^\d{1,12}$/.test(epoch)) {
    throw new ConfigError(`SOURCE_DATE_EPOCH doit être un nombre de secondes depuis 1970 : « ${epoch} ».`);
  }
  return new Date(Number(epoch) * 1000);
}

let site: SiteConfig | undefined;

/** The site's configuration, read once per build process (pages call this many times). */
export function siteConfig(): SiteConfig {
  site ??= readSiteConfig();
  return site;
}
