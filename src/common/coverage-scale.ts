/**
 * The colour classes of the coverage pages (build time) and of their map (browser): underserved
 * score levels and density classes.
 *
 * Score levels run from pale yellow to dark brown (ColorBrewer's YlOrBr): they differ in lightness
 * first, so that they stay apart for red-green colour-blind readers and in black and white, and
 * each has a shape for the badges of the tables, which print. The hexagons under the towns are
 * blue, another hue. `tests/coverage-scale.test.ts` checks the contrasts and the colour-blind
 * simulations.
 */

export interface ScoreLevel {
  /** Lower bound of the level's scores. */
  min: number;
  /** For the legends: « Très sous-équipée (score 67 à 100) ». */
  label: string;
  /** Fill of the map's circles and of the badges. */
  colour: string;
  /** Text on the badge, AA (4.5:1) against `colour`. */
  text: string;
  /** Ring of the map's circles, 3:1 against `colour`: a pale circle stays visible on pale land. */
  ring: string;
  /** Shown before the score in a badge: the level without its colour (print, colour blindness). */
  shape: string;
}

/** Score levels, most underserved first. */
export const SCORE_LEVELS: readonly ScoreLevel[] = [
  { min: 67, label: 'Très sous-équipée (score 67 à 100)', colour: '#993404', text: '#ffffff', ring: '#ffffff', shape: '▲' },
  { min: 34, label: 'Plutôt sous-équipée (score 34 à 66)', colour: '#ec7014', text: '#161616', ring: '#161616', shape: '◆' },
  { min: 0, label: 'Équipée (score 0 à 33)', colour: '#fee391', text: '#161616', ring: '#161616', shape: '●' },
];

/** A town whose territory has no data has no score: neither well nor badly equipped, an empty circle. */
export const NO_DATA_LEVEL: ScoreLevel = { min: Number.NaN, label: 'Pas de données', colour: '#ffffff', text: '#161616', ring: '#161616', shape: '○' };

export function scoreLevel(score: number | null): ScoreLevel {
  if (score === null) return NO_DATA_LEVEL;
  return SCORE_LEVELS.find((level) => score >= level.min) ?? SCORE_LEVELS[SCORE_LEVELS.length - 1]!;
}

/** The inline style of a score badge (`.score` of the coverage pages): its level's colours and shape. */
export function scoreBadgeStyle(score: number): string {
  const level = scoreLevel(score);
  return `--score-colour:${level.colour};--score-text:${level.text};--score-shape:'${level.shape}'`;
}

export interface DensityClass {
  /** Upper bound (inhabitants per venue), Infinity for the last class. */
  max: number;
  label: string;
  colour: string;
}

/** Hexagon classes by inhabitants per venue, best served first; cells with no venue apart. */
export const DENSITY_CLASSES: readonly DensityClass[] = [
  { max: 5_000, label: 'moins de 5 000 habitants par lieu', colour: '#c1c1fb' },
  { max: 10_000, label: '5 000 à 10 000 habitants par lieu', colour: '#8585f6' },
  { max: 20_000, label: '10 000 à 20 000 habitants par lieu', colour: '#4747e6' },
  { max: Infinity, label: 'plus de 20 000 habitants par lieu', colour: '#000091' },
];
export const NO_VENUE_CLASS = { label: 'des habitants, aucun lieu', colour: '#3a3a3a' } as const;

export function densityColour(inhabitantsPerVenue: number | null): string {
  if (inhabitantsPerVenue === null) return NO_VENUE_CLASS.colour;
  return (DENSITY_CLASSES.find((c) => inhabitantsPerVenue < c.max) ?? DENSITY_CLASSES[DENSITY_CLASSES.length - 1]!).colour;
}
