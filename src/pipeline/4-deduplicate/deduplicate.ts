/**
 * Deduplication ACROSS input files: the same venue published by a local network and by a
 * national programme becomes one Venue. Rows of one file are never merged with each other, even
 * indirectly: a producer listing two rows with distinct ids means two venues (several
 * permanences at one address, for instance).
 *
 * Recipe (close to the national pipeline's):
 * - Candidates share a commune (`geo.codeInsee`, else the postal code). Comparing only inside
 *   a commune keeps the work linear in the number of communes; inside a commune, two rows that
 *   both have address-precise points further apart than `MAX_MERGE_DISTANCE_M` cannot reach the
 *   threshold and are skipped before any text is compared.
 * - Score 0–100 = mean of three parts:
 *   - name: folded names without articles and without the generic words sources add or omit
 *     around the venue's own name ("espace", "numérique", "France Services", "point"...; see
 *     GENERIC_NAME_WORDS). Best of an edit-distance similarity and a token similarity (mean of
 *     the Dice coefficient and the overlap coefficient, tokens matching with one typo), so that
 *     "Médiathèque de Lons" and "Médiathèque Lons-le-Saunier" score high;
 *   - address: folded street with common abbreviations expanded ("av" → "avenue"), compared like
 *     names; a different house number halves it, a missing one costs 10 %;
 *   - distance: 100 at 0 m down to 0 at 300 m, only when both points are address-precise. When
 *     either point is only a commune (or coarser) point, the distance says nothing about the
 *     venue and is left out: the score is the mean of name and address alone
 *     (`distanceScore: null` in the Merge).
 * - Threshold: `MERGE_THRESHOLD` (83).
 * - Vetoes (never merged whatever the score): typologies from two different exclusive groups
 *   (a library is not a France Services office; see EXCLUSIVE_TYPOLOGY_GROUPS), or two
 *   different real SIRET/RNA `pivot` values (not a placeholder like 00000000000000) with
 *   different names.
 *
 * Grouping: accepted pairs are applied strongest first (ties by file and line), joining groups
 * only when they contain no two rows of the same file; this is deterministic and transitive
 * (A~B, B~C gives one venue of three rows).
 *
 * Fields of a group: the row with the newest `date_maj` wins (ties: first file in sorted order,
 * then first line); an empty scalar field of the winner is filled from the next rows in that
 * order; lists are the union of all rows (vocabulary order for enumerated columns, first-seen
 * order otherwise); the point is the most precise one among the rows (winner first on ties).
 */
import type { Column, StandardRecord } from '../schema.ts';
import { COLUMNS, FIELDS, isListColumn } from '../schema.ts';
import { editDistance, foldText, shortHash, slugify } from '../../common/text.ts';
import type { Geocode, GeocodePrecision, Merge, MergedVenue, SourceRef, ValidRow } from '../types.ts';

export interface DedupEntry {
  row: ValidRow;
  geo: Geocode;
}

export const MERGE_THRESHOLD = 83;
/** Distance at which the distance part reaches 0. */
export const DISTANCE_ZERO_M = 300;
/**
 * Beyond this distance between two address-precise points, even perfect name and address
 * scores cannot reach the threshold: (100 + 100 + d) / 3 ≥ 83 needs a distance part ≥ 49.
 */
const MAX_MERGE_DISTANCE_M = DISTANCE_ZERO_M * (1 - (3 * MERGE_THRESHOLD - 200) / 100);

/** Function words ignored in names and streets. */
const STOP_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'a', 'au', 'aux', 'et', 'en', 'sur', 'pour']);

/**
 * Words describing the digital-help function rather than the venue; sources add or drop them
 * ("Espace numérique — Médiathèque X" vs "Médiathèque X"). "mairie" is kept: "Mairie de X" and
 * "Médiathèque de X" are different venues.
 */
const GENERIC_NAME_WORDS = new Set([
  'espace',
  'espaces',
  'numerique',
  'numeriques',
  'point',
  'lieu',
  'pole',
  'accueil',
  'france',
  'services',
  'service',
  'maison',
  'centre',
  'public',
  'publique',
  'mediation',
  'inclusion',
  'conseiller',
  'conseillers',
  'conseillere',
  'cnfs',
  'epn',
]);

const STREET_ABBREVIATIONS: Record<string, string> = {
  r: 'rue',
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  pl: 'place',
  pce: 'place',
  imp: 'impasse',
  ch: 'chemin',
  chem: 'chemin',
  rte: 'route',
  all: 'allee',
  fg: 'faubourg',
  fbg: 'faubourg',
  qu: 'quai',
  crs: 'cours',
  sq: 'square',
  res: 'residence',
  st: 'saint',
  ste: 'sainte',
  gal: 'general',
  mal: 'marechal',
  pdt: 'president',
};

const NUMBER_SUFFIXES = new Set(['bis', 'ter', 'quater', 'b', 't']);

/**
 * Typologies that cannot describe the same place: two rows whose typologies fall only in
 * different groups are never merged. Codes outside these groups (MUNI, ASSO, Autre...) are
 * compatible with everything, since a municipal library may be typed MUNI by one source and BIB
 * by another.
 */
export const EXCLUSIVE_TYPOLOGY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  bibliotheque: ['BIB', 'RELAIS_LECTURE'],
  'france-services': ['RFS', 'MSAP'],
  'la-poste': ['LA_POSTE'],
  'securite-sociale': ['CAF', 'CPAM', 'MSA'],
  emploi: ['FT', 'ML', 'CAP_EMPLOI', 'MDE', 'MDEF', 'PLIE'],
  'tiers-lieu': ['TIERS_LIEUX', 'FABLAB', 'FABRIQUE'],
  hebergement: ['CHRS', 'CHU', 'CADA', 'HUDA', 'CPH', 'RS_FJT', 'PENSION'],
  'centre-social': ['CS', 'EVS', 'CSC'],
  prefecture: ['PREF'],
};

const GROUP_OF_TYPOLOGY = new Map<string, string>(
  Object.entries(EXCLUSIVE_TYPOLOGY_GROUPS).flatMap(([group, codes]) => codes.map((code) => [code, group] as const)),
);

const PRECISION_RANK: Record<GeocodePrecision, number> = {
  adresse: 0,
  commune: 1,
  commune_voisine: 2,
  code_postal: 3,
  departement: 4,
  aucune: 5,
};

/* ------------------------------------------------------------------ string similarity */

/** 100 for equal strings, 0 when every character differs. */
function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  return 100 * (1 - editDistance(a, b) / longest);
}

function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 5 && editDistance(a, b) <= 1;
}

/** Mean of the Dice and overlap coefficients over tokens (one typo allowed per long token). */
function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const unmatched = [...b];
  let common = 0;
  for (const token of a) {
    const index = unmatched.findIndex((other) => tokensMatch(token, other));
    if (index >= 0) {
      common++;
      unmatched.splice(index, 1);
    }
  }
  const dice = (2 * common) / (a.length + b.length);
  const overlap = common / Math.min(a.length, b.length);
  return (100 * (dice + overlap)) / 2;
}

function textSimilarity(a: readonly string[], b: readonly string[]): number {
  return Math.max(editSimilarity(a.join(' '), b.join(' ')), tokenSimilarity(a, b));
}

/* ------------------------------------------------------------------ features */

interface Features {
  entry: DedupEntry;
  /** Position in the sorted input, the tie-breaker everywhere. */
  order: number;
  nameTokens: string[];
  streetTokens: string[];
  houseNumber: string;
  typologyGroups: Set<string>;
  pivot: string | null;
  foldedName: string;
}

function nameTokens(name: string): string[] {
  const words = foldText(name)
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
  const specific = words.filter((w) => !GENERIC_NAME_WORDS.has(w));
  return specific.length > 0 ? specific : words;
}

function addressParts(address: string): { streetTokens: string[]; houseNumber: string } {
  const words = foldText(address)
    .split(' ')
    .filter((w) => w !== '' && !/^\d{5}$/.test(w));
  let houseNumber = '';
  const streetTokens: string[] = [];
  for (const word of words) {
    const number = /^(\d+)[a-z]*$/.exec(word);
    if (number) {
      if (houseNumber === '') houseNumber = number[1]!;
      continue;
    }
    if (NUMBER_SUFFIXES.has(word) || STOP_WORDS.has(word)) continue;
    streetTokens.push(STREET_ABBREVIATIONS[word] ?? word);
  }
  return { streetTokens, houseNumber };
}

/** A SIRET/RNA is a placeholder when it repeats a single character (00000000000000). */
function realPivot(pivot: string): string | null {
  const trimmed = pivot.trim();
  if (trimmed === '' || /^(.)\1*$/.test(trimmed)) return null;
  return trimmed.toUpperCase();
}

function features(entry: DedupEntry, order: number): Features {
  const { record } = entry.row;
  return {
    entry,
    order,
    nameTokens: nameTokens(record.nom),
    ...addressParts(record.adresse),
    typologyGroups: new Set(record.typologie.flatMap((code) => GROUP_OF_TYPOLOGY.get(code) ?? [])),
    pivot: realPivot(record.pivot),
    foldedName: foldText(record.nom),
  };
}

function blockKey(entry: DedupEntry): string {
  return entry.geo.codeInsee !== null ? `insee:${entry.geo.codeInsee}` : `cp:${entry.row.record.code_postal}`;
}

/* ------------------------------------------------------------------ pair scoring */

const EARTH_RADIUS_M = 6_371_008.8;

function distanceMetres(a: Geocode, b: Geocode): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface PairScore {
  score: number;
  nameScore: number;
  addressScore: number;
  /** Null when either point is not address-precise: the distance is then left out of the score. */
  distanceScore: number | null;
}

function addressScore(a: Features, b: Features): number {
  const street = textSimilarity(a.streetTokens, b.streetTokens);
  if (a.houseNumber !== '' && b.houseNumber !== '') return a.houseNumber === b.houseNumber ? street : street / 2;
  if (a.houseNumber !== '' || b.houseNumber !== '') return street * 0.9;
  return street;
}

function bothPrecise(a: Features, b: Features): boolean {
  return a.entry.geo.precision === 'adresse' && b.entry.geo.precision === 'adresse';
}

function vetoed(a: Features, b: Features, nameScore: number): boolean {
  if (a.typologyGroups.size > 0 && b.typologyGroups.size > 0) {
    const shared = [...a.typologyGroups].some((group) => b.typologyGroups.has(group));
    if (!shared) return true;
  }
  return a.pivot !== null && b.pivot !== null && a.pivot !== b.pivot && nameScore < 100;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Scores a pair; null when the pair is vetoed. */
function scorePair(a: Features, b: Features): PairScore | null {
  const nameScore = textSimilarity(a.nameTokens, b.nameTokens);
  if (vetoed(a, b, nameScore)) return null;
  const address = addressScore(a, b);
  const distanceScore = bothPrecise(a, b)
    ? Math.max(0, 100 * (1 - distanceMetres(a.entry.geo, b.entry.geo) / DISTANCE_ZERO_M))
    : null;
  const parts = distanceScore === null ? [nameScore, address] : [nameScore, address, distanceScore];
  const score = parts.reduce((sum, part) => sum + part, 0) / parts.length;
  return {
    score: round1(score),
    nameScore: round1(nameScore),
    addressScore: round1(address),
    distanceScore: distanceScore === null ? null : round1(distanceScore),
  };
}

/** Similarity of two entries as the deduplication sees it, for reports and tests. */
export function scoreEntries(a: DedupEntry, b: DedupEntry): PairScore | null {
  return scorePair(features(a, 0), features(b, 1));
}

/* ------------------------------------------------------------------ grouping */

function compareRows(a: ValidRow, b: ValidRow): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

interface Link {
  a: number;
  b: number;
  pair: PairScore;
}

function findLinks(all: Features[]): Link[] {
  const blocks = new Map<string, Features[]>();
  for (const f of all) {
    const key = blockKey(f.entry);
    const block = blocks.get(key);
    if (block) block.push(f);
    else blocks.set(key, [f]);
  }
  const links: Link[] = [];
  for (const block of blocks.values()) {
    for (let i = 0; i < block.length; i++) {
      const a = block[i]!;
      for (let j = i + 1; j < block.length; j++) {
        const b = block[j]!;
        if (a.entry.row.file === b.entry.row.file) continue;
        if (bothPrecise(a, b) && distanceMetres(a.entry.geo, b.entry.geo) > MAX_MERGE_DISTANCE_M) continue;
        const pair = scorePair(a, b);
        if (pair !== null && pair.score >= MERGE_THRESHOLD) links.push({ a: a.order, b: b.order, pair });
      }
    }
  }
  return links.sort((x, y) => y.pair.score - x.pair.score || x.a - y.a || x.b - y.b);
}

/** Groups of entry positions; a group never holds two rows of the same file. */
function groupLinks(count: number, files: readonly string[], links: readonly Link[]): { groups: number[][]; linkOf: Map<number, Link> } {
  const parent = Array.from({ length: count }, (_, i) => i);
  const groupFiles = files.map((file) => new Set([file]));
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  /** The strongest accepted link of each row that joined it to its group. */
  const linkOf = new Map<number, Link>();
  for (const link of links) {
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra === rb) continue;
    const filesA = groupFiles[ra]!;
    const filesB = groupFiles[rb]!;
    if ([...filesB].some((file) => filesA.has(file))) continue;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    for (const file of groupFiles[child]!) groupFiles[root]!.add(file);
    for (const row of [link.a, link.b]) if (!linkOf.has(row)) linkOf.set(row, link);
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const root = find(i);
    const group = byRoot.get(root);
    if (group) group.push(i);
    else byRoot.set(root, [i]);
  }
  return { groups: [...byRoot.values()], linkOf };
}

/* ------------------------------------------------------------------ merging fields */

function isEmptyScalar(value: unknown): boolean {
  return value === '' || value === null;
}

function unionList(column: Column, lists: readonly string[][]): string[] {
  const seen = new Set<string>();
  const union: string[] = [];
  for (const list of lists) {
    for (const value of list) {
      const key = column === 'courriels' ? value.toLowerCase() : value;
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(value);
    }
  }
  const vocabulary: readonly string[] | undefined = (FIELDS[column] as { values?: readonly string[] }).values;
  if (vocabulary === undefined) return union;
  return union.sort((x, y) => vocabulary.indexOf(x) - vocabulary.indexOf(y));
}

function mergeRecords(records: readonly StandardRecord[]): StandardRecord {
  const merged: Record<string, unknown> = { ...records[0]! };
  for (const column of COLUMNS) {
    if (isListColumn(column)) {
      merged[column] = unionList(
        column,
        records.map((r) => r[column] as string[]),
      );
    } else if (isEmptyScalar(merged[column])) {
      const filler = records.find((r) => !isEmptyScalar(r[column]));
      if (filler) merged[column] = filler[column];
    }
  }
  return merged as StandardRecord;
}

function bestGeo(members: readonly DedupEntry[]): Geocode {
  let best = members[0]!.geo;
  for (const member of members) if (PRECISION_RANK[member.geo.precision] < PRECISION_RANK[best.precision]) best = member.geo;
  return best;
}

function sourceRef(row: ValidRow): SourceRef {
  return { file: row.file, line: row.line, id: row.record.id };
}

export function venueSlug(row: ValidRow): string {
  return `${slugify(`${row.record.nom} ${row.record.commune}`)}-${shortHash(`${producerKey(row.file)}#${row.record.id}`)}`;
}

/**
 * The part of a file name that names its producer. The standard's recommended names start with the
 * export date (`2026-11-01_<SIRET>_lieux-de-mediation-numerique_<Territoire>.csv`): a producer
 * sending a newer file must not change every venue's URL, so the date is left out.
 */
function producerKey(file: string): string {
  return file.replace(/(^|\/)\d{4}-\d{2}-\d{2}_/, '$1');
}

/* ------------------------------------------------------------------ entry point */

export function deduplicate(entries: ReadonlyArray<DedupEntry>): { venues: MergedVenue[]; merges: Merge[] } {
  const sorted = [...entries].sort((x, y) => compareRows(x.row, y.row));
  const all = sorted.map((entry, i) => features(entry, i));
  const links = findLinks(all);
  const { groups, linkOf } = groupLinks(
    sorted.length,
    sorted.map((e) => e.row.file),
    links,
  );

  const venues: Array<{ venue: MergedVenue; winner: number }> = [];
  const merges: Array<{ merge: Merge; winner: number; member: number }> = [];
  for (const group of groups) {
    // Newest date first (ISO dates compare as strings); ties keep the sorted input order.
    const ranked = [...group].sort((x, y) => {
      const dx = sorted[x]!.row.record.date_maj;
      const dy = sorted[y]!.row.record.date_maj;
      return dx === dy ? x - y : dx < dy ? 1 : -1;
    });
    const members = ranked.map((i) => sorted[i]!);
    const winner = members[0]!;
    venues.push({
      winner: ranked[0]!,
      venue: {
        slug: venueSlug(winner.row),
        record: mergeRecords(members.map((m) => m.row.record)),
        geo: bestGeo(members),
        sources: members.map((m) => sourceRef(m.row)),
      },
    });
    for (const member of ranked.slice(1)) {
      const link = linkOf.get(member)!;
      merges.push({
        winner: ranked[0]!,
        member,
        merge: {
          kept: sourceRef(winner.row),
          merged: sourceRef(sorted[member]!.row),
          ...link.pair,
        },
      });
    }
  }

  venues.sort((x, y) => x.winner - y.winner);
  merges.sort((x, y) => x.winner - y.winner || x.member - y.member);
  const slugs = new Set<string>();
  for (const { venue } of venues) {
    if (slugs.has(venue.slug)) {
      const [first] = venue.sources;
      throw new Error(`Identifiant de lieu en double : ${first?.file} ligne ${first?.line}, id « ${first?.id} » (slug ${venue.slug}).`);
    }
    slugs.add(venue.slug);
  }
  return { venues: venues.map((v) => v.venue), merges: merges.map((m) => m.merge) };
}
