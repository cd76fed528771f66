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
