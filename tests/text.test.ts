import { describe, expect, it } from 'vitest';
import { foldText, shortHash, slugify } from '../src/common/text.ts';

describe('foldText', () => {
  it('folds accents, case, punctuation and ligatures', () => {
    expect(foldText(' Saint-Étienne ')).toBe(foldText('SAINT ETIENNE'));
    expect(foldText("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(foldText('Œuvre  Cœur')).toBe('oeuvre coeur');
  });
});

describe('slugify', () => {
  it('makes URL-safe segments cut at a word boundary', () => {
    expect(slugify('Médiathèque François Mitterrand — Niort')).toBe('mediatheque-francois-mitterrand-niort');
    const long = slugify('Espace public numérique de la communauté de communes du pays de quelque part très loin', 40);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('-')).toBe(false);
  });
});

describe('shortHash', () => {
  it('is stable and differs for different inputs', () => {
    expect(shortHash('a.csv#12')).toBe(shortHash('a.csv#12'));
    expect(shortHash('a.csv#12')).not.toBe(shortHash('a.csv#13'));
  });
});
