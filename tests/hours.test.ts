import OpeningHours from 'opening_hours';
import { describe, expect, it } from 'vitest';
import { checkHours, PLAIN_WEEKLY_HOURS } from '../src/pipeline/2-validate/hours.ts';
import { parseCsvFile } from '../src/pipeline/1-parse/parse.ts';
import { needsShared, sharedFixture } from './shared-fixtures.ts';

const CNFS = sharedFixture('cnfs-2022-v1.csv');

const libraryAccepts = (value: string): boolean => {
  try {
    new OpeningHours(value, null, 0);
    return true;
  } catch {
    return false;
  }
};

describe('checkHours', () => {
  it('keeps valid expressions as written', () => {
    for (const value of ['Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00', '24/7', 'Mo-Fr 08:00-12:00, 14:00-18:00', 'Tu,Th 14:00-17:00; PH off']) {
      expect(checkHours(value)).toEqual({ status: 'valide', value });
    }
  });

  it('repairs what people type instead of the OSM syntax', () => {
    const repairs: Array<[string, string]> = [
      ['Sun 09:00-12:00', 'Su 09:00-12:00'],
      ['Mo-Fr 9h00-12h00', 'Mo-Fr 09:00-12:00'],
      ['Mo-Fr 9h-12h', 'Mo-Fr 09:00-12:00'],
      ['lundi 9h-12h', 'Mo 09:00-12:00'],
      ['Lun-Ven 9h00-12h00 et 14h-17h', 'Mo-Fr 09:00-12:00,14:00-17:00'],
      ['du lundi au vendredi de 9h à 17h', 'Mo-Fr 09:00-17:00'],
      ['Mo-Fr 9h-12h30,13h30-17h', 'Mo-Fr 09:00-12:30,13:30-17:00'],
      ['Lundi 9h-12h\nMardi 14h-17h', 'Mo 09:00-12:00; Tu 14:00-17:00'],
    ];
    for (const [input, repaired] of repairs) {
      expect(checkHours(input), input).toEqual({ status: 'repare', value: repaired });
      expect(libraryAccepts(repaired)).toBe(true);
    }
  });

  it('gives up on what cannot be repaired without guessing', () => {
    for (const value of ['Mo :undefined-17:00', 'Mo 08:22', 'Mo-Fr 09:00-19:00; Sa 17:00', 'Tu 08:00-13:45-16:30']) {
      expect(checkHours(value), value).toEqual({ status: 'invalide' });
    }
  });

  it('answers from its cache for a repeated value', () => {
    const value = 'We 10:00-12:00; Fr 14:00-16:45; Sa 10:00-11:15';
    expect(checkHours(value)).toBe(checkHours(value));
  });
});

describe('the fast path for plain weekly schedules', () => {
  it('only takes values the opening_hours library accepts (every distinct real value)', needsShared(CNFS), () => {
    const parsed = parseCsvFile(CNFS.name, CNFS.bytes());
    const values = [...new Set(parsed.rows.map((r) => r.cells.horaires?.trim() ?? '').filter((v) => v !== ''))];
    const fast = values.filter((v) => PLAIN_WEEKLY_HOURS.test(v));
    expect(fast.length).toBeGreaterThan(values.length / 2);
    expect(fast.filter((v) => !libraryAccepts(v))).toEqual([]);
  });

  it('rejects near-misses so that the library judges them', () => {
    for (const value of ['Mo 08:22', 'Mo 09:00-12:00-14:00', 'Mo 25:00-26:00', 'Mo-Fr 9:00-12:00', 'Lu 09:00-12:00', 'Mo 09:00-12:00;']) {
      expect(PLAIN_WEEKLY_HOURS.test(value), value).toBe(false);
    }
  });
});
