import { describe, expect, it } from 'vitest';
import { departementOfCode } from '../src/common/departement.ts';

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
