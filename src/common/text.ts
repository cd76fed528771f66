/**
 * Text helpers shared by every stage and by the browser code (no Node or heavy imports here).
 */

const DIACRITICS = /[\u0300-\u036f]/g;

/**
 * Folds a string for comparison: no accents, lower case, punctuation and apostrophes as spaces,
 * `œ`/`æ` spelt out, spaces collapsed. "Saint-Étienne " and "SAINT ETIENNE" fold the same.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(DIACRITICS, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A URL path segment made of the folded words joined by `-`, cut at a word boundary. */
export function slugify(value: string, maxLength = 60): string {
  const slug = foldText(value).replace(/ /g, '-');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > 20 ? cut.slice(0, lastDash) : cut;
}

/** A short stable hash (FNV-1a, 32 bits, base 36) for identifiers that must not change between builds. */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/**
 * Levenshtein edit distance between `a` and `b`. With a `limit`, stops as soon as the distance
 * is known to exceed it and returns `limit + 1` (typo matching over thousands of names).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * What is wrong with a venue's name as a name, if anything: only a number (« 1 », « 11 bis »,
 * « 265 901 785 00 »), a SIRET (14 digits), or all capitals (« MAIRIE DE SAINTE-LUCE »; short
 * acronyms such as « CCAS » are fine). Linear-time checks on a length-limited cell.
 */
export function nameFlaw(name: string): 'numero' | 'siret' | 'majuscules' | null {
  const trimmed = name.trim();
  const digits = trimmed.replace(/[\s.\-]/g, '');
  if (/^\d{14}$/.test(digits)) return 'siret';
  if (/^\d[\d\s.\-]*(?:\s*(?:bis|ter|quater))?$/i.test(trimmed)) return 'numero';
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return 'majuscules';
  return null;
}

/**
 * The order of venue lists with no other order: by name, accents and case ignored, names that
 * start with a digit (« 1 », « 11 bis », a SIRET) after those that start with a letter, so that
 * a list starts with names people recognise.
 */
export function compareNames(a: string, b: string): number {
  const foldedA = foldText(a);
  const foldedB = foldText(b);
  return startsWithDigit(foldedA) - startsWithDigit(foldedB) || foldedA.localeCompare(foldedB);
}

function startsWithDigit(folded: string): number {
  return /^[^a-z]*\d/.test(folded) ? 1 : 0;
}

/**
 * « 12 rue de la Paix, bâtiment B »: the street and its complement, the complement left out when
 * it only repeats the street (many files copy `adresse` into `complement_adresse`).
 */
export function streetAddress(adresse: string, complement: string): string {
  if (!complement || foldText(complement) === foldText(adresse)) return adresse;
  return adresse ? `${adresse}, ${complement}` : complement;
}
