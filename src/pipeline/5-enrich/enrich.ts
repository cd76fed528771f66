/**
 * Enrichment, once per build, after deduplication: where each venue is (commune, département,
 * région, time zone, public holidays' zone) and its weekly schedule, expanded from `horaires`
 * into one table of distinct schedules, with the public holidays of each zone for a year. Pages, the search index, coverage and the browser read these facts instead of
 * deriving them again, so that a venue's page and the home list always agree.
 */
import { departementOfCode } from '../../common/geography.ts';
import { holidayZoneForDepartement, timeZoneForDepartement, type WeeklySchedule } from '../../common/opening.ts';
import type { MergedVenue, ReferenceData, Venue, VenuePlace } from '../types.ts';
import { expandWeeklySchedule } from './weekly-schedule.ts';
import { publicHolidays } from './holidays.ts';

export interface EnrichedVenues {
  venues: Venue[];
  /** Distinct weekly schedules; `Venue.schedule` indexes this table. */
  schedules: WeeklySchedule[];
  /** Holiday zone → `YYYY-MM-DD` dates of its public holidays for the twelve months after the build. */
  holidays: Record<string, string[]>;
}

/** Where a venue is, from its commune code, else from its postal code's digits. */
function placeResolver(reference: ReferenceData): (venue: MergedVenue) => VenuePlace {
  const communes = new Map(reference.communes.map((c) => [c.code, c]));
  const regionOf = new Map(reference.departements.map((d) => [d.code, d.region]));
  return ({ geo, record }) => {
    const code = geo.codeInsee;
    const commune = code === null ? undefined : (communes.get(code) ?? communes.get(reference.anciensCodes[code] ?? ''));
    const byDigits = departementOfCode(record.code_postal);
    const departement = commune?.departement ?? (byDigits !== undefined && regionOf.has(byDigits) ? byDigits : null);
    return {
      commune: commune?.code ?? null,
      departement,
      region: departement === null ? null : (regionOf.get(departement) ?? null),
      timeZone: timeZoneForDepartement(departement ?? byDigits ?? ''),
      holidayZone: holidayZoneForDepartement(departement ?? byDigits ?? ''),
    };
  };
}

export function enrichVenues(merged: readonly MergedVenue[], reference: ReferenceData, buildDate: Date): EnrichedVenues {
  const placeOf = placeResolver(reference);
  const regionNames = new Map(reference.regions.map((r) => [r.code, r.nom]));
  const schedules: WeeklySchedule[] = [];
  // One expansion per distinct (expression, région): producers reuse a few expressions for many
  // venues, and school-holiday rules (`SH`) depend on the région.
  const scheduleIds = new Map<string, number>();
  const distinct = new Map<string, number>();
  const scheduleOf = (horaires: string, region: string | null): number => {
    if (horaires.trim() === '') return -1;
    const key = `${region ?? ''}\u0000${horaires}`;
    let id = scheduleIds.get(key);
    if (id === undefined) {
      const regionName = region === null ? undefined : regionNames.get(region);
      const schedule = expandWeeklySchedule(horaires, regionName ? { referenceDate: buildDate, region: regionName } : { referenceDate: buildDate });
      id = schedule === null ? -1 : tableId(schedule);
      scheduleIds.set(key, id);
    }
    return id;
  };
  const tableId = (schedule: WeeklySchedule): number => {
    const key = JSON.stringify(schedule);
    let id = distinct.get(key);
    if (id === undefined) {
      id = schedules.length;
      schedules.push(schedule);
      distinct.set(key, id);
    }
    return id;
  };
  const venues = merged.map((venue): Venue => {
    const place = placeOf(venue);
    return { ...venue, place, schedule: scheduleOf(venue.record.horaires, place.region) };
  });
  const holidays: Record<string, string[]> = { '': publicHolidays('', buildDate) };
  for (const { place } of venues) holidays[place.holidayZone] ??= publicHolidays(place.holidayZone, buildDate);
  return { venues, schedules, holidays };
}
