import { gzipSync } from 'node:zlib';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { franceOutline, loadWorldAtlasCountries } from '../src/site/france-outline.ts';

const countries = loadWorldAtlasCountries();
const outline = franceOutline(countries);
const inFrance = (lat: number, lon: number): boolean => booleanPointInPolygon([lon, lat], outline);

describe('franceOutline on Natural Earth (world-atlas)', () => {
  it('holds the mainland, Corsica and the five overseas départements', () => {
    expect(inFrance(48.86, 2.35)).toBe(true); // Paris
    expect(inFrance(43.3, 5.4)).toBe(true); // Marseille
    expect(inFrance(41.93, 8.74)).toBe(true); // Ajaccio
    expect(inFrance(-20.88, 55.45)).toBe(true); // Saint-Denis, La Réunion
    expect(inFrance(4.94, -52.33)).toBe(true); // Cayenne
    expect(inFrance(14.62, -61.06)).toBe(true); // Fort-de-France
    expect(inFrance(16.15, -61.68)).toBe(true); // Basse-Terre, Guadeloupe
    expect(inFrance(16.3, -61.4)).toBe(true); // Grande-Terre, Guadeloupe
    expect(inFrance(-12.78, 45.2)).toBe(true); // Mamoudzou, Mayotte
  });

  it('leaves out the neighbours and the sea', () => {
    expect(inFrance(51.51, -0.13)).toBe(false); // London
    expect(inFrance(50.85, 4.35)).toBe(false); // Brussels
    expect(inFrance(46.2, 6.15)).toBe(false); // Geneva
    expect(inFrance(46.0, -4.0)).toBe(false); // Bay of Biscay
  });

  it('is a small download with coordinates rounded to 3 decimals', () => {
    const json = JSON.stringify(outline);
    const gzipped = gzipSync(json).length;
    console.info(`contour-france.json: ${json.length} bytes, ${gzipped} bytes gzipped, ${outline.coordinates.length} polygons`);
    expect(gzipped).toBeLessThan(30_000);
    expect(json).not.toMatch(/\.\d{4}/);
    for (const polygon of outline.coordinates) {
      for (const ring of polygon) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    }
  });

  it('keeps more detail with a smaller tolerance', () => {
    const points = (tolerance: number) => franceOutline(countries, { tolerance }).coordinates.flat(2).length;
    expect(points(0.001)).toBeGreaterThan(points(0.02));
  });

  it('fails clearly on a topology without France', () => {
    const withoutFrance = { ...countries, objects: { countries: { type: 'GeometryCollection' as const, geometries: [] } } };
    expect(() => franceOutline(withoutFrance)).toThrow('pays 250');
  });
});
