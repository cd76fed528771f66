/**
 * The commune reference table: its compact serialized form and the lookup index the
 * geocoder and the coverage stage use. The table is built by `scripts/build-reference.ts`.
 */
import { departementOfCode } from '../../common/geography.ts';
import { editDistance, foldText } from '../../common/text.ts';
import type { AncienneCommune, Commune, CommunePointSource, Departement, Epci, ReferenceData, Region } from '../types.ts';

/* ------------------------------------------------------------------ compact file format */

/**
 * One commune per line as an array (keys repeated 35,000 times would double the file);
 * EPCI members are not stored, they are the communes whose `epci` points at them.
 */
const COMMUNE_COLUMNS = ['code', 'nom', 'population', 'codesPostaux', 'epci', 'departement', 'region', 'lat', 'lon', 'point', 'parent'] as const;
// v2: commune points from GeoNames, else IGN Admin Express COG 2018 (new `point` vocabulary).
const FORMAT = 'communes-v2';

type CommuneRow = [string, string, number, string[], string | null, string, string, number, number, CommunePointSource, string?];

interface ReferenceFile {
  format: typeof FORMAT;
  sources: string[];
  communeColumns: typeof COMMUNE_COLUMNS;
  communes: CommuneRow[];
  anciensCodes: Record<string, string>;
  epcis: Array<[string, string, string]>;
  departements: Array<[string, string, string]>;
  regions: Array<[string, string]>;
  anciennesCommunes?: Array<[string, string, string]>;
}

/** Deterministic compact JSON, one record per line so that updates read well in a diff. */
export function serializeReferenceData(ref: ReferenceData): string {
  const lines = (rows: unknown[]): string => rows.map((row) => JSON.stringify(row)).join(',\n');
  const communeRows = ref.communes.map((c): CommuneRow => {
    const row: CommuneRow = [c.code, c.nom, c.population, c.codesPostaux, c.epci, c.departement, c.region, c.lat, c.lon, c.point];
    if (c.parent) row.push(c.parent);
    return row;
  });
  return (
    '{\n' +
    `"format": ${JSON.stringify(FORMAT)},\n` +
    `"sources": [\n${lines(ref.sources)}\n],\n` +
    `"communeColumns": ${JSON.stringify(COMMUNE_COLUMNS)},\n` +
    `"communes": [\n${lines(communeRows)}\n],\n` +
    `"anciensCodes": ${JSON.stringify(ref.anciensCodes)},\n` +
    `"epcis": [\n${lines(ref.epcis.map((e) => [e.code, e.nom, e.type]))}\n],\n` +
    `"departements": [\n${lines(ref.departements.map((d) => [d.code, d.nom, d.region]))}\n],\n` +
    `"regions": [\n${lines(ref.regions.map((r) => [r.code, r.nom]))}\n],\n` +
    `"anciennesCommunes": [\n${lines((ref.anciennesCommunes ?? []).map((a) => [a.code, a.nom, a.commune]))}\n]\n` +
    '}\n'
  );
}

export function parseReferenceData(json: string): ReferenceData {
  const file = JSON.parse(json) as ReferenceFile;
  if (file.format !== FORMAT) {
    throw new Error(`Table des communes au format inattendu (${String(file.format)}) : relancez « npx node scripts/build-reference.ts ».`);
  }
  const communes = file.communes.map(([code, nom, population, codesPostaux, epci, departement, region, lat, lon, point, parent]): Commune => {
    const commune: Commune = { code, nom, population, codesPostaux, epci, departement, region, lat, lon, point };
    if (parent) commune.parent = parent;
    return commune;
  });
  const membres = new Map<string, string[]>();
  for (const c of communes) {
    if (!c.epci || c.parent) continue;
    const list = membres.get(c.epci) ?? [];
    list.push(c.code);
    membres.set(c.epci, list);
  }
  const epcis = file.epcis.map(([code, nom, type]): Epci => ({ code, nom, type, membres: membres.get(code) ?? [] }));
  const departements = file.departements.map(([code, nom, region]): Departement => ({ code, nom, region }));
  const regions = file.regions.map(([code, nom]): Region => ({ code, nom }));
  const anciennesCommunes = (file.anciennesCommunes ?? []).map(([code, nom, commune]): AncienneCommune => ({ code, nom, commune }));
  return { communes, anciensCodes: file.anciensCodes, epcis, departements, regions, sources: file.sources, anciennesCommunes };
}

/* ------------------------------------------------------------------ points */

const OWN_POINT: Record<CommunePointSource, boolean> = {
  geonames: true,
  'ign-2018': true,
  'ign-2018-ancien-code': true,
  'ign-2018-rattachement': false,
  'voisine-code-postal': false,
};

/** True when the commune's point lies in the commune itself, false when it is borrowed from another commune. */
export function hasOwnPoint(commune: Pick<Commune, 'point'>): boolean {
  return OWN_POINT[commune.point];
}

/* ------------------------------------------------------------------ names */

const ARRONDISSEMENT_NAME = /^(.+?) (\d{1,2}) ?(?:e|er|ere|eme|em|ieme)?(?: arr(?:ondissement)?)?$/;
const CEDEX = / cedex(?: \d+)?$/;

/**
 * The key a commune name is matched on: folded, « St »/« Ste » spelt out, « CEDEX » dropped, and
 * arrondissements reduced to city + number so that "Paris 15e Arrondissement", "PARIS 15",
 * "Lyon 3ème" and "Marseille 11e arr." meet.
 */
export function communeNameKey(name: string): string {
  const folded = foldText(name)
    .replace(CEDEX, '')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte');
  const arrondissement = ARRONDISSEMENT_NAME.exec(folded);
  return arrondissement ? `${arrondissement[1]} ${Number(arrondissement[2])}` : folded;
}

/* ------------------------------------------------------------------ index */

export interface CommuneIndex {
  reference: ReferenceData;
  /** A current commune or arrondissement by INSEE code, stale codes resolved to their current commune. */
  byCode(code: string): Commune | undefined;
  /** True when the code is a stale one (merged, delegated or associated commune). */
  isStaleCode(code: string): boolean;
  /** Postal code + name (see `communeNameKey`); an arrondissement when the name carries its number. */
  byPostalCodeAndName(postalCode: string, name: string): Commune | undefined;
  /**
   * The one commune of a postal code whose name is close to `name`: same name but for a leading
   * article ("Tampon" / "Le Tampon"), a name cut short ("Barbezieux" / "Barbezieux-Saint-Hilaire")
   * or a typo of one or two letters ("Rambervilelrs"). Undefined when none or several fit.
   */
  approximateNameInPostalCode(postalCode: string, name: string): Commune | undefined;
  byDepartementAndName(departement: string, name: string): Commune | undefined;
  /** The commune of that name when only one in France bears it (former names excluded). */
  byUniqueName(name: string): Commune | undefined;
  /** Communes (not arrondissements) served by a postal code, most populous first. */
  byPostalCode(postalCode: string): readonly Commune[];
  /** Communes (not arrondissements) of a département, most populous first. */
  byDepartement(departement: string): readonly Commune[];
  /** The one arrondissement of a city (Paris, Lyon, Marseille) that a postal code serves, if any. */
  arrondissementByPostalCode(cityCode: string, postalCode: string): Commune | undefined;
  /** The département of a postal code: through the table, else from its digits. */
  departementOfPostalCode(postalCode: string): string | undefined;
  departement(code: string): Departement | undefined;
  epci(code: string): Epci | undefined;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildCommuneIndex(reference: ReferenceData): CommuneIndex {
  const byCode = new Map<string, Commune>();
  const byPostalName = new Map<string, Commune>();
  const byDepartementName = new Map<string, Commune>();
  const byPostal = new Map<string, Commune[]>();
  const byDepartement = new Map<string, Commune[]>();
  const arrondissementsByCityPostal = new Map<string, Commune[]>();

  for (const c of reference.communes) {
    byCode.set(c.code, c);
    if (c.parent) for (const cp of c.codesPostaux) pushTo(arrondissementsByCityPostal, `${c.parent}|${cp}`, c);
  }
  const nameCandidates = new Map<string, Array<{ key: string; commune: Commune }>>();
  /** null marks a name borne by several communes. */
  const byName = new Map<string, Commune | null>();
  const mostPopulousFirst = [...reference.communes].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  for (const c of mostPopulousFirst) {
    const key = communeNameKey(c.nom);
    for (const cp of c.codesPostaux) {
      // A commune and an arrondissement never share a key ("paris" vs "paris 15"): first writer wins otherwise.
      if (!byPostalName.has(`${cp}|${key}`)) byPostalName.set(`${cp}|${key}`, c);
      if (!c.parent) pushTo(byPostal, cp, c);
      pushTo(nameCandidates, cp, { key, commune: c });
    }
    if (!byDepartementName.has(`${c.departement}|${key}`)) byDepartementName.set(`${c.departement}|${key}`, c);
    if (!c.parent) pushTo(byDepartement, c.departement, c);
    byName.set(key, byName.has(key) ? null : c);
  }
  // Former communes' names come last: a current commune's name always wins.
  for (const ancienne of reference.anciennesCommunes ?? []) {
    const current = byCode.get(ancienne.commune);
    if (!current) continue;
    const key = communeNameKey(ancienne.nom);
    for (const cp of current.codesPostaux) {
      if (!byPostalName.has(`${cp}|${key}`)) byPostalName.set(`${cp}|${key}`, current);
      pushTo(nameCandidates, cp, { key, commune: current });
    }
    if (!byDepartementName.has(`${current.departement}|${key}`)) byDepartementName.set(`${current.departement}|${key}`, current);
  }
  const departements = new Map(reference.departements.map((d) => [d.code, d]));
  const epcis = new Map(reference.epcis.map((e) => [e.code, e]));

  return {
    reference,
    byCode: (code) => byCode.get(code) ?? byCode.get(reference.anciensCodes[code] ?? ''),
    isStaleCode: (code) => !byCode.has(code) && code in reference.anciensCodes,
    byPostalCodeAndName: (postalCode, name) => byPostalName.get(`${postalCode}|${communeNameKey(name)}`),
    approximateNameInPostalCode: (postalCode, name) => approximateName(nameCandidates.get(postalCode) ?? [], communeNameKey(name)),
    byDepartementAndName: (departement, name) => byDepartementName.get(`${departement}|${communeNameKey(name)}`),
    byUniqueName: (name) => byName.get(communeNameKey(name)) ?? undefined,
    byPostalCode: (postalCode) => byPostal.get(postalCode) ?? [],
    byDepartement: (departement) => byDepartement.get(departement) ?? [],
    arrondissementByPostalCode: (cityCode, postalCode) => {
      const found = arrondissementsByCityPostal.get(`${cityCode}|${postalCode}`);
      return found?.length === 1 ? found[0] : undefined;
    },
    departementOfPostalCode: (postalCode) =>
      byPostal.get(postalCode)?.[0]?.departement ?? departementOfCode(postalCode),
    departement: (code) => departements.get(code),
    epci: (code) => epcis.get(code),
  };
}

/* ------------------------------------------------------------------ approximate names */

const LEADING_ARTICLE = /^(?:le|la|les|l) /;

/** The single commune among `candidates` that the tiers of `approximateNameInPostalCode` accept first. */
function approximateName(candidates: ReadonlyArray<{ key: string; commune: Commune }>, key: string): Commune | undefined {
  if (key.length < 3) return undefined;
  const bare = key.replace(LEADING_ARTICLE, '');
  const bareCandidates = candidates.map((c) => ({ bare: c.key.replace(LEADING_ARTICLE, ''), commune: c.commune }));
  const single = (matches: ReadonlyArray<{ commune: Commune }>): Commune | undefined => {
    const communes = new Set(matches.map((m) => m.commune));
    return communes.size === 1 ? matches[0]?.commune : undefined;
  };
  const sameButArticle = bareCandidates.filter((c) => c.bare === bare);
  if (sameButArticle.length > 0) return single(sameButArticle);
  const cutShort = bareCandidates.filter((c) => c.bare.startsWith(`${bare} `) || bare.startsWith(`${c.bare} `));
  if (cutShort.length > 0) return single(cutShort);
  // One typo in a short name, two in a longer one: beyond that, names of neighbours start to meet.
  const limit = bare.length >= 8 ? 2 : bare.length >= 4 ? 1 : 0;
  let best = limit + 1;
  let closest: Array<{ commune: Commune }> = [];
  for (const c of bareCandidates) {
    const distance = editDistance(bare, c.bare, limit);
    if (distance < best) {
      best = distance;
      closest = [c];
    } else if (distance === best) {
      closest.push(c);
    }
  }
  return best <= limit ? single(closest) : undefined;
}

