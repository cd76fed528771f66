/**
 * Compares two copies of the published data folder (`dist/donnees/`), file by file: used to show
 * that a refactoring changes no output. Prints one line per file that differs (for JSON, the first
 * differing path; for text, the first differing line) and a summary.
 *
 *   node scripts/compare-outputs.ts <dossier avant> <dossier après> [--ignore <chemin JSON>]…
 *
 * `--ignore` skips a JSON path such as `builtAt` wherever it occurs (a build time, say).
 * Exit code: 0 identical, 1 differences, 2 the folders could not be read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface Difference {
  file: string;
  detail: string;
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/** The first path at which two JSON values differ, or null when they are equal. */
function firstJsonDifference(a: unknown, b: unknown, ignored: ReadonlySet<string>, at = ''): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${at || '(racine)'} : ${preview(a)} → ${preview(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const found = firstJsonDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], ignored, at ? `${at}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'absent';
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function firstLineDifference(a: string, b: string): string | null {
  if (a === b) return null;
  const left = a.split('\n');
  const right = b.split('\n');
  const changed = left.reduce((count, line, i) => count + (line === right[i] ? 0 : 1), 0) + Math.max(0, right.length - left.length);
  const first = left.findIndex((line, i) => line !== right[i]);
  const line = first === -1 ? left.length : first;
  return `${changed} ligne(s) diffèrent, la première ligne ${line + 1} : ${preview(left[line])} → ${preview(right[line])}`;
}

function compareFile(before: string, after: string, ignored: ReadonlySet<string>): string | null {
  const a = readFileSync(before, 'utf8');
  const b = readFileSync(after, 'utf8');
  if (a === b) return null;
  if (/\.(json|geojson)$/.test(before)) {
    try {
      return firstJsonDifference(JSON.parse(a), JSON.parse(b), ignored);
    } catch {
      // Not valid JSON on one side: fall through to a text comparison.
    }
  }
  return firstLineDifference(a, b);
}

export function compareOutputs(before: string, after: string, ignored: ReadonlySet<string>): { files: number; differences: Difference[] } {
  const left = listFiles(before);
  const right = new Set(listFiles(after));
  const differences: Difference[] = [];
  for (const file of left) {
    if (!right.has(file)) {
      differences.push({ file, detail: 'absent après' });
      continue;
    }
    right.delete(file);
    const detail = compareFile(path.join(before, file), path.join(after, file), ignored);
    if (detail !== null) differences.push({ file, detail });
  }
  for (const file of right) differences.push({ file, detail: 'absent avant' });
  return { files: left.length, differences };
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { ignore: { type: 'string', multiple: true } } });
  } catch (error) {
    console.error(`Option non reconnue : ${(error as Error).message}`);
    return 2;
  }
  const [before, after] = parsed.positionals;
  if (before === undefined || after === undefined || parsed.positionals.length !== 2) {
    console.error('Usage : node scripts/compare-outputs.ts <dossier avant> <dossier après> [--ignore <clé JSON>]…');
    return 2;
  }
  for (const dir of [before, after]) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      console.error(`« ${dir} » n'est pas un dossier.`);
      return 2;
    }
  }
  const { files, differences } = compareOutputs(before, after, new Set(parsed.values.ignore ?? []));
  for (const { file, detail } of differences) console.log(`≠ ${file} — ${detail}`);
  console.log(`${files} fichier(s) comparé(s), ${differences.length} différent(s).`);
  return differences.length === 0 ? 0 : 1;
}

process.exitCode = main();
