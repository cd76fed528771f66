/**
 * Numbers for people and for statistics, in one place for the build and the browser: French
 * formatting (`Intl.NumberFormat`, `Intl.PluralRules`), rounding, medians and percentiles, and
 * dates written out in French.
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
  return metres < 1000 ? `${metres} m` : `${formatKilometres(km)} km`;
}

/**
 * A distance for a column headed « (km) »: « 0,4 », « 8,9 », « 38 » — one decimal below ten
 * kilometres, whole kilometres beyond, as `formatDistance` rounds them.
 */
export function formatKilometres(km: number): string {
  const tenths = Math.round(km * 10);
  return tenths < 100 ? oneDecimal.format(tenths / 10) : integer.format(Math.round(km));
}

/** A share (0–1) for a column headed « (%) »: « 12,5 », « 1 ». */
export const formatPercentage = (share: number): string => upToOneDecimal.format(share * 100);

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

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** « 3 mars 2024 » for `2024-03-03`; the input unchanged when it is not such a date. */
export function formatDateFr(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const month = MONTHS[Number(match[2]) - 1];
  if (!month) return isoDate;
  const day = Number(match[3]);
  return `${day === 1 ? '1er' : day} ${month} ${match[1]}`;
}
