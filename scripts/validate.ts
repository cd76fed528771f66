/**
 * `npm run validate -- [--format text|json|markdown] [files...]`: the contributor report.
 * Without files, validates every CSV of DATA_DIR (default data/lieux/) with the correction files
 * (data/corrections/, or CORRECTIONS_DIR). Exit code 1 when any row has an error, 0 otherwise.
 */
import { parseArgs } from 'node:util';
import { listingsDir, readCorrectionFiles, readListingFiles, readNamedFiles } from '../src/io/files.ts';
import { runPipeline } from '../src/pipeline/run.ts';


import { formatReport } from '../src/pipeline/6-outputs/report.ts';
import { loadOnlineCache, loadReferenceData } from '../src/io/reference-files.ts';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { format: { type: 'string', default: 'text' } },
});
const format = values.format as Format;
if (!FORMATS.includes(format)) {
  console.error(`Format inconnu « ${values.format} » : choisissez text, json ou markdown.`);
  process.exit(2);
}

// `npm run validate | head` closes the pipe early: that is not an error of the validation.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const dir = listingsDir();
const files = positionals.length > 0 ? readNamedFiles(positionals, dir) : readListingFiles(dir);
// Corrections name venues of every source: they are checked with the whole folder, not with a few files.
const corrections = positionals.length > 0 ? [] : readCorrectionFiles();
const { report } = runPipeline({ files, corrections, reference: loadReferenceData(), onlineCache: loadOnlineCache() });
process.stdout.write(formatReport(report, format));
process.exitCode = report.summary.errors > 0 ? 1 : 0;
