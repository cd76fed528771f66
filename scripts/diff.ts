/**
 * `npm run diff -- --base <git ref> [--format text|json|markdown] [--max-removed-share 0.2]`: what
 * the working tree changes in the listing files (DATA_DIR, default data/lieux/) compared with a git
 * revision, for the pull-request report, with the correction files (data/corrections/, or
 * CORRECTIONS_DIR) of both versions applied. Exit code 1 when an added or changed row has an error,
 * 2 when the command itself cannot run (see src/io/cli.ts), 0 otherwise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_REMOVED_SHARE, diffListings, formatDiff } from '../src/contribute/diff.ts';
import type { DiffFormat } from '../src/contribute/diff.ts';
import { readPipelineConfig } from '../src/config.ts';
import { EXIT_OK, EXIT_ROW_ERRORS, readArguments, runCommand, CommandError } from '../src/io/cli.ts';
import { listingsDir, readListingFiles } from '../src/io/files.ts';
import { MAX_FILE_BYTES } from '../src/pipeline/1-parse/parse.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';

const FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];

const command = {
  name: 'diff',
  usage: 'npm run diff -- --base <révision git> [--format text|json|markdown] [--max-removed-share 0.2]',
};

/** A tree entry of `git ls-tree -r -z -l`: `<mode> <type> <object> <size>\t<path>`, NUL-terminated. */
const TREE_ENTRY = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t([^]*)$/;

/**
 * The listing files of a revision, under the listings folder, by name relative to it. Names come
 * NUL-separated (`-z`), so accents, spaces, quotes and line breaks in them arrive as they are
 * instead of quoted; only regular files are read (a link stored in git is not a listing), by
 * object id, so that no name is ever parsed again by git.
 */
function filesAtRevision(dir: string, base: string): Map<string, Uint8Array> {
  const git = (args: string[]): Buffer => execFileSync('git', args, { cwd: dir, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  } catch (error) {
    // git itself could not run (not installed): not the revision's fault.
    if ((error as { status?: number | null }).status == null) throw error;
    throw new CommandError(
      `Révision git « ${base} » introuvable depuis ${dir}. Vérifiez son nom (par exemple origin/main) et que l'historique est complet (git fetch).`,
    );
  }
  const top = git(['rev-parse', '--show-toplevel']).toString('utf8').replace(/\n$/, '');
  const root = realpathSync(dir);
  const files = new Map<string, Uint8Array>();
  for (const entry of git(['ls-tree', '-r', '-z', '-l', '--full-name', base, '--', '.']).toString('utf8').split('\0')) {
    const match = TREE_ENTRY.exec(entry);
    if (match === null) continue;
    const [, mode, type, object, size, name] = match as unknown as [string, string, string, string, string, string];
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !name.toLowerCase().endsWith('.csv')) continue;
    // The revision's own oversized files were refused when it was checked: not read again.
    if (Number(size) > MAX_FILE_BYTES) continue;
    // `--full-name` paths are relative to the repository root; reports name files relative to the listings folder.
    const relative = path.relative(root, path.join(top, name)).split(path.sep).join('/');
    files.set(relative, new Uint8Array(git(['cat-file', 'blob', object])));
  }
  return files;
}

/** The top folder of the git repository holding `dir`, or null outside any. */
function gitTopLevel(dir: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

runCommand(command, () => {
  const { values } = readArguments(command, {
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'max-removed-share': { type: 'string', default: String(DEFAULT_MAX_REMOVED_SHARE) },
  });
  const format = values.format as DiffFormat;
  if (!FORMATS.includes(format)) throw new CommandError(`Format inconnu « ${values.format} » : choisissez text, json ou markdown.`);
  const maxRemovedShare = Number(values['max-removed-share']);
  if (!(maxRemovedShare >= 0 && maxRemovedShare <= 1)) {
    throw new CommandError('--max-removed-share attend une part entre 0 et 1, par exemple 0.2 pour 20 %.');
  }
  const base = values.base;
  if (base === undefined || base === '') throw new CommandError(`Indiquez la révision de référence avec --base.\nUsage : ${command.usage}`);
  // A revision starting with `-` would be read by git as one of its options.
  if (base.startsWith('-')) throw new CommandError(`Révision git « ${base} » invalide : une révision ne commence pas par « - ».`);

  const dir = listingsDir();
  const head = readListingFiles(dir);
  const baseFiles = filesAtRevision(dir, base);
  const headFiles = new Map(head.files.map((file) => [file.name, file.bytes]));
  // The corrections of both versions: a pull request that adds one shows the venue it changes.
  // A corrections folder outside the listings' repository has no history: it applies to both versions.
  const correctionsDir = readPipelineConfig().correctionsDir;
  let corrections;
  if (correctionsDir !== null && existsSync(correctionsDir)) {
    const current = new Map(readListingFiles(correctionsDir).files.map((file) => [file.name, file.bytes]));
    corrections = { base: gitTopLevel(correctionsDir) === gitTopLevel(dir) ? filesAtRevision(correctionsDir, base) : current, head: current };
  }
  const report = diffListings(baseFiles, headFiles, maxRemovedShare, head.refused, { reference: loadReferenceData() }, corrections);
  process.stdout.write(formatDiff(report, format));
  return report.summary.errors > 0 ? EXIT_ROW_ERRORS : EXIT_OK;
});
