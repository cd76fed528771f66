/**
 * Offline geocoding: places a validated row on the map with the best precision its own fields
 * allow, and says how. Cascade (see the shared reference-data notes):
 *   1. the row's coordinates, repaired when swapped or in Lambert-93, kept only when they fall in
 *      France and near the row's commune (precision `adresse`);
 *   2. an address found by the optional online geocoder, from its committed cache (`adresse`, `ban`);
 *   3. the commune, from its INSEE code (stale codes resolved), else postal code + name, else
 *      département + name, else the only commune of the postal code (the commune's point);
 *   4. only when the commune is unknown: the postal code alone, then the département (coarse, flagged);
 *   5. nothing: the row is rejected with an error.
 * The precision is the one of the point actually used: a commune whose reference point is
 * borrowed from another commune (see `CommunePointSource`) is placed at `commune_voisine`.
 */
import proj4 from 'proj4';
import { departementOfCode, distanceKm } from '../../common/geography.ts';
import { hasOwnPoint, type CommuneIndex } from './reference.ts';
import { foldText } from '../../common/text.ts';
import type { Commune, Geocode, Problem, Severity, ValidRow } from '../types.ts';

/** An address-level result of the online geocoder, as stored in its cache. */
export interface OnlineCacheEntry {
  lat: number;
  lon: number;
  score: number;
  label: string;
}

/** Cache of the online geocoder, by `onlineCacheKey`. */
export type OnlineCacheLookup = ReadonlyMap<string, OnlineCacheEntry>;

/** The cache key of an address: folded street address, postal code and current INSEE code of its commune. */
export function onlineCacheKey(adresse: string, codePostal: string, codeInsee: string): string {
  return `${foldText(adresse)}|${codePostal}|${codeInsee}`;
}

/* ------------------------------------------------------------------ territories */

interface Box {
  name: string;
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

/** WGS84 boxes (with margin) of the territories the reference table covers. */
const TERRITORIES: readonly Box[] = [
  { name: 'France métropolitaine', minLon: -5.2, maxLon: 9.6, minLat: 41.3, maxLat: 51.1 },
  { name: 'Guadeloupe', minLon: -61.9, maxLon: -60.9, minLat: 15.8, maxLat: 16.6 },
  { name: 'Martinique', minLon: -61.3, maxLon: -60.7, minLat: 14.3, maxLat: 14.95 },
  { name: 'Guyane', minLon: -54.7, maxLon: -51.5, minLat: 2.0, maxLat: 5.85 },
  { name: 'La Réunion', minLon: 55.1, maxLon: 55.9, minLat: -21.45, maxLat: -20.8 },
  { name: 'Mayotte', minLon: 44.9, maxLon: 45.35, minLat: -13.1, maxLat: -12.55 },
  { name: 'Saint-Martin et Saint-Barthélemy', minLon: -63.2, maxLon: -62.75, minLat: 17.85, maxLat: 18.15 },
  { name: 'Saint-Pierre-et-Miquelon', minLon: -56.45, maxLon: -56.1, minLat: 46.7, maxLat: 47.15 },
];

const inFrance = (lat: number, lon: number): boolean =>
  TERRITORIES.some((b) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat);

const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const lambert93ToWgs84 = proj4(LAMBERT_93, 'EPSG:4326');

/**
 * How far (km) a row's point may lie from its commune's reference point before we distrust it.
 * A commune's own point is its town centre or a point inside it: 30 km covers the largest
 * metropolitan communes (Arles, about 20 km from centre to edge) with margin, while catching a
 * point in the wrong département. A borrowed point is itself off by the distance to the other
 * commune, hence a wider limit. Guyane's communes are immense.
 */
function farLimitKm(commune: Commune): number {
  if (commune.departement === '973') return 150;
  return hasOwnPoint(commune) ? 30 : 40;
}

/* ------------------------------------------------------------------ cascade */

interface ResolvedCommune {
  commune: Commune;
  method: string;
}

export function geocodeRecord(
  row: ValidRow,
  index: CommuneIndex,
  online?: OnlineCacheLookup,
): { geo: Geocode | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (severity: Severity, code: string, column: string, value: string, message: string): void => {
    problems.push({ file: row.file, line: row.line, column, value, severity, code, message });
  };
  const { record } = row;
  const codePostal = record.code_postal.trim();
  const nomCommune = record.commune.trim();

  const resolved = resolveCommune(row, index, report);
  const currentCode = (c: Commune): string => c.parent ?? c.code;

  /* 1. The row's own coordinates. */
  const point = readCoordinates(row, report);
  if (point) {
    if (resolved) {
      const { commune, method } = resolved;
      const limit = farLimitKm(commune);
      const km = distanceKm(point.lat, point.lon, commune.lat, commune.lon);
      if (km > limit) {
        report(
          'warning',
          'coordonnees-eloignees',
          'latitude/longitude',
          `${point.lat}, ${point.lon}`,
          `Les coordonnées (latitude ${point.lat}, longitude ${point.lon}) sont à ${Math.round(km)} km de la commune ` +
            `${commune.nom} (${currentCode(commune)}) : le lieu est placé au centre de la commune. ` +
            'Vérifiez les coordonnées, ou la commune et le code postal.',
        );
        return { geo: communeGeo(commune, method), problems };
      }
      return { geo: { precision: 'adresse', method: point.method, lat: point.lat, lon: point.lon, codeInsee: currentCode(commune) }, problems };
    }
    const nearest = nearestCommuneOfPostalCode(index, codePostal, point.lat, point.lon);
    if (nearest) {
      report(
        'warning',
        'commune-deduite-des-coordonnees',
        'commune',
        nomCommune,
        `La commune « ${nomCommune} » n'existe pas pour le code postal ${codePostal} : d'après les coordonnées, ` +
          `le lieu est à ${nearest.nom} (${currentCode(nearest)}). Corrigez le nom de la commune ou ajoutez son code INSEE.`,
      );
    }
    return {
      geo: { precision: 'adresse', method: point.method, lat: point.lat, lon: point.lon, codeInsee: nearest ? currentCode(nearest) : null },
      problems,
    };
  }

  /* 2. An address the online geocoder found, from its cache. */
  if (resolved && online) {
    const hit = online.get(onlineCacheKey(record.adresse, codePostal, currentCode(resolved.commune)));
    if (hit) return { geo: { precision: 'adresse', method: 'ban', lat: hit.lat, lon: hit.lon, codeInsee: currentCode(resolved.commune) }, problems };
  }

  /* 3. The commune's point. */
  if (resolved) return { geo: communeGeo(resolved.commune, resolved.method), problems };

  /* 4. The postal code alone, then the département. */
  const byPostalCode = index.byPostalCode(codePostal)[0];
  if (byPostalCode) {
    report(
      'warning',
      'commune-introuvable',
      'commune',
      nomCommune,
      `La commune « ${nomCommune} » n'a pas été trouvée parmi les communes du code postal ${codePostal} : ` +
        'le lieu est placé approximativement, au centre de la principale commune de ce code postal. ' +
        'Corrigez le nom de la commune ou ajoutez son code INSEE.',
    );
    return { geo: { precision: 'code_postal', method: 'code-postal', lat: byPostalCode.lat, lon: byPostalCode.lon, codeInsee: null }, problems };
  }
  const departement = departementOfCode(codePostal);
  const mainOfDepartement = departement ? index.byDepartement(departement)[0] : undefined;
  if (departement && mainOfDepartement) {
    report(
      'warning',
      'commune-introuvable',
      'code_postal',
      codePostal,
      `Ni le code postal ${codePostal} ni la commune « ${nomCommune} » n'ont été trouvés : le lieu est placé très ` +
        `approximativement, dans le département ${index.departement(departement)?.nom ?? departement}. ` +
        'Corrigez le code postal et le nom de la commune, ou ajoutez le code INSEE.',
    );
    return { geo: { precision: 'departement', method: 'departement', lat: mainOfDepartement.lat, lon: mainOfDepartement.lon, codeInsee: null }, problems };
  }

  /* 5. Nowhere. */
  report(
    'error',
    'lieu-non-localisable',
    'code_postal',
    codePostal,
    `Impossible de situer ce lieu : ni coordonnées valides, ni code INSEE, ni commune « ${nomCommune} » ou code postal ` +
      `« ${codePostal} » reconnus. Renseignez un code postal et une commune existants (ou le code INSEE), ` +
      'ou les colonnes latitude et longitude.',
  );
  return { geo: null, problems };
}

function communeGeo(commune: Commune, method: string): Geocode {
  return {
    precision: hasOwnPoint(commune) ? 'commune' : 'commune_voisine',
    method,
    lat: commune.lat,
    lon: commune.lon,
    codeInsee: commune.parent ?? commune.code,
  };
}

type Report = (severity: Severity, code: string, column: string, value: string, message: string) => void;

/** The row's commune from its INSEE code, else its postal code and name; arrondissements preferred when known. */
function resolveCommune(row: ValidRow, index: CommuneIndex, report: Report): ResolvedCommune | null {
  const { record } = row;
  const code = record.code_insee.trim().toUpperCase();
  const codePostal = record.code_postal.trim();
  const nom = record.commune.trim();

  if (code !== '') {
    const commune = index.byCode(code);
    if (commune) {
      if (index.isStaleCode(code)) {
        report(
          'warning',
          'code-insee-ancien',
          'code_insee',
          code,
          `Le code INSEE ${code} est celui d'une ancienne commune, rattachée aujourd'hui à ${commune.nom} : ` +
            `remplacez-le par ${commune.code}.`,
        );
      }
      const named = nom === '' ? undefined : index.byPostalCodeAndName(codePostal, nom);
      if (named && (named.parent ?? named.code) !== (commune.parent ?? commune.code)) {
        report(
          'warning',
          'code-insee-incoherent',
          'code_insee',
          code,
          `Le code INSEE ${code} (${commune.nom}) ne correspond pas à la commune « ${nom} » du code postal ${codePostal} ` +
            `(code INSEE ${named.parent ?? named.code}) : le lieu est placé d'après le code INSEE. ` +
            'Vérifiez le code INSEE, la commune et le code postal.',
        );
      }
      return { commune: refineToArrondissement(commune, codePostal, index), method: 'code-insee' };
    }
    report(
      'warning',
      'code-insee-inconnu',
      'code_insee',
      code,
      `Le code INSEE ${code} ne correspond à aucune commune : la commune a été cherchée par son nom et son code postal. ` +
        'Corrigez le code INSEE (5 caractères, par exemple 79191 pour Niort) ou laissez la colonne vide.',
    );
  }

  if (nom !== '') {
    const byPostalName = index.byPostalCodeAndName(codePostal, nom);
    if (byPostalName) return { commune: refineToArrondissement(byPostalName, codePostal, index), method: 'code-postal-nom' };

    const departement = index.departementOfPostalCode(codePostal);
    const byName = departement ? index.byDepartementAndName(departement, nom) : undefined;
    if (byName) {
      // CEDEX and company postal codes are not in the table: only a real mismatch is worth a warning.
      if (index.byPostalCode(codePostal).length > 0) {
        report(
          'warning',
          'code-postal-incoherent',
          'code_postal',
          codePostal,
          `Le code postal ${codePostal} n'est pas celui de la commune ${byName.nom} (${byName.codesPostaux.join(', ')}) : ` +
            'le lieu est placé dans cette commune. Vérifiez le code postal.',
        );
      }
      return { commune: refineToArrondissement(byName, codePostal, index), method: 'departement-nom' };
    }
  }

  const approximate = nom === '' ? undefined : index.approximateNameInPostalCode(codePostal, nom);
  if (approximate) {
    report(
      'warning',
      'commune-approchee',
      'commune',
      nom,
      `La commune « ${nom} » n'existe pas sous ce nom pour le code postal ${codePostal} ; le nom le plus proche est ` +
        `${approximate.nom}, où le lieu est placé. Écrivez « ${approximate.nom} » ou ajoutez le code INSEE (${approximate.code}).`,
    );
    return { commune: refineToArrondissement(approximate, codePostal, index), method: 'code-postal-nom-approche' };
  }

  const uniqueName = nom === '' ? undefined : index.byUniqueName(nom);
  if (uniqueName) {
    report(
      'warning',
      'code-postal-incoherent',
      'code_postal',
      codePostal,
      `Le code postal ${codePostal} n'est pas celui de la commune ${uniqueName.nom} (${uniqueName.codesPostaux.join(', ')}), ` +
        'seule commune de France à porter ce nom : le lieu y est placé. Vérifiez le code postal.',
    );
    return { commune: refineToArrondissement(uniqueName, codePostal, index), method: 'nom' };
  }

  const onlyCommune = index.byPostalCode(codePostal);
  if (onlyCommune.length === 1 && onlyCommune[0]) {
    const commune = onlyCommune[0];
    report(
      'warning',
      'commune-corrigee',
      'commune',
      nom,
      `La commune « ${nom} » n'a pas été reconnue ; le code postal ${codePostal} ne dessert que ${commune.nom}, ` +
        `où le lieu est placé. Corrigez le nom de la commune (« ${commune.nom} ») ou ajoutez son code INSEE (${commune.code}).`,
    );
    return { commune: refineToArrondissement(commune, codePostal, index), method: 'code-postal-unique' };
  }
  return null;
}

/**
 * Paris, Lyon, Marseille: an arrondissement (given, or the one of the postal code) gives a closer
 * point than the city's when it has a point of its own; Paris's borrow Paris's, so the city is used.
 */
function refineToArrondissement(commune: Commune, codePostal: string, index: CommuneIndex): Commune {
  const arrondissement = commune.parent ? commune : index.arrondissementByPostalCode(commune.code, codePostal);
  if (arrondissement && hasOwnPoint(arrondissement)) return arrondissement;
  return commune.parent ? (index.byCode(commune.parent) ?? commune) : commune;
}

function nearestCommuneOfPostalCode(index: CommuneIndex, codePostal: string, lat: number, lon: number): Commune | undefined {
  let best: Commune | undefined;
  let bestKm = Infinity;
  for (const c of index.byPostalCode(codePostal)) {
    const km = distanceKm(lat, lon, c.lat, c.lon);
    if (km < bestKm) {
      best = c;
      bestKm = km;
    }
  }
  return best;
}

/** About 10 cm: enough for a venue, and stable from one build to the next. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

interface RowPoint {
  lat: number;
  lon: number;
  method: 'coordonnees' | 'coordonnees-inversees' | 'lambert93';
}

/** The row's coordinates as WGS84 in France, repaired when swapped or projected; null (with a warning) otherwise. */
function readCoordinates(row: ValidRow, report: Report): RowPoint | null {
  const { latitude, longitude } = row.record;
  if (latitude === null && longitude === null) return null;
  if (latitude === null || longitude === null || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    report(
      'warning',
      'coordonnees-incompletes',
      latitude === null ? 'latitude' : 'longitude',
      `${latitude ?? ''}, ${longitude ?? ''}`,
      'Seule une des deux coordonnées est renseignée : elles sont ignorées et le lieu est placé d\'après sa commune. ' +
        'Renseignez la latitude et la longitude, ou aucune des deux.',
    );
    return null;
  }
  const value = `${latitude}, ${longitude}`;
  if (latitude === 0 && longitude === 0) {
    report(
      'warning',
      'coordonnees-nulles',
      'latitude/longitude',
      value,
      'Les coordonnées valent 0, 0 (un point au large de l\'Afrique) : elles sont ignorées et le lieu est placé ' +
        'd\'après sa commune. Renseignez les vraies coordonnées ou laissez les colonnes vides.',
    );
    return null;
  }
  if (inFrance(latitude, longitude)) return { lat: latitude, lon: longitude, method: 'coordonnees' };
  if (inFrance(longitude, latitude)) {
    report(
      'warning',
      'coordonnees-inversees',
      'latitude/longitude',
      value,
      `Les coordonnées semblent inversées (latitude ${latitude}, longitude ${longitude}) : elles ont été corrigées ; ` +
        'inversez les colonnes latitude et longitude dans votre fichier.',
    );
    return { lat: longitude, lon: latitude, method: 'coordonnees-inversees' };
  }
  if (Math.abs(latitude) > 1000 && Math.abs(longitude) > 1000) {
    // Lambert-93 northings (6.0–7.2 million m) are always larger than eastings (0.1–1.3 million m).
    const [x, y] = latitude > longitude ? [longitude, latitude] : [latitude, longitude];
    const [lonRaw, latRaw] = lambert93ToWgs84.forward([x, y]);
    const lat = round6(latRaw ?? NaN);
    const lon = round6(lonRaw ?? NaN);
    if (inFrance(lat, lon)) {
      report(
        'warning',
        'coordonnees-lambert93',
        'latitude/longitude',
        value,
        `Les coordonnées (${latitude}, ${longitude}) sont en mètres (Lambert-93) : elles ont été converties en degrés ` +
          `(latitude ${lat}, longitude ${lon}). Donnez latitude et longitude en degrés décimaux (WGS84).`,
      );
      return { lat, lon, method: 'lambert93' };
    }
  }
  report(
    'warning',
    'coordonnees-hors-france',
    'latitude/longitude',
    value,
    `Les coordonnées (latitude ${latitude}, longitude ${longitude}) ne sont pas en France : elles sont ignorées et le lieu ` +
      'est placé d\'après sa commune. Vérifiez-les : degrés décimaux WGS84, point comme séparateur décimal.',
  );
  return null;
}
