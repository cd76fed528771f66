/**
 * Venue names and addresses as people read them: names that are not names (a number, a SIRET,
 * all capitals), the order of lists, and the street with its complement.
 */
import { foldText } from './text.ts';

/**
 * What is wrong with a venue's name as a name, if anything: only a number (« 1 », « 11 bis »,
 * « 265 901 785 00 »), a SIRET (14 digits), or all capitals (« MAIRIE DE SAINTE-LUCE »; short
 * acronyms such as « CCAS » are fine). Linear-time checks on a length-limited cell.
 */
export function nameFlaw(name: string): 'numero' | 'siret' | 'majuscules' | null {
  const trimmed = name.trim();
  const digits = trimmed.replace(/[\s.\-]/g, '');
  if (/^\d{14}$/.test(digits)) return 'siret';
  if (/^\d[\d\s.\-]*(?:\s*(?:bis|ter|quater))?$/i.test(trimmed)) return 'numero';
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return 'majuscules';
  return null;
}

/**
 * The order of venue lists with no other order: by name, accents and case ignored, names that
 * start with a digit (« 1 », « 11 bis », a SIRET) after those that start with a letter, so that
 * a list starts with names people recognise.
 */
export function compareNames(a: string, b: string): number {
  const foldedA = foldText(a);
  const foldedB = foldText(b);
  return startsWithDigit(foldedA) - startsWithDigit(foldedB) || foldedA.localeCompare(foldedB);
}

function startsWithDigit(folded: string): number {
  return /^[^a-z]*\d/.test(folded) ? 1 : 0;
}

/**
 * « 12 rue de la Paix, bâtiment B »: the street and its complement, the complement left out when
 * it only repeats the street (many files copy `adresse` into `complement_adresse`).
 */
export function streetAddress(adresse: string, complement: string): string {
  if (!complement || foldText(complement) === foldText(adresse)) return adresse;
  return adresse ? `${adresse}, ${complement}` : complement;
}
