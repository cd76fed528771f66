/**
 * The listing form's hours editor: an OpenStreetMap `opening_hours` expression read as seven days
 * of time ranges, written back, and said in words. Only the plain weekly shape is represented
 * (`Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00`, `Su off`): anything else — public holidays
 * (`PH off`), alternate weeks, months, comments — is left as text for the contributor to edit,
 * never simplified. Browser-safe.
 */
import { WEEKDAY_NAMES } from '../../common/opening.ts';

/** `[start, end]` as `HH:MM`, end after start (`24:00` allowed). */
export type TimeRange = readonly [string, string];
/** Seven days, Monday first; an empty day is closed. */
export type WeekHours = TimeRange[][];

const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const DAY_SPAN = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$/;
const TIME_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
/** The longest expression the editor reads (real schedules stay far below). */
const MAX_LENGTH = 500;

export const emptyWeek = (): WeekHours => DAY_CODES.map(() => []);

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A range is usable when it ends after it starts. */
export const isValidRange = ([start, end]: TimeRange): boolean => /^\d{2}:\d{2}$/.test(start) && /^\d{2}:\d{2}$/.test(end) && minutes(end) > minutes(start) && minutes(end) <= 1440;

function readDays(text: string): number[] | null {
  const days: number[] = [];
  for (const part of text.split(',')) {
    const match = DAY_SPAN.exec(part);
    if (match === null) return null;
    const from = DAY_CODES.indexOf(match[1] as (typeof DAY_CODES)[number]);
    const to = match[2] === undefined ? from : DAY_CODES.indexOf(match[2] as (typeof DAY_CODES)[number]);
    // A span across Sunday (Sa-Mo) is valid OSM; the editor does not need to guess it.
    if (to < from) return null;
    for (let day = from; day <= to; day++) days.push(day);
  }
  return days;
}

function readRanges(text: string): TimeRange[] | null {
  if (text === 'off' || text === 'closed') return [];
  const ranges: TimeRange[] = [];
  for (const part of text.split(',')) {
    const match = TIME_RANGE.exec(part);
    if (match === null) return null;
    const range: TimeRange = [`${match[1]}:${match[2]}`, match[3] === undefined ? '24:00' : `${match[3]}:${match[4]}`];
    if (!isValidRange(range)) return null;
    ranges.push(range);
  }
  return ranges;
}

/** The week an expression describes, or null when it is not the plain weekly shape. Later rules replace earlier ones for their days, as in OSM. */
export function parseWeeklyHours(expression: string): WeekHours | null {
  const text = expression.trim();
  if (text.length > MAX_LENGTH) return null;
  const week = emptyWeek();
  if (text === '') return week;
  for (const rule of text.split(';')) {
    const trimmed = rule.trim();
    if (trimmed === '') continue;
    const space = trimmed.indexOf(' ');
    if (space < 0) return null;
    const days = readDays(trimmed.slice(0, space));
    const ranges = readRanges(trimmed.slice(space + 1).trim());
    if (days === null || ranges === null) return null;
    for (const day of days) week[day] = [...ranges];
  }
  return week;
}

const sorted = (ranges: readonly TimeRange[]): TimeRange[] => ranges.filter(isValidRange).sort((a, b) => minutes(a[0]) - minutes(b[0]));
const rangesText = (ranges: readonly TimeRange[]): string => sorted(ranges).map(([start, end]) => `${start}-${end}`).join(',');

/** Runs of consecutive days: [0,1,2,4] → `Mo-We,Fr`. */
function daysText(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    parts.push(j === i ? DAY_CODES[days[i]!]! : `${DAY_CODES[days[i]!]}${j === i + 1 ? ',' : '-'}${DAY_CODES[days[j]!]}`);
    i = j;
  }
  return parts.join(',');
}

/** Days sharing the same ranges, in the order of their first day. */
function groups(week: WeekHours): Array<{ days: number[]; ranges: TimeRange[] }> {
  const byRanges = new Map<string, { days: number[]; ranges: TimeRange[] }>();
  week.forEach((ranges, day) => {
    const key = rangesText(ranges);
    if (key === '') return;
    const group = byRanges.get(key);
    if (group) group.days.push(day);
    else byRanges.set(key, { days: [day], ranges: sorted(ranges) });
  });
  return [...byRanges.values()];
}

/** The OSM expression of a week; '' when every day is closed (the standard leaves the cell empty). */
export function writeWeeklyHours(week: WeekHours): string {
  return groups(week)
    .map(({ days, ranges }) => `${daysText(days)} ${rangesText(ranges)}`)
    .join('; ');
}

const clock = (time: string): string => (time === '24:00' ? 'minuit' : `${Number(time.slice(0, 2))}h${time.slice(3, 5)}`);

function daysInWords(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    const from = WEEKDAY_NAMES[days[i]!]!;
    // Three days or more read « du lundi au mercredi »; two read as two days.
    if (j >= i + 2) {
      parts.push(`du ${from} au ${WEEKDAY_NAMES[days[j]!]}`);
      i = j;
    } else parts.push(from);
  }
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}` : (parts[0] ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The week in French, one line per group of days: « Du lundi au vendredi : 9h00 à 12h00, 14h00 à 18h00 ». */
export function describeWeeklyHours(week: WeekHours): string[] {
  const open = groups(week);
  if (open.length === 0) return ['Aucun horaire d’ouverture indiqué.'];
  const lines = open.map(({ days, ranges }) => `${daysInWords(days)} : ${ranges.map(([start, end]) => `${clock(start)} à ${clock(end)}`).join(', ')}`);
  const closed = week.map((ranges, day) => (rangesText(ranges) === '' ? day : -1)).filter((day) => day >= 0);
  if (closed.length > 0) lines.push(`Fermé : ${daysInWords(closed).toLowerCase()}`);
  return lines;
}
