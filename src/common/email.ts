/**
 * What the project accepts as an e-mail address, for the validator and for the `mailto:` links
 * of the site (code for both runtimes: no Node import).
 */

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
