import { describe, expect, it } from 'vitest';
import {
  formatOpenStatus,
  isOpenAtWeekend,
  localWeekTime,
  openStatus,
  timeZoneForDepartement,
  type WeeklySchedule,
} from '../src/common/opening.ts';
import { expandWeeklySchedule } from '../src/pipeline/5-enrich/weekly-schedule.ts';

/** A week without public holidays in France (Monday 2025-01-13). */
const referenceDate = new Date('2025-01-13T12:00:00Z');

function expand(horaires: string): WeeklySchedule {
  const schedule = expandWeeklySchedule(horaires, { referenceDate });
  if (!schedule) throw new Error(`no schedule for ${horaires}`);
  return schedule;
}

/** `status` at a Paris wall-clock time given as an ISO string with its winter offset. */
function statusAt(schedule: WeeklySchedule, iso: string, timeZone?: string): string {
  return formatOpenStatus(openStatus(schedule, new Date(iso), timeZone));
}

describe('expandWeeklySchedule', () => {
  it('splits the week into per-day minute ranges', () => {
    const schedule = expand('Mo-Fr 09:00-12:00,14:00-17:00');
    expect(schedule.days.slice(0, 5)).toEqual(Array(5).fill([540, 720, 840, 1020]));
    expect(schedule.days[5]).toEqual([]);
    expect(schedule.days[6]).toEqual([]);
    expect(schedule.irregular).toBe(false);
  });

  it('covers every minute for 24/7', () => {
    expect(expand('24/7')).toEqual({ days: Array(7).fill([0, 1440]), irregular: false });
  });

  it('splits an overnight range at midnight', () => {
    const schedule = expand('Mo 22:00-02:00');
    expect(schedule.days[0]).toEqual([1320, 1440]);
    expect(schedule.days[1]).toEqual([0, 120]);
  });

  it('flags seasonal and alternate-week hours as irregular', () => {
    expect(expand('Mo-Fr 09:00-12:00; Jul-Aug off').irregular).toBe(true);
    expect(expand('week 1-53/2 Mo 09:00-12:00; week 2-52/2 Tu 09:00-12:00').irregular).toBe(true);
    expect(expand('Mo 09:00-12:00 "sur rendez-vous"').irregular).toBe(true);
  });

  it('does not flag public-holiday closures, and skips holiday weeks for the week shown', () => {
    // 2025-12-25 is a Thursday: the week shown must still have Thursday hours.
    const schedule = expandWeeklySchedule('Mo-Fr 09:00-17:00; PH off', {
      referenceDate: new Date('2025-12-24T12:00:00Z'),
    });
    expect(schedule?.irregular).toBe(false);
    expect(schedule?.days[3]).toEqual([540, 1020]);
  });

  it('evaluates school-holiday rules with the region given', () => {
    const schedule = expandWeeklySchedule('Mo-Fr 09:00-17:00; SH off', { referenceDate, region: 'Nouvelle-Aquitaine' });
    expect(schedule?.irregular).toBe(true);
  });

  it('returns null for empty or unreadable hours', () => {
    expect(expandWeeklySchedule('', { referenceDate })).toBeNull();
    expect(expandWeeklySchedule('lundi matin', { referenceDate })).toBeNull();
  });
});

describe('openStatus', () => {
  const office = expand('Mo-Fr 09:00-12:00,14:00-17:00');

  it('says when an office closes and reopens', () => {
    expect(statusAt(office, '2025-01-15T10:00:00+01:00')).toBe('Ouvert – ferme à 12h00');
    expect(statusAt(office, '2025-01-15T12:30:00+01:00')).toBe('Fermé – ouvre à 14h00');
    expect(statusAt(office, '2025-01-15T08:59:00+01:00')).toBe('Fermé – ouvre à 9h00');
    expect(statusAt(office, '2025-01-15T17:00:00+01:00')).toBe('Fermé – ouvre demain à 9h00');
    expect(statusAt(office, '2025-01-17T17:30:00+01:00')).toBe('Fermé – ouvre lundi à 9h00');
    expect(statusAt(office, '2025-01-19T15:00:00+01:00')).toBe('Fermé – ouvre demain à 9h00');
    expect(statusAt(office, '2025-01-18T15:00:00+01:00')).toBe('Fermé – ouvre lundi à 9h00');
  });

  it('reads the Paris clock whatever the instant given (summer time too)', () => {
    // 08:30 UTC in July is 10:30 in Paris.
    expect(statusAt(office, '2025-07-16T08:30:00Z')).toBe('Ouvert – ferme à 12h00');
    // Sunday 23:30 UTC is already Monday 00:30 in Paris.
    expect(localWeekTime(new Date('2025-01-19T23:30:00Z'))).toEqual({ day: 0, minute: 30 });
  });

  it('says « lundi prochain » when the only opening of the week just passed', () => {
    const mondays = expand('Mo 09:00-12:00');
    expect(statusAt(mondays, '2025-01-13T12:00:00+01:00')).toBe('Fermé – ouvre lundi prochain à 9h00');
  });

  it('handles 24/7', () => {
    expect(statusAt(expand('24/7'), '2025-01-19T03:00:00+01:00')).toBe('Ouvert – ouvert 24h/24');
  });

  it('handles ranges past midnight, including across the week boundary', () => {
    const nights = expand('Mo-Su 22:00-02:00');
    expect(statusAt(nights, '2025-01-15T23:00:00+01:00')).toBe('Ouvert – ferme demain à 2h00');
    expect(statusAt(nights, '2025-01-16T01:00:00+01:00')).toBe('Ouvert – ferme à 2h00');
    expect(statusAt(nights, '2025-01-19T23:00:00+01:00')).toBe('Ouvert – ferme demain à 2h00');
    expect(statusAt(nights, '2025-01-20T01:00:00+01:00')).toBe('Ouvert – ferme à 2h00');
    expect(statusAt(nights, '2025-01-20T12:00:00+01:00')).toBe('Fermé – ouvre à 22h00');
    const lateEvening = expand('Fr 20:00-24:00');
    expect(statusAt(lateEvening, '2025-01-17T21:00:00+01:00')).toBe('Ouvert – ferme à minuit');
  });

  it('uses the overseas territory clock', () => {
    expect(timeZoneForDepartement('971')).toBe('America/Guadeloupe');
    expect(timeZoneForDepartement('973')).toBe('America/Cayenne');
    expect(timeZoneForDepartement('974')).toBe('Indian/Reunion');
    expect(timeZoneForDepartement('976')).toBe('Indian/Mayotte');
    expect(timeZoneForDepartement('79')).toBe('Europe/Paris');
    expect(timeZoneForDepartement('2A')).toBe('Europe/Paris');
    // 14:00 UTC: 15:00 in Paris (open), 10:00 in Guadeloupe (open), 18:00 in Réunion (closed).
    const instant = '2025-01-15T14:00:00Z';
    expect(statusAt(office, instant, timeZoneForDepartement('971'))).toBe('Ouvert – ferme à 12h00');
    expect(statusAt(office, instant, timeZoneForDepartement('974'))).toBe('Fermé – ouvre demain à 9h00');
  });

  it('says only « Fermé » for a week with no opening', () => {
    expect(statusAt(expand('off'), '2025-01-15T10:00:00+01:00')).toBe('Fermé');
  });
});

describe('isOpenAtWeekend', () => {
  it('looks at Saturday and Sunday only', () => {
    expect(isOpenAtWeekend(expand('Mo-Fr 09:00-17:00'))).toBe(false);
    expect(isOpenAtWeekend(expand('Mo-Fr 09:00-17:00; Sa 09:00-12:00'))).toBe(true);
    expect(isOpenAtWeekend(expand('Su 10:00-12:00'))).toBe(true);
  });
});
