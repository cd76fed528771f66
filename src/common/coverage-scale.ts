/**
 * The colour classes of the coverage pages (build time) and of their map (browser): underserved
 * score levels and density classes.
 */

export interface ScoreLevel {
  /** Lower bound of the level's scores. */
  min: number;
  label: string;
  /** Fill colour on the map; each is AA-contrasted against white text and a white background. */
  colour: string;
}

/** Score levels, most underserved first. */
export const SCORE_LEVELS: readonly ScoreLevel[] = [
  { min: 67, label: 'Très sous-équipée (score 67 à 100)', colour: '#ce0500' },
  { min: 34, label: 'Plutôt sous-équipée (score 34 à 66)', colour: '#b34000' },
  { min: 0, label: 'Équipée (score 0 à 33)', colour: '#18753c' },
];

/** A town whose territory has no data has no score: neither well nor badly equipped. */
export const NO_DATA_LEVEL: ScoreLevel = { min: Number.NaN, label: 'Pas de données', colour: '#666666' };

export function scoreLevel(score: number | null): ScoreLevel {
  if (score === null) return NO_DATA_LEVEL;
  return SCORE_LEVELS.find((level) => score >= level.min) ?? SCORE_LEVELS[SCORE_LEVELS.length - 1]!;
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
