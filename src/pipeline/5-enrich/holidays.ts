/**
 * Public holidays of the coming twelve months, per holiday zone (mainland France, each
 * Alsace-Moselle département, each overseas territory: `holidayZoneForDepartement`), from the
 * `opening_hours` library's calendar. Computed once per build, so that the browser can count
 * them in « ouvert maintenant » with a few dates instead of the library.
 */
import OpeningHours from 'opening_hours';

/** One year and a day: a build a year old still knows the holiday on its anniversary. */
const DAYS_AHEAD = 366;

function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` dates of the zone's public holidays from `from`'s day on, in order. */
export function publicHolidays(zone: string, from: Date): string[] {
  // The library reads the mainland calendar under any mainland région's name.
  const place = { lat: 0, lon: 0, address: { country_code: 'fr', state: zone || 'Île-de-France' } };
  const calendar = new OpeningHours('PH', place);
  const start = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  const end = new Date(from.getFullYear(), from.getMonth(), from.getDate() + DAYS_AHEAD);
  return [...new Set(calendar.getOpenIntervals(start, end).map(([day]) => localDate(day)))];
}
