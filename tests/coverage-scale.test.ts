/**
 * The score levels stay apart for every reader: with normal vision, with a red-green or blue-yellow
 * colour deficiency (Machado, Oliveira and Fernandes 2009 simulation, full severity), and in black
 * and white (lightness, and a shape of their own); their badges and rings keep WCAG contrasts.
 */
import { describe, expect, it } from 'vitest';
import { DENSITY_CLASSES, NO_DATA_LEVEL, SCORE_LEVELS, scoreBadgeStyle, scoreLevel } from '../src/common/coverage-scale.ts';

type Rgb = [number, number, number];

const channels = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as Rgb;
const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const linearRgb = (hex: string): Rgb => channels(hex).map(linear) as Rgb;
const luminance = ([r, g, b]: Rgb): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(linearRgb(a)), luminance(linearRgb(b))].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** Machado et al. (2009) matrices at severity 1, applied to linear RGB. */
const DEFICIENCIES: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

function simulate(rgb: Rgb, matrix: number[][]): Rgb {
  return matrix.map((row) => Math.min(1, Math.max(0, row[0]! * rgb[0] + row[1]! * rgb[1] + row[2]! * rgb[2]))) as Rgb;
}

/** CIE L*a*b* (D65) of a linear RGB colour. */
function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const deltaE = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Colours closer than this (CIE76) are hard to tell apart on a small circle. */
const DISTINCT = 20;

describe('score levels', () => {
  const pairs = SCORE_LEVELS.flatMap((a, i) => SCORE_LEVELS.slice(i + 1).map((b) => [a, b] as const));

  it('cover every score from 100 down to 0, most underserved first', () => {
    expect(scoreLevel(100)).toBe(SCORE_LEVELS[0]);
    expect(scoreLevel(0)).toBe(SCORE_LEVELS[SCORE_LEVELS.length - 1]);
    const mins = SCORE_LEVELS.map((level) => level.min);
    expect(mins).toEqual([...mins].sort((a, b) => b - a));
    expect(mins.at(-1)).toBe(0);
  });

  it('stay apart with normal vision and with each colour deficiency', () => {
    for (const [a, b] of pairs) {
      const [x, y] = [linearRgb(a.colour), linearRgb(b.colour)];
      expect(deltaE(lab(x), lab(y)), `${a.colour} / ${b.colour}`).toBeGreaterThanOrEqual(DISTINCT);
      for (const [name, matrix] of Object.entries(DEFICIENCIES)) {
        expect(deltaE(lab(simulate(x, matrix)), lab(simulate(y, matrix))), `${a.colour} / ${b.colour}, ${name}`).toBeGreaterThanOrEqual(DISTINCT);
      }
    }
  });

  it('differ in lightness and in shape, for black-and-white print', () => {
    for (const [a, b] of pairs) {
      expect(Math.abs(lab(linearRgb(a.colour))[0] - lab(linearRgb(b.colour))[0]), `${a.colour} / ${b.colour}`).toBeGreaterThanOrEqual(DISTINCT);
    }
    expect(new Set(SCORE_LEVELS.map((level) => level.shape)).size).toBe(SCORE_LEVELS.length);
  });

  it('keep AA contrasts: badge text 4.5:1, map ring 3:1 against the fill', () => {
    for (const level of [...SCORE_LEVELS, NO_DATA_LEVEL]) {
      expect(contrast(level.text, level.colour), level.label).toBeGreaterThanOrEqual(4.5);
      expect(contrast(level.ring, level.colour), level.label).toBeGreaterThanOrEqual(3);
    }
  });

  it('would catch the former red / brown / green levels (the check is not vacuous)', () => {
    const [red, brown] = [linearRgb('#ce0500'), linearRgb('#b34000')];
    expect(deltaE(lab(simulate(red, DEFICIENCIES.deuteranopia!)), lab(simulate(brown, DEFICIENCIES.deuteranopia!)))).toBeLessThan(DISTINCT);
  });

  it('give a town without data an empty circle, apart from every level', () => {
    expect(scoreLevel(null)).toBe(NO_DATA_LEVEL);
    expect(SCORE_LEVELS.map((level) => level.shape)).not.toContain(NO_DATA_LEVEL.shape);
    for (const level of SCORE_LEVELS) {
      expect(deltaE(lab(linearRgb(level.colour)), lab(linearRgb(NO_DATA_LEVEL.colour))), level.label).toBeGreaterThanOrEqual(DISTINCT);
    }
  });

  it('write a badge style with the level colours and shape', () => {
    const level = scoreLevel(80);
    expect(scoreBadgeStyle(80)).toBe(`--score-colour:${level.colour};--score-text:${level.text};--score-shape:'${level.shape}'`);
  });

  it('are in another hue than the density hexagons under the circles', () => {
    // Hexagons are blue (hue around 240°), the levels warm: a circle stands out on any hexagon.
    const hue = (hex: string): number => {
      const [, a, b] = lab(linearRgb(hex));
      return ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
    };
    for (const level of SCORE_LEVELS) expect(hue(level.colour), level.label).toBeLessThan(120);
    for (const cls of DENSITY_CLASSES) expect(hue(cls.colour), cls.label).toBeGreaterThan(250);
  });
});
