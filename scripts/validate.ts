/**
 * `npm run validate -- [--format text|json|markdown] [files...]`: the contributor report.
 * Without files, validates every CSV of DATA_DIR (default data/lieux/) with the correction files
 * (data/corrections/, or CORRECTIONS_DIR). Exit code 1 when any row has an error, 0 otherwise,
 * 2 when the command cannot run (see src/io/cli.ts).
 */
import { EXIT_OK, EXIT_ROW_ERRORS, readArguments, runCommand, CommandError } from '../src/io/cli.ts';
import { listingsDir, readCorrectionFiles, readListingFiles, readNamedFiles } from '../src/io/files.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';
import { formatReport } from '../src/pipeline/6-outputs/report.ts';
import { runPipeline } from '../src/pipeline/run.ts';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const command = { name: 'validate', usage: 'npm run validate -- [--format text|json|markdown] [fichier.csv…]' };

runCommand(command, () => {
  const { values, positionals } = readArguments(command, { format: { type: 'string', default: 'text' } }, true);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CommandError(`Format inconnu « ${values.format} » : choisissez text, json ou markdown.`);
  const dir = listingsDir();
  const { files, refused } = positionals.length > 0 ? readNamedFiles(positionals, dir) : readListingFiles(dir);
  // Corrections name venues of every source: they are checked with the whole folder, not with a few files.
  const corrections = positionals.length > 0 ? { files: [], refused: [] } : readCorrectionFiles();
  const { report } = runPipeline({
    files,
    refused: [...refused, ...corrections.refused],
    corrections: corrections.files,
    reference: loadReferenceData(),
    onlineCache: loadOnlineCache(),
  });
  process.stdout.write(formatReport(report, format));
  return report.summary.errors > 0 ? EXIT_ROW_ERRORS : EXIT_OK;
});
