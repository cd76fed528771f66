/**
 * The département a code points to, by its digits alone: browser-safe, for the build (postal
 * codes missing from the commune table, such as CEDEX codes) and for the home page's filter.
 */

/**
 * From an INSEE code (`2A004`, `97411`, `79191`) or a postal code (`20000` → 2A, `20200` → 2B,
 * `97400` → 974); undefined when the value is neither.
 */
export function departementOfCode(code: string): string | undefined {
  if (/^2[AB]\d{3}$/.test(code)) return code.slice(0, 2);
  if (!/^\d{5}$/.test(code)) return undefined;
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
  // Corsican postal codes all start with 20: 200xx–201xx are Corse-du-Sud, the rest Haute-Corse.
  if (code.startsWith('20')) return Number(code[2]) < 2 ? '2A' : '2B';
  return code.slice(0, 2);
}
