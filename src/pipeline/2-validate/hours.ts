/**
 * Checks and repairs `horaires` (OpenStreetMap `opening_hours` syntax) with the reference
 * `opening_hours` library. Parsing an expression costs about a quarter of a millisecond and
 * files repeat the same few schedules, so results are cached per distinct string.
 */
import OpeningHours from 'opening_hours';
import { replaceLineBreaks } from '../../common/cell-text.ts';

export type HoursCheck =
  /** Valid as written. */
  | { status: 'valide'; value: string }
  /** Rewritten into an equivalent valid expression. */
  | { status: 'repare'; value: string }
  /** Not repairable: the value must be dropped. */
  | { status: 'invalide' };

const FRENCH_DAYS: ReadonlyArray<[RegExp, string]> = [
  [/\blun(di|\.)?\b/gi, 'Mo'],
  [/\bmar(di|\.)?\b/gi, 'Tu'],
  [/\bmer(credi|\.)?\b/gi, 'We'],
  [/\bjeu(di|\.)?\b/gi, 'Th'],
  [/\bven(dredi|\.)?\b/gi, 'Fr'],
  [/\bsam(edi|\.)?\b/gi, 'Sa'],
  [/\bdim(anche|\.)?\b/gi, 'Su'],
  [/\bf[ée]ri[ée]s?\b|\bjours? f[ée]ri[ée]s?\b/gi, 'PH'],
];

const pad = (hours: string): string => hours.padStart(2, '0');

/**
 * Unambiguous rewrites of what people type instead of the OSM syntax: French day names,
 * `9h`, `9h30`, `9h-12h`, `de 9h à 12h`, `et` between ranges. Anything else is left for the
 * library to judge.
 */
function rewriteFrench(value: string): string {
  // One rule per line in the cell is one rule per `;` in the syntax.
  let text = replaceLineBreaks(value.normalize('NFC'), '; ');
  for (const [day, code] of FRENCH_DAYS) text = text.replace(day, code);
  return text
    .replace(/\b(\d{1,2})\s*[hH:]\s*(\d{2})\b/g, (_, h: string, m: string) => `${pad(h)}:${m}`)
    .replace(/\b(\d{1,2})\s*[hH]\b/g, (_, h: string) => `${pad(h)}:00`)
    .replace(/\b(\d):(\d{2})\b/g, (_, h: string, m: string) => `${pad(h)}:${m}`)
    .replace(/\bde\s+(?=\d)/gi, '')
    .replace(/(\d{2}:\d{2})\s*(?:à|a|au|–|—|-)\s*(\d{2}:\d{2})/gi, '$1-$2')
    .replace(/(\d{2}:\d{2})\s+(?:et\s+)?(?=\d{2}:\d{2})/gi, '$1,')
    .replace(/\b(Mo|Tu|We|Th|Fr|Sa|Su)\s*(?:au|à|a)\s*(Mo|Tu|We|Th|Fr|Sa|Su)\b/g, '$1-$2')
    .replace(/\b(?:du|le|les)\s+(?=(?:Mo|Tu|We|Th|Fr|Sa|Su)\b)/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses with the library: the prettified form and the number of its warnings, when it parses. */
function tryParse(value: string): { ok: true; pretty: string; warnings: number } | { ok: false } {
  try {
    const parsed = new OpeningHours(value, null, 0);
    return { ok: true, pretty: parsed.prettifyValue(), warnings: parsed.getWarnings().length };
  } catch {
    return { ok: false };
  }
}

function checkUncached(value: string): HoursCheck {
  // The library reads a line break as a space, silently merging rules; a stored value must
  // also stay on one line. So a multi-line value always goes through the rewrite.
  const multiLine = /[\r\n]/.test(value);
  const direct = tryParse(multiLine ? replaceLineBreaks(value, '; ') : value);
  // A value the library accepts without complaint is kept as written, even if its prettified
  // form would differ in spacing: the producer's text is not ours to reformat.
  if (direct.ok && direct.warnings === 0 && !multiLine) return { status: 'valide', value };
  if (direct.ok) {
    const again = tryParse(direct.pretty);
    if (again.ok && again.warnings === 0) {
      return direct.pretty === value ? { status: 'valide', value } : { status: 'repare', value: direct.pretty };
    }
    // Warnings that prettifying cannot remove (rules overriding each other, empty ranges):
    // the library still reads the schedule, so it is kept.
    if (!multiLine) return { status: 'valide', value };
  }
  const rewritten = rewriteFrench(value);
  if (rewritten !== value) {
    const repaired = tryParse(rewritten);
    if (repaired.ok) {
      const pretty = tryParse(repaired.pretty);
      if (pretty.ok) return { status: 'repare', value: repaired.pretty };
    }
  }
  return { status: 'invalide' };
}

/**
 * The plain weekly shape most producers write (`Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00`,
 * `Su off`), which the library always accepts. The library's tokenizer builds hundreds of regular
 * expressions per value (about 0.4 ms each), so recognizing this shape first keeps 100,000 rows
 * within seconds; tests check that the library agrees on every real value taking this path.
 */
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAYS = `${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*`;
const TIME_RANGE = '(?:[01]\\d|2[0-3]):[0-5]\\d-(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)';
const RULE = `${DAYS} (?:${TIME_RANGE}(?:,${TIME_RANGE})*|off|closed)`;
export const PLAIN_WEEKLY_HOURS = new RegExp(`^${RULE}(?: ?; ?${RULE})*$`);

const cache = new Map<string, HoursCheck>();

/** Checks one trimmed, non-empty `horaires` value. */
export function checkHours(value: string): HoursCheck {
  let result = cache.get(value);
  if (result === undefined) {
    result = PLAIN_WEEKLY_HOURS.test(value) ? { status: 'valide', value } : checkUncached(value);
    cache.set(value, result);
  }
  return result;
}
