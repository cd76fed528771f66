/**
 * `npm run diff -- --base <git ref> [--format text|json|markdown] [--max-removed-share 0.2]`: what
 * the working tree changes in the listing files (DATA_DIR, default data/lieux/) compared with a git
 * revision, for the pull-request report. Exit code 1 when an added or changed row has an error,
 * 2 when the command itself cannot run, 0 otherwise.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_REMOVED_SHARE, diffListings, formatDiff } from '../src/contribute/diff.ts';
import type { DiffFormat } from '../src/contribute/diff.ts';
import { listingsDir, readListingFiles } from '../src/io/files.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';

const FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'max-removed-share': { type: 'string', default: String(DEFAULT_MAX_REMOVED_SHARE) },
  },
});
const format = values.format as DiffFormat;
if (!FORMATS.includes(format)) fail(`Format inconnu « ${values.format} » : choisissez text, json ou markdown.`);
const maxRemovedShare = Number(values['max-removed-share']);
if (!(maxRemovedShare >= 0 && maxRemovedShare <= 1)) fail('--max-removed-share attend une part entre 0 et 1, par exemple 0.2 pour 20 %.');
const base = values.base;
if (base === undefined) fail('Usage : npm run diff -- --base <révision git> [--format text|json|markdown] [--max-removed-share 0.2]');

const dir = listingsDir();
const git = (args: string[]): Buffer => execFileSync('git', args, { cwd: dir, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

let baseFiles: Map<string, Uint8Array>;
try {
  git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  // `--full-name` paths are relative to the repository root; reports name files relative to the listings folder.
  const names = git(['ls-tree', '-r', '--name-only', '--full-name', base, '--', '.'])
    .toString('utf8')
    .split('\n')
    .filter((name) => name.toLowerCase().endsWith('.csv'));
  const top = git(['rev-parse', '--show-toplevel']).toString('utf8').trim();
  baseFiles = new Map(
    names.map((name) => [
      path.relative(realpathSync(dir), path.join(top, name)).split(path.sep).join('/'),
      new Uint8Array(git(['show', `${base}:${name}`])),
    ]),
  );
} catch {
  fail(`Révision git « ${base} » introuvable depuis ${dir}. Vérifiez son nom (par exemple origin/main) et que l'historique est complet (git fetch).`);
}

const headFiles = new Map(readListingFiles(dir).map((file) => [file.name, file.bytes]));
const report = diffListings(baseFiles, headFiles, maxRemovedShare, { reference: loadReferenceData() });
process.stdout.write(formatDiff(report, format));
process.exitCode = report.summary.errors > 0 ? 1 : 0;
