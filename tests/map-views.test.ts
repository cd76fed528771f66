/** The overseas départements the national maps show apart, framed from the reference table. */
import { describe, expect, it } from 'vitest';
import { parseBounds, formatBounds } from '../src/common/geography.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { overseasViews } from '../src/site/map-views.ts';

const reference = loadReferenceData();

describe('overseas views', () => {
  const views = overseasViews(reference);

  it('are the five overseas départements, each framing all its communes', () => {
    expect(views.map((v) => `${v.code} ${v.nom}`)).toEqual(['971 Guadeloupe', '972 Martinique', '973 Guyane', '974 La Réunion', '976 Mayotte']);
    for (const view of views) {
      const [[south, west], [north, east]] = view.bounds;
      const communes = reference.communes.filter((c) => c.departement === view.code && !c.parent);
      expect(communes.length, view.nom).toBeGreaterThan(0);
      for (const c of communes) {
        expect(c.lat > south && c.lat < north && c.lon > west && c.lon < east, `${view.nom}: ${c.nom}`).toBe(true);
      }
      // A frame, not a hemisphere: at most a few degrees across.
      expect(north - south, view.nom).toBeLessThan(6);
      expect(east - west, view.nom).toBeLessThan(6);
    }
  });

  it('round-trip through a data attribute', () => {
    for (const view of views) expect(parseBounds(formatBounds(view.bounds))).toEqual(view.bounds);
    expect(parseBounds('1,2,3')).toBeNull();
    expect(parseBounds('1,2,3,x')).toBeNull();
    expect(parseBounds(undefined)).toBeNull();
  });
});
