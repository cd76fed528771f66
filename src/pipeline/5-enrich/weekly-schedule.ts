/**
 * Build-time expansion of an `opening_hours` expression into the compact `WeeklySchedule` the
 * browser reads (`opening.ts`). Kept apart from `opening.ts` because the `opening_hours` library
 * weighs about 200 KB and must never reach a browser bundle.
 *
 * The dates handled here are read with the process's local calendar on both sides (the library
 * evaluates rules on local wall-clock time), so the build machine's time zone does not matter.
 */
import OpeningHours from 'opening_hours';
import type { WeeklySchedule } from '../../common/opening.ts';

const DAY_MS = 86_400_000;
/** Weeks compared to tell regular hours from seasonal or alternate-week ones: one year ahead. */
const WEEKS_COMPARED = 53;

export interface ScheduleOptions {
  /** The week shown is the first week on or after this date without a public holiday. */
  referenceDate: Date;
  /**
   * Region name as the INSEE spells it (« Nouvelle-Aquitaine »), for rules on school holidays
   * (`SH`), whose dates depend on the zone.
   */
  region?: string;
}

/** Local midnight of the Monday of the week holding `date`. */
function mondayOf(date: Date): Date {
  const weekday = (date.getDay() + 6) % 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - weekday);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** Calendar days from `from` to `to`, both read on the local calendar (safe across DST changes). */
function calendarDaysBetween(from: Date, to: Date): number {
  const utc = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

function minuteOfDay(date: Date): number {
  return date.getHours() * 60 + date.getMinutes();
}

/** The open ranges of the week starting at `monday`, split per day. Also reports uncertain ranges. */
function expandWeek(hours: OpeningHours, monday: Date): { days: number[][]; uncertain: boolean } {
  const days: number[][] = [[], [], [], [], [], [], []];
  let uncertain = false;
  for (const [from, to, unknown, comment] of hours.getOpenIntervals(monday, addDays(monday, 7))) {
    if (unknown || comment !== undefined) uncertain = true;
    let day = calendarDaysBetween(monday, from);
    let start = minuteOfDay(from);
    const lastDay = calendarDaysBetween(monday, to);
    const endMinute = minuteOfDay(to);
    while (day < lastDay) {
      days[day]!.push(start, 1440);
      day += 1;
      start = 0;
    }
    if (day < 7 && endMinute > start) days[day]!.push(start, endMinute);
  }
  return { days, uncertain };
}

/**
 * Whether the week starting at `monday` holds a French public holiday. Cached: every venue asks
 * about the same few weeks.
 */
const holidayWeeks = new Map<string, boolean>();
function hasPublicHoliday(holidays: OpeningHours, monday: Date, state: string): boolean {
  const key = `${state}|${monday.getFullYear()}-${monday.getMonth()}-${monday.getDate()}`;
  let answer = holidayWeeks.get(key);
  if (answer === undefined) {
    answer = holidays.getOpenIntervals(monday, addDays(monday, 7)).length > 0;
    holidayWeeks.set(key, answer);
  }
  return answer;
}

function sameDays(a: number[][], b: number[][]): boolean {
  return a.every((ranges, day) => {
    const other = b[day]!;
    return ranges.length === other.length && ranges.every((minute, i) => minute === other[i]);
  });
}

/**
 * The venue's week as the browser will show it, or `null` when `horaires` is empty or cannot be
 * evaluated (the validation stage reports invalid expressions; this one only skips them).
 * `irregular` is set when another week of the coming year (public-holiday weeks aside) differs
 * from the week shown, or when a range is marked unknown or carries a comment.
 */
export function expandWeeklySchedule(horaires: string, options: ScheduleOptions): WeeklySchedule | null {
  if (horaires.trim() === '') return null;
  // Producers reuse a few hour expressions for many venues, and both the venue pages and the
  // search index ask for them: each (expression, région, date) is expanded once per process.
  const key = `${options.referenceDate.toISOString()}\u0000${options.region ?? ''}\u0000${horaires}`;
  if (!expandedSchedules.has(key)) expandedSchedules.set(key, expand(horaires, options));
  return expandedSchedules.get(key)!;
}

const expandedSchedules = new Map<string, WeeklySchedule | null>();

function expand(horaires: string, options: ScheduleOptions): WeeklySchedule | null {
  const state = options.region ?? 'Île-de-France';
  const place = { lat: 0, lon: 0, address: { country_code: 'fr', state } };
  try {
    const hours = new OpeningHours(horaires, place);
    const holidays = new OpeningHours('PH', place);
    const firstMonday = mondayOf(options.referenceDate);
    const stable = hours.isWeekStable();
    let reference: number[][] | null = null;
    let irregular = false;
    for (let week = 0; week < WEEKS_COMPARED; week++) {
      const monday = addDays(firstMonday, 7 * week);
      if (hasPublicHoliday(holidays, monday, state)) continue;
      const expanded = expandWeek(hours, monday);
      if (expanded.uncertain) irregular = true;
      if (reference === null) {
        reference = expanded.days;
        if (stable) break;
      } else if (!sameDays(reference, expanded.days)) {
        irregular = true;
        break;
      }
    }
    if (reference === null) return null;
    // Hours given for public holidays (`PH 10:00-12:00`, `PH off`): those of the next one.
    if (!/\bPH\b/.test(horaires)) return { days: reference, irregular };
    const [nextHoliday] = holidays.getOpenIntervals(firstMonday, addDays(firstMonday, 7 * WEEKS_COMPARED));
    if (!nextHoliday) return { days: reference, irregular };
    const day = new Date(nextHoliday[0].getFullYear(), nextHoliday[0].getMonth(), nextHoliday[0].getDate());
    const holiday = expandWeek(hours, day).days[0]!;
    return { days: reference, irregular, holiday };
  } catch {
    return null;
  }
}
