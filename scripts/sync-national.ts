/**
 * `npm run sync:national -- [--source <url>] [--timeout <seconds>] [--force] [--report <file.md>]`:
 * downloads the national consolidated file of the standard, checks that it is the whole CSV file
 * (see src/contribute/national-sync.ts), validates it with the pipeline and writes it atomically
 * as one listings file (`lieux-de-mediation-numerique-national.csv` in DATA_DIR, default
 * data/lieux/), replacing the demo files on the first sync. The change report against the
 * previous version goes to standard output and, in Markdown, to `--report`.
 * `--source` is a data.gouv.fr dataset API address (default: the national dataset) or a CSV address.
 * Exit codes: 0 written; 1 written, but some rows have errors (kept and reported, as for any
 * file); 2 nothing written (download refused or failed, or more than 20 % of the venues removed
 * without --force).
 */
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffListings, formatDiff } from '../src/contribute/diff.ts';
import {
  checkDownload,
  checkRemovals,
  DEFAULT_NATIONAL_SOURCE,
  isDemoFile,
  NATIONAL_FILE,
  pickCsvResource,
  SyncRefusal,
  type Download,
  type ExpectedFile,
} from '../src/contribute/national-sync.ts';
import { listingsDir, readListingFiles, writeFileAtomic } from '../src/io/files.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { runPipeline } from '../src/pipeline/run.ts';

function fail(message: string): never {
  process.stderr.write(`sync:national : ${message}\nRien n'a été écrit.\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: DEFAULT_NATIONAL_SOURCE },
    timeout: { type: 'string', default: '300' },
    force: { type: 'boolean', default: false },
    report: { type: 'string' },
  },
});
const timeoutSeconds = Number(values.timeout);
if (!(timeoutSeconds > 0)) fail('--timeout attend un nombre de secondes, par exemple 300.');

async function download(url: string): Promise<Download> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), headers: { accept: 'text/csv, application/json;q=0.9, */*;q=0.1' } });
  } catch (error) {
    throw new SyncRefusal(`Impossible de joindre ${url} : ${describe(error)}.`);
  }
  const length = response.headers.get('content-length');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new SyncRefusal(`Le téléchargement de ${url} a été interrompu : ${describe(error)}.`);
  }
  return {
    url,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    contentLength: length === null ? null : Number(length),
    bytes,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `pas de réponse complète en ${timeoutSeconds} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/** The CSV file and what the portal says about it: through the dataset description, or directly. */
async function fetchNationalFile(source: string): Promise<{ file: Download; expected: ExpectedFile }> {
  const first = await download(source);
  if (first.status >= 200 && first.status < 300 && /json/.test(first.contentType)) {
    let dataset: unknown;
    try {
      dataset = JSON.parse(new TextDecoder().decode(first.bytes));
    } catch {
      throw new SyncRefusal(`La description du jeu de données reçue de ${source} n'est pas du JSON lisible.`);
    }
    const expected = pickCsvResource(dataset, source);
    return { file: await download(expected.url), expected };
  }
  return { file: first, expected: { url: source } };
}

const dir = listingsDir();
try {
  const { file, expected } = await fetchNationalFile(values.source);
  checkDownload(file, expected);

  const before = new Map(readListingFiles(dir).files.map((listing) => [listing.name, listing.bytes]));
  const demoFiles = [...before].filter(([name, bytes]) => name !== NATIONAL_FILE && isDemoFile(name, bytes)).map(([name]) => name);
  const after = new Map([...before].filter(([name]) => !demoFiles.includes(name)));
  after.set(NATIONAL_FILE, file.bytes);

  const changes = diffListings(before, after);
  checkRemovals(
    changes.files.find((diff) => diff.file === NATIONAL_FILE),
    values.force,
  );
  const { report } = runPipeline({
    files: [...after].map(([name, bytes]) => ({ name, bytes })),
    reference: loadReferenceData(),
  });

  writeFileAtomic(path.join(dir, NATIONAL_FILE), file.bytes);
  for (const name of demoFiles) unlinkSync(path.join(dir, name));

  const { summary } = report;
  const outcome =
    `${NATIONAL_FILE} écrit (${file.bytes.length} octets, depuis ${file.url})` +
    (demoFiles.length > 0 ? `, ${demoFiles.length} fichier(s) de démonstration retiré(s)` : '') +
    `. Après la mise à jour : ${summary.published} lieux publiés, ${summary.merged} fusionnés, ${summary.rejected} rejetés, ` +
    `${summary.errors} erreur(s), ${summary.warnings} avertissement(s).`;
  process.stdout.write(`${outcome}\n\n${formatDiff(changes, 'text')}`);
  if (values.report !== undefined) writeFileAtomic(values.report, `${outcome}\n\n${formatDiff(changes, 'markdown')}`);
  process.exit(summary.errors > 0 ? 1 : 0);
} catch (error) {
  if (error instanceof SyncRefusal) fail(error.message);
  // A crash must not look like success, nor like rows with errors (exit code 1).
  fail(`erreur inattendue : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
