/**
 * The contract between the data build (`scripts/build-data.ts`) and the site build: the folder
 * `.cache/pipeline/` and its manifest. The manifest records a format version and a hash of every
 * input (listing files, reference tables, programme list, the pipeline's own code); the site
 * refuses a cache of another format or built from other inputs, with a message saying to run
 * `npm run build`, rather than render a half-working site. Files are written atomically, the
 * manifest last, so an interrupted data build leaves no manifest that vouches for its outputs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { WeeklySchedule } from '../common/opening.ts';
import type { Coverage } from '../coverage/compute.ts';
import type { Report, Venue } from '../pipeline/types.ts';
import { readCorrectionFiles, readListingFiles, REPO_ROOT, writeFileAtomic, writeJsonArrayAtomic } from './files.ts';
import { ONLINE_CACHE_FILE, REFERENCE_FILE } from './reference-files.ts';

/** Bump when the shape of any cached file changes. */
export const PIPELINE_CACHE_FORMAT = 'pipeline-cache-v4';

/** Where the data build writes, relative to the repository root. */
export const PIPELINE_DIR = '.cache/pipeline';

/** The code whose changes make a cache stale. */
const CODE_DIRS = ['src/pipeline', 'src/coverage', 'src/common', 'src/io'];

export class PipelineCacheError extends Error {}

export interface PipelineOutputs {
  venues: Venue[];
  schedules: WeeklySchedule[];
  holidays: Record<string, string[]>;
  report: Report;
  coverage: Coverage;
}

export interface PipelineManifest {
  format: typeof PIPELINE_CACHE_FORMAT;
  /** SHA-256 of the inputs, see `pipelineInputsHash`. */
  inputs: string;
  /** ISO date-time the build counts as now (`SOURCE_DATE_EPOCH` when set). */
  builtAt: string;
  /** The listings folder, relative to the repository when inside it. */
  dataDir: string;
}

export interface PipelineInputs {
  dataDir: string;
  programmeTownsFile: string | null;
}

function codeFiles(): string[] {
  return CODE_DIRS.flatMap((dir) =>
    (readdirSync(path.join(REPO_ROOT, dir), { recursive: true }) as string[])
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(dir, name)),
  ).sort();
}

/** A hash of everything the pipeline's outputs depend on. */
export function pipelineInputsHash(inputs: PipelineInputs): string {
  const hash = createHash('sha256');
  const add = (label: string, bytes: Uint8Array | string): void => {
    hash.update(`${label}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
  };
  add('format', PIPELINE_CACHE_FORMAT);
  for (const file of readListingFiles(inputs.dataDir).files) add(`lieux/${file.name}`, file.bytes);
  for (const file of readCorrectionFiles().files) add(`corrections/${file.name}`, file.bytes);
  for (const file of [REFERENCE_FILE, ONLINE_CACHE_FILE, inputs.programmeTownsFile]) {
    if (file !== null && existsSync(file)) add(path.relative(REPO_ROOT, file), readFileSync(file));
  }
  for (const file of codeFiles()) add(file, readFileSync(path.join(REPO_ROOT, file)));
  return hash.digest('hex');
}

export function writePipelineCache(outputs: PipelineOutputs, manifest: PipelineManifest, dir = path.join(REPO_ROOT, PIPELINE_DIR)): void {
  rmSync(path.join(dir, 'manifest.json'), { force: true });
  writeJsonArrayAtomic(path.join(dir, 'venues.json'), outputs.venues);
  writeFileAtomic(path.join(dir, 'schedules.json'), JSON.stringify(outputs.schedules));
  writeFileAtomic(path.join(dir, 'holidays.json'), JSON.stringify(outputs.holidays));
  writeFileAtomic(path.join(dir, 'report.json'), JSON.stringify(outputs.report));
  writeFileAtomic(path.join(dir, 'coverage.json'), JSON.stringify(outputs.coverage));
  writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

const RUN_BUILD = 'lancez « npm run build », qui prépare les données avant le site';

/**
 * Reads the cache after checking its manifest against the current inputs. Throws a
 * `PipelineCacheError` with a French message when it is missing, of another format or stale.
 */
export function readPipelineCache(inputs: PipelineInputs, dir = path.join(REPO_ROOT, PIPELINE_DIR)): PipelineOutputs & { manifest: PipelineManifest } {
  const read = <T>(name: string): T => {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new PipelineCacheError(`Les données construites sont absentes (${file}) : ${RUN_BUILD}.`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (error) {
      throw new PipelineCacheError(`Le fichier ${file} est illisible (${(error as Error).message}) : ${RUN_BUILD}.`);
    }
  };
  const manifest = read<PipelineManifest>('manifest.json');
  if (manifest.format !== PIPELINE_CACHE_FORMAT) {
    throw new PipelineCacheError(
      `Les données construites sont d'un autre format (${String(manifest.format)}, attendu ${PIPELINE_CACHE_FORMAT}) : ${RUN_BUILD}.`,
    );
  }
  if (manifest.inputs !== pipelineInputsHash(inputs)) {
    throw new PipelineCacheError(
      `Les données construites ne correspondent plus aux fichiers (lieux de ${inputs.dataDir}, tables de référence ou code) : ${RUN_BUILD}.`,
    );
  }
  return {
    manifest,
    venues: read<Venue[]>('venues.json'),
    schedules: read<WeeklySchedule[]>('schedules.json'),
    holidays: read<Record<string, string[]>>('holidays.json'),
    report: read<Report>('report.json'),
    coverage: read<Coverage>('coverage.json'),
  };
}
