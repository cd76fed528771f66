/**
 * Pure helpers of the site benchmark (scripts/bench-site.ts): the grouping of what a page
 * downloads and the result table (statistics come from src/common/numbers.ts).
 */

export type AssetKind = 'js' | 'css' | 'data' | 'html' | 'other';

/** What a same-origin URL path of the built site is, for the size budgets. */
export function assetKind(pathname: string): AssetKind {
  if (/\.m?js$/.test(pathname)) return 'js';
  if (pathname.endsWith('.css')) return 'css';
  if (pathname.startsWith('/donnees/')) return 'data';
  if (pathname.endsWith('/') || pathname.endsWith('.html')) return 'html';
  return 'other';
}

/** Sums of sizes per kind, for files counted once each even if requested twice. */
export function totalsByKind<T extends { path: string; bytes: number; gzipBytes: number }>(
  files: readonly T[],
): Record<AssetKind, { files: string[]; bytes: number; gzipBytes: number }> {
  const totals = {} as Record<AssetKind, { files: string[]; bytes: number; gzipBytes: number }>;
  for (const kind of ['js', 'css', 'data', 'html', 'other'] as const) totals[kind] = { files: [], bytes: 0, gzipBytes: 0 };
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const total = totals[assetKind(file.path)];
    total.files.push(file.path);
    total.bytes += file.bytes;
    total.gzipBytes += file.gzipBytes;
  }
  return totals;
}

export interface BenchRow {
  /** What is measured, e.g. "JS before any user action (gzip)". */
  measure: string;
  /** The figure with its unit. */
  value: string;
  /** The goal as text, e.g. "< 100 KB"; empty when the figure is only reported. */
  goal: string;
  /** Whether the goal is met; undefined when there is no goal or it could not be measured. */
  pass?: boolean;
}

/** Builds a row from a number and a goal on it (`max`: the value must stay below; `min`: reach at least). */
export function goalRow(
  measure: string,
  value: number,
  format: (n: number) => string,
  goal?: { max: number } | { min: number },
): BenchRow {
  if (!goal || Number.isNaN(value)) return { measure, value: Number.isNaN(value) ? 'not measured' : format(value), goal: goal ? goalText(goal, format) : '' };
  const pass = 'max' in goal ? value < goal.max : value >= goal.min;
  return { measure, value: format(value), goal: goalText(goal, format), pass };
}

function goalText(goal: { max: number } | { min: number }, format: (n: number) => string): string {
  return 'max' in goal ? `< ${format(goal.max)}` : `≥ ${format(goal.min)}`;
}

export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const milliseconds = (ms: number): string => `${Math.round(ms)} ms`;
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The rows as an aligned plain-text table, with a PASS/FAIL column. */
export function formatTable(title: string, rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [row.measure, row.value, row.goal, row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL']);
  const header = ['Measure', 'Value', 'Goal', ''];
  const widths = header.map((cell, i) => Math.max(cell.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]): string =>
    values.map((value, i) => (i === 1 ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join('  ').trimEnd();
  return [title, line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}
