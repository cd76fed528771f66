/**
 * Deduplication ACROSS sources: the same venue published by a local network and by a national
 * programme becomes one Venue, whether the two rows come in two files or in one consolidated
 * file. A row's source is its `source` column, else its file (see ownership.ts). Rows of one
 * source are never merged with each other, even indirectly: a producer listing two rows with
 * distinct ids means two venues (several permanences at one address, for instance). When two
 * rows of one source look like the same venue (same address, names a typo apart), they are
 * reported to that producer as a « doublon probable » and shown to citizens as one card
 * (`Venue.doubles`).
 *
 * Recipe (close to the national pipeline's):
 * - Candidates share a commune (`geo.codeInsee`, else the postal code). Comparing only inside
 *   a commune keeps the work linear in the number of communes; inside a commune, two rows that
 *   both have address-precise points further apart than `MAX_MERGE_DISTANCE_M` cannot reach the
 *   threshold and are skipped before any text is compared.
 * - Score 0–100 = mean of three parts:
 *   - identity: the best of
 *     - name: folded names without articles, without the generic words and labels sources add
 *       or omit around the venue's own name ("espace", "numérique", "France Services", "MSAP",
 *       "association"...; see GENERIC_NAME_WORDS) and without the words of the commune. Best of
 *       an edit-distance similarity and a token similarity (mean of the Dice coefficient and the
 *       overlap coefficient, tokens matching with one typo or a French spelling variant), so
 *       that "Médiathèque de Lons" and "Médiathèque Lons-le-Saunier" score high; identical names
 *       score 100;
 *     - contact (contactScore): the same phone or e-mail address, both France Services offices,
 *       or the same e-mail or website domain. Sources often name one venue by its structure
 *       (« CC Porte du Jura ») and by its office (« MFS Porte du Jura »): their phone is the same;
 *   - address: folded street with common abbreviations expanded ("av" → "avenue"), compared like
 *     names; a different house number halves it (costs 15 % when both points are within
 *     CLOSE_POINTS_M: « 8 » and « 6 bis » of one square), a missing one costs 10 %;
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
 * Grouping: accepted pairs are applied strongest first (most agreeing signs, then score, then
 * name; ties by file and line), joining groups only when they contain no two rows of the same
 * source; this is deterministic and transitive (A~B, B~C gives one venue of three rows).
 *
 * Measured on real data against hand labels: tests/cross-source.test.ts.
 *
 * Modules: features.ts extracts what is compared, pair-score.ts scores a pair, this one groups
 * the pairs and merges each group's fields.
 *
 * Fields of a group: the row with the newest `date_maj` wins (a date after the build date counts
 * as none; ties: first file in sorted order, then first line); an empty scalar field of the
 * winner is filled from the next rows in that order; lists are the union of all rows (vocabulary
 * order for enumerated columns, first-seen order otherwise); the point is the most precise one
 * among the rows (winner first on ties).
 */
import type { Column, StandardRecord } from '../schema.ts';
import { COLUMNS, FIELDS, isListColumn } from '../schema.ts';
import { round } from '../../common/numbers.ts';
import { editDistance, shortHash, slugify } from '../../common/text.ts';
import { effectiveDate, producerKey } from '../ownership.ts';
import type { Geocode, GeocodePrecision, Merge, MergedVenue, ProbableDuplicate, Problem, SourceRef, ValidRow } from '../types.ts';
import { blockKey, features, type DedupEntry, type Features } from './features.ts';
import { bothPrecise, distanceMetres, MAX_MERGE_DISTANCE_M, MERGE_THRESHOLD, scorePair, textSimilarity, type PairScore } from './pair-score.ts';

const PRECISION_RANK: Record<GeocodePrecision, number> = {
  adresse: 0,
  commune: 1,
  commune_voisine: 2,
  code_postal: 3,
  departement: 4,
  aucune: 5,
};

/* ------------------------------------------------------------------ grouping */

function compareRows(a: ValidRow, b: ValidRow): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

interface Link {
  a: number;
  b: number;
  pair: PairScore;
  /** `agreements(pair)`, kept for the sort. */
  signs: number;
}

/** Rows of one source closer than this, at the same address with names a typo apart, are « doublon probable ». */
const DOUBLE_MAX_DISTANCE_M = 100;

/** Same source, same address (house number and street), names at most two typos apart. */
function probableDouble(a: Features, b: Features, metres: number | null): PairScore | null {
  if (a.houseNumbers.join(' ') !== b.houseNumbers.join(' ') || textSimilarity(a.streetTokens, b.streetTokens) < 90) return null;
  if (a.foldedName !== b.foldedName && editDistance(a.foldedName, b.foldedName, 2) > 2) return null;
  return scorePair(a, b, metres);
}

/**
 * How many independent signs say « same venue »: a similar name, shared contacts. Links are
 * applied most signs first, then by score: a structure's phone is shared by all the services it
 * runs at one address (a digital-help office, its fablab), and the row whose name also matches
 * is the one a row of another source describes.
 */
function agreements(pair: PairScore): number {
  return (pair.nameScore >= 80 ? 1 : 0) + (pair.contactScore >= 90 ? 1 : 0);
}

/** Union-find over positions 0…count-1. */
function disjointSets(count: number): { find: (i: number) => number; union: (a: number, b: number) => void } {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  return { find, union };
}

/**
 * Cross-source links that reach the threshold, strongest first, and the clusters of same-source
 * probable doubles (as a union-find: twenty identical rows make one cluster, not 190 pairs).
 */
function findLinks(all: Features[]): { links: Link[]; doubles: ReturnType<typeof disjointSets> } {
  const blocks = new Map<string, Features[]>();
  for (const f of all) {
    const key = blockKey(f.entry);
    const block = blocks.get(key);
    if (block) block.push(f);
    else blocks.set(key, [f]);
  }
  const links: Link[] = [];
  const doubles = disjointSets(all.length);
  for (const block of blocks.values()) {
    for (let i = 0; i < block.length; i++) {
      const a = block[i]!;
      for (let j = i + 1; j < block.length; j++) {
        const b = block[j]!;
        const metres = bothPrecise(a, b) ? distanceMetres(a.entry.geo, b.entry.geo) : null;
        if (a.sourceKey === b.sourceKey) {
          if (metres !== null && metres > DOUBLE_MAX_DISTANCE_M) continue;
          if (doubles.find(a.order) !== doubles.find(b.order) && probableDouble(a, b, metres) !== null) doubles.union(a.order, b.order);
          continue;
        }
        if (metres !== null && metres > MAX_MERGE_DISTANCE_M) continue;
        const pair = scorePair(a, b, metres);
        if (pair !== null && pair.score >= MERGE_THRESHOLD) links.push({ a: a.order, b: b.order, pair, signs: agreements(pair) });
      }
    }
  }
  return { links: links.sort((x, y) => y.signs - x.signs || y.pair.score - x.pair.score || y.pair.nameScore - x.pair.nameScore || x.a - y.a || x.b - y.b), doubles };
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const value of b) if (a.has(value)) return true;
  return false;
}

/** Groups of entry positions; a group never holds two rows of the same source. */
function groupLinks(count: number, sources: readonly string[], links: readonly Link[]): { groups: number[][]; linkOf: Map<number, Link> } {
  const parent = Array.from({ length: count }, (_, i) => i);
  const groupSources = sources.map((source) => new Set([source]));
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
    const sourcesA = groupSources[ra]!;
    const sourcesB = groupSources[rb]!;
    if (intersects(sourcesA, sourcesB)) continue;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    for (const source of groupSources[child]!) groupSources[root]!.add(source);
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

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, i) => value === b[i]);

function mergeRecords(records: readonly StandardRecord[]): StandardRecord {
  const [first] = records;
  // A venue of one row keeps its record (a copy per venue would double the memory at 100,000
  // venues), unless its own lists hold a repeated or misordered value.
  if (records.length === 1 && COLUMNS.every((column) => !isListColumn(column) || sameList(unionList(column, [first![column] as string[]]), first![column] as string[]))) {
    return first!;
  }
  const merged: Record<string, unknown> = { ...first! };
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

function sourceRef(f: Features): SourceRef {
  const { row } = f.entry;
  return { file: row.file, line: row.line, id: row.record.id, source: f.sourceLabel };
}

export function venueSlug(row: ValidRow): string {
  return `${slugify(`${row.record.nom} ${row.record.commune}`)}-${shortHash(`${producerKey(row.file)}#${row.record.id}`)}`;
}

/**
 * Page addresses, one per venue in the given order, never twice the same: a venue whose
 * `venueSlug` is already taken by an earlier one (the same id of a producer in an older and a
 * newer dated export, or two hashes that collide) gets a suffix hashed from its full file name
 * and id, then a number if need be. The first venue keeps the plain address, so that adding a
 * newer file never moves the pages already published.
 */
function uniqueSlugs(rows: readonly ValidRow[]): string[] {
  const taken = new Set<string>();
  return rows.map((row) => {
    const plain = venueSlug(row);
    let slug = taken.has(plain) ? `${plain}-${shortHash(`${row.file}#${row.record.id}`)}` : plain;
    for (let n = 2; taken.has(slug); n++) slug = `${plain}-${n}`;
    taken.add(slug);
    return slug;
  });
}

/** The « doublon probable » warning, on the second row of the pair. */
export function probableDuplicateProblem(double: ProbableDuplicate): Problem {
  const { first, second } = double;
  const where = first.file === second.file ? `la ligne ${first.line}` : `la ligne ${first.line} de ${first.file}`;
  return {
    file: second.file,
    line: second.line,
    column: 'id',
    value: second.id,
    severity: 'warning',
    code: 'doublon-probable',
    message:
      `Doublon probable : cette ligne (id « ${second.id} ») et ${where} (id « ${first.id} »), de la même source « ${first.source} », ` +
      `ont la même adresse et presque le même nom. Les deux fiches restent publiées et le site les présente ensemble ` +
      `(« 2 fiches à cette adresse »). Si c'est le même lieu, supprimez l'une des deux lignes ; sinon, distinguez leurs noms ` +
      `(par exemple « permanence du mardi »).`,
  };
}

export interface DeduplicateOptions {
  /** The build date (`YYYY-MM-DD`): a `date_maj` after it never wins a merge. Default: no date is too late. */
  today?: string;
}

export interface DeduplicateResult {
  venues: MergedVenue[];
  merges: Merge[];
  probableDuplicates: ProbableDuplicate[];
}

/* ------------------------------------------------------------------ entry point */

export function deduplicate(entries: ReadonlyArray<DedupEntry>, options: DeduplicateOptions = {}): DeduplicateResult {
  const today = options.today ?? '9999-12-31';
  const sorted = [...entries].sort((x, y) => compareRows(x.row, y.row));
  const all = sorted.map((entry, i) => features(entry, i));
  const { links, doubles } = findLinks(all);
  const { groups, linkOf } = groupLinks(
    sorted.length,
    all.map((f) => f.sourceKey),
    links,
  );

  const venues: Array<{ venue: MergedVenue; winner: number }> = [];
  const venueOfRow: MergedVenue[] = new Array<MergedVenue>(sorted.length);
  const merges: Array<{ merge: Merge; winner: number; member: number }> = [];
  for (const group of groups) {
    // Newest date first (ISO dates compare as strings; a future date counts as none); ties keep the sorted input order.
    const date = (i: number): string => effectiveDate(sorted[i]!.row.record.date_maj, today);
    const ranked = [...group].sort((x, y) => (date(x) === date(y) ? x - y : date(x) < date(y) ? 1 : -1));
    const members = ranked.map((i) => sorted[i]!);
    const venue: MergedVenue = {
      // Given below, once every venue is known, so that no two share a page address.
      slug: '',
      record: mergeRecords(members.map((m) => m.row.record)),
      geo: bestGeo(members),
      sources: ranked.map((i) => sourceRef(all[i]!)),
    };
    venues.push({ winner: ranked[0]!, venue });
    for (const member of group) venueOfRow[member] = venue;
    for (const member of ranked.slice(1)) {
      const link = linkOf.get(member)!;
      merges.push({
        winner: ranked[0]!,
        member,
        merge: {
          kept: venue.sources[0]!,
          merged: sourceRef(all[member]!),
          ...link.pair,
        },
      });
    }
  }

  venues.sort((x, y) => x.winner - y.winner);
  merges.sort((x, y) => x.winner - y.winner || x.member - y.member);
  const slugs = uniqueSlugs(venues.map((v) => sorted[v.winner]!.row));
  venues.forEach((v, i) => {
    v.venue.slug = slugs[i]!;
  });
  return {
    venues: venues.map((v) => v.venue),
    merges: merges.map((m) => m.merge),
    probableDuplicates: linkDoubles(all, doubles, venueOfRow),
  };
}

/**
 * Records the probable doubles on the venues that hold their rows (`Venue.doubles`: every other
 * venue of the cluster, so that three rows of one place give one card of three) and lists, for
 * the report, each row of a cluster after the first with that first row.
 */
function linkDoubles(all: readonly Features[], doubles: ReturnType<typeof disjointSets>, venueOfRow: readonly MergedVenue[]): ProbableDuplicate[] {
  const rowsByCluster = new Map<number, number[]>();
  for (let i = 0; i < all.length; i++) {
    const root = doubles.find(i);
    if (root === i && rowsByCluster.get(i) === undefined) continue;
    const rows = rowsByCluster.get(root) ?? [root];
    rows.push(i);
    rowsByCluster.set(root, rows);
  }
  if (rowsByCluster.size === 0) return [];
  // Venues joined through any cluster (a venue may hold rows of two sources, each listed twice).
  const venues = [...new Set(venueOfRow)];
  const venueIndex = new Map(venues.map((venue, i) => [venue, i]));
  const venueSets = disjointSets(venues.length);
  const pairs: ProbableDuplicate[] = [];
  for (const [root, rows] of rowsByCluster) {
    const first = all[root]!;
    for (const i of rows.slice(1)) {
      venueSets.union(venueIndex.get(venueOfRow[root]!)!, venueIndex.get(venueOfRow[i]!)!);
      const other = all[i]!;
      const metres = bothPrecise(first, other) ? Math.round(distanceMetres(first.entry.geo, other.entry.geo)) : null;
      pairs.push({ first: sourceRef(first), second: sourceRef(other), nameScore: round(textSimilarity(first.nameTokens, other.nameTokens), 1), metres });
    }
  }
  const members = new Map<number, MergedVenue[]>();
  venues.forEach((venue, i) => {
    const root = venueSets.find(i);
    const cluster = members.get(root);
    if (cluster === undefined) members.set(root, [venue]);
    else cluster.push(venue);
  });
  for (const cluster of members.values()) {
    if (cluster.length < 2) continue;
    for (const venue of cluster) venue.doubles = cluster.filter((other) => other !== venue).map((other) => other.slug).sort();
  }
  return pairs.sort((x, y) => compareRefs(x.first, y.first) || compareRefs(x.second, y.second));
}

function compareRefs(a: SourceRef, b: SourceRef): number {
  return a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line;
}
