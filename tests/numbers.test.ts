import { describe, expect, it } from 'vitest';
import { formatDistance, formatInteger, formatKilometres, formatPercentage, median, percentile, plural } from '../src/common/numbers.ts';

const NARROW_NBSP = '\u202f';

describe('formatDistance', () => {
  it('uses metres, then one decimal with a comma, then whole kilometres', () => {
    expect(formatDistance(0)).toBe('10 m');
    expect(formatDistance(0.347)).toBe('350 m');
    expect(formatDistance(1.234)).toBe('1,2 km');
    expect(formatDistance(2.44)).toBe('2,4 km');
    expect(formatDistance(12.6)).toBe('13 km');
    expect(formatDistance(38.4)).toBe('38 km');
    expect(formatDistance(1234.4)).toBe(`1${NARROW_NBSP}234 km`);
  });

  it('writes 9.96 km as « 10 km », the same on venue pages and in the home list', () => {
    // The venue pages once had their own copy, which wrote « 10,0 km » where the list said « 10 km ».
    expect(formatDistance(9.96)).toBe('10 km');
    expect(formatDistance(9.94)).toBe('9,9 km');
    expect(formatDistance(0.999)).toBe('1,0 km');
  });
});

describe('figures for columns that carry their unit in the header', () => {
  it('writes kilometres as formatDistance rounds them, without the unit', () => {
    expect(formatKilometres(0.347)).toBe('0,3');
    expect(formatKilometres(9.96)).toBe('10');
    expect(formatKilometres(9.94)).toBe('9,9');
    expect(formatKilometres(1234.4)).toBe(`1${NARROW_NBSP}234`);
  });

  it('writes shares as percentages without the sign', () => {
    expect(formatPercentage(0.1034)).toBe('10,3');
    expect(formatPercentage(1)).toBe('100');
    expect(formatPercentage(0)).toBe('0');
  });
});

describe('plural', () => {
  it('follows French rules: singular below 2, decimals included', () => {
    expect(plural(0, 'lieu', 'lieux')).toBe('0 lieu');
    expect(plural(1, 'lieu', 'lieux')).toBe('1 lieu');
    expect(plural(0.6, 'lieu', 'lieux')).toBe('0,6 lieu');
    expect(plural(1.5, 'lieu', 'lieux')).toBe('1,5 lieu');
    expect(plural(2, 'lieu', 'lieux')).toBe('2 lieux');
    expect(plural(1234, 'fichier')).toBe(`1${NARROW_NBSP}234 fichiers`);
  });
});

describe('statistics', () => {
  it('takes the median of odd and even counts, and NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // The coverage copy once answered 0 here and the benchmark's NaN: one answer now.
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('formats integers with French thousands separators', () => {
    expect(formatInteger(68398408)).toBe(`68${NARROW_NBSP}398${NARROW_NBSP}408`);
  });
});
