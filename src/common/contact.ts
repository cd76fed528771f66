/**
 * The rules for contact details, in one place for the validator and the pages: the French
 * numbering plan (the validator writes numbers in international form, the pages show them the
 * national way) and what counts as an e-mail address (also for the site's `mailto:` links).
 */

/**
 * Country codes whose numbers are dialled in France as `0` + 9 digits: metropolitan France and
 * the overseas départements (Guadeloupe and its islands, Guyane, Martinique, La Réunion, Mayotte).
 */
export const TEN_DIGIT_COUNTRY_CODES = ['33', '262', '269', '590', '594', '596'] as const;

/**
 * French overseas numbers dialled nationally as 0 + 9 digits: the first digits after the 0 say
 * which country code applies (ARCEP numbering plan). The number decides rather than the venue's
 * postal code: a Paris number (01…) listed by a venue in La Réunion is still +33, and a Mayotte
 * mobile (0639…) listed in Guyane is +262, not +594.
 */
export const OVERSEAS_PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(590|690|691)/, '590'], // Guadeloupe, Saint-Martin, Saint-Barthélemy
  [/^(596|696|697)/, '596'], // Martinique
  [/^(594|694)/, '594'], // Guyane
  [/^(262|263|692|693)/, '262'], // La Réunion
  [/^(269|639)/, '262'], // Mayotte (shares +262 with La Réunion)
];

const TEN_DIGIT_INTERNATIONAL = new RegExp(`^\\+(${TEN_DIGIT_COUNTRY_CODES.join('|')})(\\d{9})$`);

/** `0XXXXXXXXX` for a number of the plan stored as `+CCXXXXXXXXX`, else null. */
export function nationalNumber(international: string): string | null {
  const match = TEN_DIGIT_INTERNATIONAL.exec(international);
  return match ? `0${match[2]}` : null;
}

/** RFC 5321: an address longer than this cannot be delivered. */
export const EMAIL_MAX_LENGTH = 254;

/**
 * A plain address `local@domain.tld`: the local part made of letters (accented ones too, as
 * RFC 6531 allows and as some venues write them), digits and `. _ + -` (dot-separated), the
 * domain of hyphenated ASCII labels and a letter-only top-level label. Stricter than RFC 5322 on
 * purpose: `?`, `&`, `=`, `%`, `#` or `/` in a `mailto:` link add headers or a body
 * (`x?cc=…&body=…@evil.example`), and quotes or comments are never used by venues. Each part
 * can match in one way only, so the check is linear in the length of the value.
 */
const EMAIL_ADDRESS = /^[\p{L}\p{N}_+-]+(?:\.[\p{L}\p{N}_+-]+)*@[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*\.[a-z]{2,}$/iu;

export function isEmailAddress(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && EMAIL_ADDRESS.test(value);
}
