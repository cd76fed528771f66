/**
 * Numbers for people and for statistics, in one place for the build and the browser: French
 * formatting (`Intl.NumberFormat`, `Intl.PluralRules`), rounding, medians and percentiles.
 */

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const pluralRules = new Intl.PluralRules('fr-FR');

/** « 12 345 » (narrow no-break space between thousands, as French typography wants). */
export const formatInteger = (value: number): string => integer.format(value);
/** « 2,5 »: always one decimal. */
export const formatDecimal = (value: number): string => oneDecimal.format(value);
/** « 2 », « 2,5 »: a decimal only when there is one. */
export const formatUpToOneDecimal = (value: number): string => upToOneDecimal.format(value);
/** A share (0–1) as « 12,5 % ». */
export const formatShare = (share: number): string => percent.format(share);

/**
 * « 1 lieu », « 0,6 lieu », « 2 lieux », « 1 234 lieux »: the count formatted, then the noun in
 * the form French gives it (singular below 2, including decimals like 0,6 or 1,5).
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  const formatted = Number.isInteger(count) ? integer.format(count) : upToOneDecimal.format(count);
  return `${formatted} ${pluralRules.select(count) === 'one' ? singular : pluralForm}`;
}

/**
 * « 350 m », « 1,2 km », « 38 km », « 1 234 km »: metres below one kilometre (rounded to 10 m),
 * one decimal below ten kilometres, whole kilometres beyond. 9.96 km rounds to « 10 km ».
 */
export function formatDistance(km: number): string {
  const metres = Math.max(10, Math.round((km * 1000) / 10) * 10);
  if (metres < 1000) return `${metres} m`;
  const tenths = Math.round(km * 10);
  if (tenths < 100) return `${oneDecimal.format(tenths / 10)} km`;
  return `${integer.format(Math.round(km))} km`;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Median of the values (mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Nearest-rank percentile (`p` in 0–100): the smallest value such that at least p % of the
 * values are lower or equal. With 50 keystrokes, p95 is the third slowest one.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
