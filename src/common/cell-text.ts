/**
 * Text from untrusted cells made safe for terminals, reports, JSON and spreadsheets: invisible
 * control characters and escape sequences removed, line breaks folded, long values clipped,
 * formulas neutralized. Kept apart from text.ts so that browser pages that only fold text do not
 * download these.
 */

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

/*
 * Formula injection: a spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (and some strip
 * a leading tab or carriage return first), so listing text such as `=HYPERLINK(...)` could act on
 * the machine of whoever opens an export or pastes a copied table. Such text cells get a leading
 * `'`, which spreadsheets display as text. Text made only of a sign followed by digits, spaces and
 * dots, such as the standard's phone numbers `+33123456789`, is left as it is: no formula can hide
 * in it. Used by the CSV files (build) and the tables copied from a page (browser).
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const SIGNED_NUMBER_TEXT = /^[+-][\d .]*$/;

/** Neutralizes a text cell a spreadsheet would run as a formula (see the module comment). */
export function neutralizeFormula(text: string): string {
  if (!FORMULA_TRIGGER.test(text) || SIGNED_NUMBER_TEXT.test(text)) return text;
  return `'${text}`;
}
