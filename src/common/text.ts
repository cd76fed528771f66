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
 * Levenshtein edit distance between `a` and `b`. With a `limit`, only the diagonal band of
 * width 2 × limit + 1 is computed (a longer path costs more than the limit), so the work is
 * linear in the length of the strings; returns `limit + 1` as soon as the distance is known to
 * exceed it (typo matching over thousands of names, and cells of any length).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  const band = Math.min(limit, Math.max(n, m));
  if (Math.abs(n - m) > band) return limit + 1;
  // Cells outside the band: larger than any distance, small enough not to overflow when 1 is added.
  const outside = 0x3fffffff;
  let previous = new Array<number>(m + 1);
  let current = new Array<number>(m + 1);
  // Every cell a row reads is written by the row before (or here, for the first one).
  for (let j = 0; j <= m; j++) previous[j] = j <= band ? j : outside;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(m, i + band);
    current[from - 1] = from === 1 && i <= band ? i : outside;
    let rowMin = current[from - 1]!;
    const char = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cost = char === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // The next row reads one cell further right: it must not see a value left from two rows ago.
    if (to < m) current[to + 1] = outside;
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[m]!, limit + 1);
}

/**
 * Characters that change what a terminal or a bidirectional text viewer shows without being
 * seen themselves: C0 control characters other than tab, line feed and carriage return (ESC
 * starts terminal escape sequences), DEL, C1 control characters (U+009B is an 8-bit escape
 * sequence introducer), and the bidirectional marks, embeddings, overrides and isolates that
 * reorder text (« Trojan Source »).
 */
const INVISIBLE_CONTROL_RANGES = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/**
 * A whole terminal escape sequence where one starts (CSI `ESC [ … letter`, OSC `ESC ] … BEL`),
 * else one invisible control character: removing only the ESC of `ESC[31m` would leave `[31m`.
 * Each alternative has one way to match, in linear time.
 */
const INVISIBLE_CONTROLS = new RegExp(
  `\\u001b\\[[0-?]*[ -/]*[@-~]|\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)?|[${INVISIBLE_CONTROL_RANGES}]`,
  'g',
);

/** The text without its invisible control characters (and escape sequences), and how many were removed. */
export function removeInvisibleControls(value: string): { text: string; removed: number } {
  let removed = 0;
  const text = value.replace(INVISIBLE_CONTROLS, () => {
    removed++;
    return '';
  });
  return { text, removed };
}

/** The same control characters and the carriage return, which moves a terminal's cursor back. */
const UNPRINTABLE = new RegExp(`[${INVISIBLE_CONTROL_RANGES}\\r]`, 'g');

const codePoint = (char: string): string => (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');

/**
 * Text safe to print on a terminal or in a rendered report: each invisible control character
 * (and carriage return) is shown as `[U+XXXX]` instead of acting. Line feeds and tabs are kept.
 */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, (char) => `[U+${codePoint(char)}]`);
}

/**
 * JSON text in which the same characters are written as `\uXXXX` escapes: the same data once
 * parsed, but inert when the JSON itself is printed or shown (JSON.stringify escapes only C0).
 */
export function inertJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNPRINTABLE, (char) => `\\u${codePoint(char)}`);
}

/**
 * Replaces each run of white space that contains a line break by `replacement`, in linear time
 * (a pattern such as `\s*[\r\n]+\s*` backtracks quadratically on a long run of spaces).
 */
export function replaceLineBreaks(value: string, replacement: string): string {
  return value.replace(/\s+/g, (space) => (/[\r\n]/.test(space) ? replacement : space));
}

/** At most `max` characters, ending with `…` when cut. */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
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
