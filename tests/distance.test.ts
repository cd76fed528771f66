import { describe, expect, it } from 'vitest';
import { distanceKm } from '../src/common/distance.ts';

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
