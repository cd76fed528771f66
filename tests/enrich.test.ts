import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { enrichVenues } from '../src/pipeline/5-enrich/enrich.ts';
import { expandWeeklySchedule } from '../src/pipeline/5-enrich/weekly-schedule.ts';
import { buildSearchIndex } from '../src/pipeline/6-outputs/search-index.ts';
import { emptyRecord, type StandardRecord } from '../src/pipeline/schema.ts';
import type { MergedVenue } from '../src/pipeline/types.ts';

const reference = loadReferenceData();
const BUILD_DATE = new Date('2026-02-09T08:00:00Z');

function merged(slug: string, codeInsee: string | null, fields: Partial<StandardRecord>): MergedVenue {
  return {
    slug,
    record: { ...emptyRecord(), nom: slug, ...fields },
    geo: { precision: codeInsee ? 'commune' : 'code_postal', method: 'test', lat: 44.84, lon: -0.58, codeInsee },
    sources: [{ file: 'a.csv', line: 2, id: slug }],
  };
}

describe('enrichVenues', () => {
  it('places a venue from its commune, else from its postal code', () => {
    const { venues } = enrichVenues(
      [
        merged('bordeaux', '33063', { code_postal: '33000' }),
        merged('sans-commune', null, { code_postal: '33800' }),
        merged('saint-denis', '97411', { code_postal: '97400' }),
        merged('cayenne-cedex', null, { code_postal: '97306' }),
        merged('nulle-part', null, { code_postal: '' }),
      ],
      reference,
      BUILD_DATE,
    );
    expect(venues.map((v) => v.place)).toEqual([
      { commune: '33063', departement: '33', region: '75', timeZone: 'Europe/Paris' },
      { commune: null, departement: '33', region: '75', timeZone: 'Europe/Paris' },
      { commune: '97411', departement: '974', region: '04', timeZone: 'Indian/Reunion' },
      { commune: null, departement: '973', region: '03', timeZone: 'America/Cayenne' },
      { commune: null, departement: null, region: null, timeZone: 'Europe/Paris' },
    ]);
  });

  it("expands hours with the venue's région, the same for its page and the home list", () => {
    // Winter school holidays differ by zone: in the week of 9 February 2026 Bordeaux (zone A) is
    // on holiday and Paris (zone C) is not. A venue with no commune code once got Paris's
    // holidays in the home list (« ouvert maintenant ») and Bordeaux's on its page.
    const hours = 'Mo-Fr 09:00-17:00; SH off';
    const { venues, schedules } = enrichVenues([merged('sans-commune', null, { code_postal: '33800', horaires: hours })], reference, BUILD_DATE);
    const expected = expandWeeklySchedule(hours, { referenceDate: BUILD_DATE, region: 'Nouvelle-Aquitaine' });
    expect(expected).not.toEqual(expandWeeklySchedule(hours, { referenceDate: BUILD_DATE, region: 'Île-de-France' }));
    expect(schedules[venues[0]!.schedule]).toEqual(expected);
    const index = buildSearchIndex(venues, { builtAt: BUILD_DATE.toISOString(), schedules });
    expect(index.schedules[index.venues.schedule[0]!]).toEqual(expected);
    expect(index.timeZones[index.venues.timeZone[0]!]).toBe('Europe/Paris');
  });

  it('keeps one table of distinct schedules', () => {
    const { venues, schedules } = enrichVenues(
      [
        merged('a', '33063', { code_postal: '33000', horaires: 'Mo-Fr 09:00-12:00' }),
        merged('b', '97411', { code_postal: '97400', horaires: 'Mo-Fr 09:00-12:00' }),
        merged('c', '33063', { code_postal: '33000', horaires: 'Sa 10:00-12:00' }),
        merged('d', '33063', { code_postal: '33000', horaires: '' }),
        merged('e', '33063', { code_postal: '33000', horaires: 'lundi matin' }),
      ],
      reference,
      BUILD_DATE,
    );
    expect(venues.map((v) => v.schedule)).toEqual([0, 0, 1, -1, -1]);
    expect(schedules).toHaveLength(2);
  });
});
