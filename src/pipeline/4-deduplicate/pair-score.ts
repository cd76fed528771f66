/**
 * The similarity of two rows, 0–100, and its parts (identity = best of name and contact,
 * address, distance), as described in deduplicate.ts. Pure functions of two rows' features.
 */
import { distanceKm } from '../../common/geography.ts';
import { round } from '../../common/numbers.ts';
import { editDistance } from '../../common/text.ts';
import type { Geocode } from '../types.ts';
import { features, type Contact, type DedupEntry, type Features } from './features.ts';

export const MERGE_THRESHOLD = 83;
/** Distance at which the distance part reaches 0. */
export const DISTANCE_ZERO_M = 300;
/**
 * Beyond this distance between two address-precise points, even perfect name and address
 * scores cannot reach the threshold: (100 + 100 + d) / 3 ≥ 83 needs a distance part ≥ 49.
 */
export const MAX_MERGE_DISTANCE_M = DISTANCE_ZERO_M * (1 - (3 * MERGE_THRESHOLD - 200) / 100);

/* ------------------------------------------------------------------ string similarity */

/** 100 for equal strings, 0 when every character differs. */
function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  return 100 * (1 - editDistance(a, b) / longest);
}

function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 5 && editDistance(a, b, 1) <= 1;
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

export function textSimilarity(a: readonly string[], b: readonly string[]): number {
  // Equal words are the common case between copies of one listing: no string to build.
  if (a.length > 0 && a.length === b.length && a.every((word, i) => word === b[i])) return 100;
  return Math.max(editSimilarity(a.join(' '), b.join(' ')), tokenSimilarity(a, b));
}

const shares = (a: readonly string[], b: readonly string[]): boolean => a.some((value) => b.includes(value));

/**
 * What the rows' contacts say about being one venue, 0–100: the same phone or e-mail address
 * (100); both France Services offices (90), since there is one per area; the same e-mail or
 * website domain (75): a town's or an association's domain is shared by all its services, so it
 * takes a matching address too.
 */
function contactScore(a: Contact, b: Contact): number {
  if ((a.phone !== '' && a.phone === b.phone) || shares(a.emails, b.emails)) return 100;
  if (a.franceServices && b.franceServices) return 90;
  return shares(a.hosts, b.hosts) ? 75 : 0;
}


/* ------------------------------------------------------------------ pair scoring */

export function distanceMetres(a: Geocode, b: Geocode): number {
  return 1000 * distanceKm(a.lat, a.lon, b.lat, b.lon);
}

export interface PairScore {
  score: number;
  nameScore: number;
  /** What shared contacts say (see contactScore); the identity part of the score is the best of name and contact. */
  contactScore: number;
  addressScore: number;
  /** Null when either point is not address-precise: the distance is then left out of the score. */
  distanceScore: number | null;
}

/**
 * Two points of address precision this close are one building or its neighbour: a different
 * house number there is more often a numbering difference (« 6 » and « 12 rue de Druyes » for
 * one site, « 8 » and « 6 bis » on one square) than another venue.
 */
const CLOSE_POINTS_M = 75;

function addressScore(a: Features, b: Features, metres: number | null): number {
  const street = textSimilarity(a.streetTokens, b.streetTokens);
  if (a.houseNumbers.length > 0 && b.houseNumbers.length > 0) {
    if (a.houseNumbers.some((n) => b.houseNumbers.includes(n))) return street;
    return metres !== null && metres <= CLOSE_POINTS_M ? street * 0.85 : street / 2;
  }
  if (a.houseNumbers.length > 0 || b.houseNumbers.length > 0) return street * 0.9;
  return street;
}

export function bothPrecise(a: Features, b: Features): boolean {
  return a.entry.geo.precision === 'adresse' && b.entry.geo.precision === 'adresse';
}

function vetoed(a: Features, b: Features, nameScore: number): boolean {
  if (a.typologyGroups.size > 0 && b.typologyGroups.size > 0) {
    const shared = [...a.typologyGroups].some((group) => b.typologyGroups.has(group));
    if (!shared) return true;
  }
  return a.pivot !== null && b.pivot !== null && a.pivot !== b.pivot && nameScore < 100;
}

/** Scores a pair whose points are `metres` apart (null unless both are address-precise); null when vetoed. */
export function scorePair(a: Features, b: Features, metres: number | null): PairScore | null {
  const nameScore = a.foldedName === b.foldedName ? 100 : textSimilarity(a.nameTokens, b.nameTokens);
  if (vetoed(a, b, nameScore)) return null;
  const contact = contactScore(a.contact, b.contact);
  const address = addressScore(a, b, metres);
  const distanceScore = metres === null ? null : Math.max(0, 100 * (1 - metres / DISTANCE_ZERO_M));
  const identity = Math.max(nameScore, contact);
  const score = distanceScore === null ? (identity + address) / 2 : (identity + address + distanceScore) / 3;
  return {
    score: round(score, 1),
    nameScore: round(nameScore, 1),
    contactScore: contact,
    addressScore: round(address, 1),
    distanceScore: distanceScore === null ? null : round(distanceScore, 1),
  };
}

/** Similarity of two entries as the deduplication sees it, for reports and tests. */
export function scoreEntries(a: DedupEntry, b: DedupEntry): PairScore | null {
  const fa = features(a, 0);
  const fb = features(b, 1);
  return scorePair(fa, fb, bothPrecise(fa, fb) ? distanceMetres(a.geo, b.geo) : null);
}

