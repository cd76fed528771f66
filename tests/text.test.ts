import { describe, expect, it } from 'vitest';
import { foldText, shortHash, slugify } from '../src/common/text.ts';
import { compareNames, nameFlaw, streetAddress } from '../src/common/names.ts';

describe('nameFlaw and compareNames', () => {
  it('tells numbers, SIRET and all-capital names from real names', () => {
    expect(['1', '11 bis', '265 901 785 00', '3 ter'].map(nameFlaw)).toEqual(['numero', 'numero', 'numero', 'numero']);
    expect(['21560121200016', '215 601 212 00016'].map(nameFlaw)).toEqual(['siret', 'siret']);
    expect(nameFlaw('MAIRIE DE SAINTE-LUCE')).toBe('majuscules');
    for (const name of ['CCAS', 'MJC de Niort', 'Médiathèque 2000', 'France Services', 'Espace 13']) expect(nameFlaw(name), name).toBeNull();
  });

  it('puts names that start with a digit last, the others by name without accents or case', () => {
    const names = ['1', 'Médiathèque', '21560121200016', 'abbaye', 'ÉCOLE', '11 bis', '« Espace » 13'];
    expect([...names].sort(compareNames)).toEqual(['abbaye', 'ÉCOLE', '« Espace » 13', 'Médiathèque', '1', '11 bis', '21560121200016']);
  });
});

describe('streetAddress', () => {
  it('adds the complement, unless it repeats the street', () => {
    expect(streetAddress('1 Place des Aravis', '1 Place des Aravis')).toBe('1 Place des Aravis');
    expect(streetAddress('Place Camille Saint-Saëns', 'place camille saint saens')).toBe('Place Camille Saint-Saëns');
    expect(streetAddress('12 rue de la Paix', 'Bâtiment B')).toBe('12 rue de la Paix, Bâtiment B');
    expect(streetAddress('', 'Bâtiment B')).toBe('Bâtiment B');
  });
});

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
