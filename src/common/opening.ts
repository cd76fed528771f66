/**
 * A venue's weekly opening schedule and its open/closed status, small enough for the browser.
 *
 * The schedule is expanded from the `horaires` expression at build time (see
 * `weekly-schedule.ts`, which needs the heavy `opening_hours` library); everything here is plain
 * arithmetic on minutes so that the home page and the venue page can say « Ouvert – ferme à
 * 17h00 » without shipping that library. Public holidays are not known here: a venue closed on a
 * holiday shows its usual hours, which the pages say next to the status.
 */

/** Minutes in a day and in a week. */
const DAY = 1440;
const WEEK = 7 * DAY;

/** Monday first, as French calendars and the `opening_hours` syntax (`Mo-Su`) count. */
/** What « ouvert maintenant » cannot know, said wherever the status is shown. */
export const HOLIDAY_NOTE = 'Selon les horaires habituels : les jours fériés ne sont pas pris en compte.';

export const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

export interface WeeklySchedule {
  /**
   * Seven days, Monday first. Each day is a flat, sorted list of `[start, end)` pairs in minutes
   * from local midnight (0–1440): `[540, 720, 840, 1020]` is 9h00–12h00 and 14h00–17h00. An
   * overnight range is split at midnight (22:00-02:00 on Monday gives Monday `[1320, 1440]` and
   * Tuesday `[0, 120]`).
   */
  days: number[][];
  /**
   * The week shown does not hold every week of the year: seasonal or alternate-week rules, school
   * holidays, or ranges the producer marked as uncertain or commented (« sur rendez-vous »).
   */
  irregular: boolean;
}

/** A moment as a venue's wall clock reads it: weekday (0 = Monday) and minute of the day. */
export interface WeekTime {
  day: number;
  minute: number;
}

export interface OpenStatus {
  open: boolean;
  /** « ferme à 17h00 », « ouvre demain à 9h00 », « ouvert 24h/24 »; '' when the week has no opening. */
  detail: string;
}

/** Time zones of the overseas départements and collectivities, by their code. */
const OVERSEAS_TIME_ZONES: Readonly<Record<string, string>> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '975': 'America/Miquelon',
  '976': 'Indian/Mayotte',
  '977': 'America/St_Barthelemy',
  '978': 'America/Marigot',
  '986': 'Pacific/Wallis',
  '987': 'Pacific/Tahiti',
  '988': 'Pacific/Noumea',
};

/**
 * The IANA time zone of a département (or overseas collectivity) code. Overseas venues keep their
 * own clock, whatever the visitor's device says.
 */
export function timeZoneForDepartement(code: string): string {
  return OVERSEAS_TIME_ZONES[code] ?? 'Europe/Paris';
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Formatters are costly to create; filtering thousands of venues asks for the same few zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minute that clocks show at `now` in `timeZone`. */
export function localWeekTime(now: Date, timeZone = 'Europe/Paris'): WeekTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** Whether the venue is open at that wall-clock moment. */
export function isOpenAt(schedule: WeeklySchedule, time: WeekTime): boolean {
  const ranges = schedule.days[time.day] ?? [];
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    if (ranges[i]! <= time.minute && time.minute < ranges[i + 1]!) return true;
  }
  return false;
}

/** Whether the venue opens at all on Saturday or Sunday. */
export function isOpenAtWeekend(schedule: WeeklySchedule): boolean {
  return (schedule.days[5]?.length ?? 0) > 0 || (schedule.days[6]?.length ?? 0) > 0;
}

/** Whether the schedule has at least one opening in the week. */
export function hasOpenings(schedule: WeeklySchedule): boolean {
  return schedule.days.some((ranges) => ranges.length > 0);
}

/** The week as `[start, end)` pairs in minutes from Monday 0h00, contiguous ranges merged. */
function weekRanges(schedule: WeeklySchedule): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  schedule.days.forEach((ranges, day) => {
    for (let i = 0; i + 1 < ranges.length; i += 2) {
      const start = day * DAY + ranges[i]!;
      const end = day * DAY + ranges[i + 1]!;
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
  });
  return merged;
}

/** « 9h00 », « 17h30 » for a minute of the day. */
export function formatClock(minute: number): string {
  return `${Math.floor(minute / 60)}h${String(minute % 60).padStart(2, '0')}`;
}

/**
 * « à 9h00 », « demain à 9h00 », « lundi à 9h00 », « lundi prochain à 9h00 » for a minute of the
 * week seen from weekday `today`. A closing at midnight reads « à minuit » on the day it ends.
 */
function describeMoment(weekMinute: number, today: number, closing: boolean): string {
  const atMidnight = closing && weekMinute % DAY === 0;
  const moment = atMidnight ? weekMinute - 1 : weekMinute;
  const day = Math.floor(moment / DAY);
  const at = atMidnight ? 'à minuit' : `à ${formatClock(weekMinute % DAY)}`;
  const daysAhead = day - today;
  if (daysAhead === 0) return at;
  if (daysAhead === 1) return `demain ${at}`;
  const name = WEEKDAY_NAMES[day % 7]!;
  return daysAhead >= 7 ? `${name} prochain ${at}` : `${name} ${at}`;
}

/**
 * Open or closed at `now` on the venue's clock, and when that changes: « ferme à 17h00 »,
 * « ferme demain à 2h00 », « ouvre à 14h00 », « ouvre demain à 9h00 », « ouvre lundi à 9h00 ».
 */
export function openStatus(schedule: WeeklySchedule, now: Date, timeZone = 'Europe/Paris'): OpenStatus {
  const time = localWeekTime(now, timeZone);
  const minute = time.day * DAY + time.minute;
  const ranges = weekRanges(schedule);
  if (ranges.length === 0) return { open: false, detail: '' };
  const first = ranges[0]!;
  const last = ranges[ranges.length - 1]!;
  if (first[0] === 0 && last[1] === WEEK) {
    if (ranges.length === 1) return { open: true, detail: 'ouvert 24h/24' };
    // Sunday night runs into Monday morning: one range across the week boundary.
    ranges.shift();
    last[1] = WEEK + first[1];
  }
  for (const [start, end] of ranges) {
    // A range that wrapped past Sunday midnight also covers the start of the week.
    if ((start <= minute && minute < end) || (end > WEEK && minute < end - WEEK)) {
      const closing = minute < start ? end - WEEK : end;
      return { open: true, detail: `ferme ${describeMoment(closing, time.day, true)}` };
    }
  }
  const next = ranges.find(([start]) => start > minute)?.[0] ?? ranges[0]![0] + WEEK;
  return { open: false, detail: `ouvre ${describeMoment(next, time.day, false)}` };
}

/** « Ouvert – ferme à 17h00 », « Fermé – ouvre lundi à 9h00 », « Fermé ». */
export function formatOpenStatus(status: OpenStatus): string {
  const state = status.open ? 'Ouvert' : 'Fermé';
  return status.detail ? `${state} – ${status.detail}` : state;
}
