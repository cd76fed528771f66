import { describe, expect, it } from 'vitest';
import { departementOfCode, distanceKm, isOverseasCollectivity } from '../src/common/geography.ts';

describe('departementOfCode', () => {
  it('reads INSEE codes, including Corsica and overseas', () => {
    expect(departementOfCode('79191')).toBe('79');
    expect(departementOfCode('2A004')).toBe('2A');
    expect(departementOfCode('2B033')).toBe('2B');
    expect(departementOfCode('97411')).toBe('974');
  });
  it('reads postal codes, splitting Corsica’s 20xxx between its two départements', () => {
    expect(departementOfCode('01000')).toBe('01');
    expect(departementOfCode('20000')).toBe('2A');
    expect(departementOfCode('20167')).toBe('2A');
    expect(departementOfCode('20200')).toBe('2B');
    expect(departementOfCode('97600')).toBe('976');
  });
  it('answers nothing for what is neither', () => {
    expect(departementOfCode('')).toBeUndefined();
    expect(departementOfCode('7500')).toBeUndefined();
    expect(departementOfCode('2C004')).toBeUndefined();
  });
});

describe('distanceKm', () => {
  it('measures known distances between French cities', () => {
    // Paris (Notre-Dame) – Niort town hall: about 354 km as the crow flies.
    expect(distanceKm(48.853, 2.3499, 46.3237, -0.4588)).toBeCloseTo(354, -1);
    // Niort – La Rochelle: about 62 km.
    expect(distanceKm(46.3237, -0.4588, 46.1591, -1.1520)).toBeGreaterThan(55);
    expect(distanceKm(46.3237, -0.4588, 46.1591, -1.1520)).toBeLessThan(60);
    expect(distanceKm(46.3, -0.4, 46.3, -0.4)).toBe(0);
  });

  it('is symmetric', () => {
    expect(distanceKm(43.3, 5.4, 50.6, 3.06)).toBeCloseTo(distanceKm(50.6, 3.06, 43.3, 5.4), 9);
  });
});

describe('isOverseasCollectivity', () => {
  it('tells the overseas collectivities from the départements and régions', () => {
    expect(['975', '977', '978', '988'].map(isOverseasCollectivity)).toEqual([true, true, true, true]);
    expect(['976', '974', '01', '84', '2A', '9750'].map(isOverseasCollectivity)).toEqual([false, false, false, false, false, false]);
  });
});
