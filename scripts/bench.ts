/**
 * Benchmarks the data build (no page rendering) on 10,000 and 100,000 rows, and on one
 * 100,000-row file mixing several sources.
 *
 *   npm run bench                   # 10,000 rows, 100,000 rows, and mixte-100000
 *   npm run bench -- 10000 50000    # other sizes
 *   npm run bench -- mixte-50000    # one file of 50,000 rows from several sources
 *   DATA_DIR=<folder> npm run bench # the CSV files of a folder, as they are
 *
 * Input: the real conseillers-numériques fixture (`../shared/fixtures/real/cnfs-2022-v1.csv`,
 * or BENCH_FIXTURE), scaled up with jittered copies: new ids, points moved a few hundred metres,
 * a name and a street number of their own so that copies are distinct venues rather than
 * duplicates; split into several files in a temporary folder, as producers send them. A
 * `mixte-N` size writes the N rows as ONE file whose rows belong to MIXED_SOURCES producers in
 * turn, every tenth row listing the previous row's venue again under another producer (name in
 * capitals, street abbreviated, point a few dozen metres away), so that the deduplication compares
 * sources inside one big file, as in a regional hub's or the national export.
 *
 * Each size runs in a child process so that its peak memory (maxRSS) is its own. Stages: read
 * the files, then the pipeline (parse, validate, geocode, deduplicate), coverage, the search
 * index, and writing the JSON outputs the site reads.
 *
 * Then the time of one hostile 100 KB cell of each field kind through the pipeline (and of an
 * import's half-day cell), against the goal of a second each; `npm run bench -- cellules` times
 * only these.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { computeCoverage } from '../src/coverage/compute.ts';
import { scaledFixtureRecords, type FixtureRow } from './bench/scaled-fixture.ts';
import { listingsDir, readListingFiles, REPO_ROOT, writeJsonArrayAtomic } from '../src/io/files.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { COLUMNS } from '../src/pipeline/schema.ts';
import { buildSearchIndex } from '../src/pipeline/6-outputs/search-index.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';
import { timeHostileCells } from './bench/hostile-cells.ts';
import { createRandom, jitterPoint } from './demo/random.ts';

/** A fixed build date, so that every run expands the same weeks of opening hours. */
const BENCH_BUILD_DATE = new Date('2026-11-15T00:00:00Z');
const FIXTURE = process.env.BENCH_FIXTURE ?? path.resolve(REPO_ROOT, '../shared/fixtures/real/cnfs-2022-v1.csv');
const FILES_PER_SIZE = 10;
const JITTER_METRES = 400;
const MIXED_SOURCES = 4;
/** Every n-th row of a mixed file repeats the previous row's venue under another source. */
const MIXED_DUPLICATE_EVERY = 10;
const MIXED = /^mixte-([1-9]\d*)$/;

/** Goals of the project, in milliseconds and megabytes (sizes without a goal are only measured). */
const GOALS: Record<number, { pipelineMs: number; coverageMs: number; rssMb?: number }> = {
  10_000: { pipelineMs: 3_000, coverageMs: 2_000 },
  100_000: { pipelineMs: 30_000, coverageMs: 10_000, rssMb: 1_024 },
};

const SIZES = ['10000', '100000', 'mixte-100000'];

interface Measure {
  /** The size asked for: a row count, `mixte-N` or `DATA_DIR`. */
  size: string;
  rows: number;
  files: number;
  published: number;
  merged: number;
  rejected: number;
  ms: Record<'read' | 'parse' | 'validate' | 'geocode' | 'deduplicate' | 'pipeline' | 'coverage' | 'index' | 'write' | 'total', number>;
  /** Peak resident memory up to the end of the pipeline, and over the whole run. */
  maxRssMb: { pipeline: number; total: number };
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

type Row = FixtureRow;

/** The same rows from MIXED_SOURCES producers in turn, every MIXED_DUPLICATE_EVERY-th one a cross-source duplicate. */
function mixSources(rows: Row[]): Row[] {
  const random = createRandom(rows.length + 1);
  return rows.map((row, i) => {
    const source = `Producteur ${(i % MIXED_SOURCES) + 1}`;
    const previous = rows[i - 1];
    if (i % MIXED_DUPLICATE_EVERY !== MIXED_DUPLICATE_EVERY - 1 || previous === undefined) return { ...row, source };
    const duplicate = { ...previous, id: `${previous.id}-repris`, source, nom: previous.nom.toUpperCase(), adresse: previous.adresse.replace(/\brue\b/i, 'R') };
    if (previous.latitude !== '' && previous.longitude !== '') {
      const point = jitterPoint(random, Number(previous.latitude), Number(previous.longitude), 40);
      duplicate.latitude = point.lat.toFixed(6);
      duplicate.longitude = point.lon.toFixed(6);
    }
    return duplicate;
  });
}

/** Writes a benchmark input into `dir`; returns the number of files. */
function writeBenchFiles(size: string, dir: string): number {
  const mixed = MIXED.exec(size);
  const rows = mixed ? mixSources(scaledFixtureRecords(FIXTURE, Number(mixed[1]), JITTER_METRES)) : scaledFixtureRecords(FIXTURE, Number(size), JITTER_METRES);
  const perFile = mixed ? rows.length : Math.ceil(rows.length / FILES_PER_SIZE);
  let files = 0;
  for (let start = 0; start < rows.length; start += perFile) {
    const chunk = rows.slice(start, start + perFile).map((row) => COLUMNS.map((column) => row[column] ?? ''));
    const name = `2026-01-01_99000000000000_lieux-de-mediation-numerique_${mixed ? 'Mixte' : `Lot-${String(files + 1).padStart(2, '0')}`}.csv`;
    files++;
    writeFileSync(path.join(dir, name), `${Papa.unparse({ fields: [...COLUMNS], data: chunk }, { newline: '\n' })}\n`);
  }
  return files;
}

/** One size (a row count, or `DATA_DIR` for that folder as it is), in this process. */
function measure(size: string): Measure {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-lieux-'));
  try {
    const dataDir = size === 'DATA_DIR' ? listingsDir() : dir;
    const fileCount = size === 'DATA_DIR' ? readListingFiles(dataDir).files.length : writeBenchFiles(size, dir);
    const reference = loadReferenceData();
    const communeIndex = buildCommuneIndex(reference);

    const start = performance.now();
    const { files, refused } = readListingFiles(dataDir);
    const readMs = performance.now() - start;
    const pipelineStart = performance.now();
    const { venues, schedules, holidays, report, timings } = runPipeline({ files, refused, reference, communeIndex, buildDate: BENCH_BUILD_DATE });
    const pipelineMs = performance.now() - pipelineStart;
    const pipelineRssMb = maxRssMb();
    const coverageStart = performance.now();
    const coverage = computeCoverage(venues, reference);
    const coverageMs = performance.now() - coverageStart;
    const indexStart = performance.now();
    const searchIndex = buildSearchIndex(venues, { builtAt: BENCH_BUILD_DATE.toISOString(), schedules, holidays });
    const indexMs = performance.now() - indexStart;
    const writeStart = performance.now();
    // As scripts/build-data.ts and the index endpoint write them.
    writeJsonArrayAtomic(path.join(dir, 'venues.json'), venues);
    for (const [name, value] of Object.entries({ report, coverage, searchIndex })) {
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value));
    }
    const writeMs = performance.now() - writeStart;

    return {
      size,
      rows: report.summary.rows,
      files: fileCount,
      published: report.summary.published,
      merged: report.summary.merged,
      rejected: report.summary.rejected,
      ms: {
        read: readMs,
        ...timings,
        pipeline: pipelineMs,
        coverage: coverageMs,
        index: indexMs,
        write: writeMs,
        total: performance.now() - start,
      },
      maxRssMb: { pipeline: pipelineRssMb, total: maxRssMb() },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(size: string): Measure {
  const child = spawnSync(process.execPath, [import.meta.filename, '--child', size], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`La mesure « ${size} » a échoué (code ${child.status}).`);
  const lastLine = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as Measure;
}

function printTable(measures: Measure[]): void {
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  const header = ['size', 'rows', 'files', 'published', 'merged', 'rejected', 'read', 'parse', 'validate', 'geocode', 'dedup', 'pipeline', 'coverage', 'index', 'write', 'total', 'RSS pipeline', 'RSS total'];
  const lines = measures.map((m) => [
    m.size,
    String(m.rows), String(m.files), String(m.published), String(m.merged), String(m.rejected),
    seconds(m.ms.read), seconds(m.ms.parse), seconds(m.ms.validate), seconds(m.ms.geocode), seconds(m.ms.deduplicate),
    seconds(m.ms.pipeline), seconds(m.ms.coverage), seconds(m.ms.index), seconds(m.ms.write), seconds(m.ms.total),
    `${Math.round(m.maxRssMb.pipeline)} MB`, `${Math.round(m.maxRssMb.total)} MB`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]): string => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  console.log('Times in seconds (read + pipeline + coverage + index + write = total); peak resident memory');
  console.log('at the end of the pipeline and over the whole run (reference table and Node itself included).');
  console.log(format(header));
  for (const line of lines) console.log(format(line));

  let failed = false;
  for (const m of measures) {
    const goal = GOALS[m.rows];
    if (goal === undefined) continue;
    const checks = [
      [`pipeline ${seconds(m.ms.read + m.ms.pipeline)} s < ${goal.pipelineMs / 1000} s`, m.ms.read + m.ms.pipeline < goal.pipelineMs],
      [`coverage ${seconds(m.ms.coverage)} s < ${goal.coverageMs / 1000} s`, m.ms.coverage < goal.coverageMs],
      ...(goal.rssMb === undefined ? [] : [[`pipeline peak RSS ${Math.round(m.maxRssMb.pipeline)} MB < ${goal.rssMb} MB`, m.maxRssMb.pipeline < goal.rssMb] as const]),
    ] as const;
    for (const [label, ok] of checks) {
      console.log(`${ok ? 'OK  ' : 'SLOW'} ${m.size} (${m.rows} rows): ${label}`);
      if (!ok) failed = true;
    }
  }
  if (failed) process.exitCode = 1;
}

/** Goal for any single cell, whatever its content. */
const CELL_GOAL_MS = 1_000;

function printCellTimings(): void {
  const reference = loadReferenceData();
  // Run once, cold: a second run would find the hours already checked in their cache.
  const timings = timeHostileCells(reference, buildCommuneIndex(reference));
  console.log('\nOne hostile 100 KB cell per field kind (whole pipeline, one file each), in milliseconds:');
  const width = Math.max(...timings.map((t) => t.label.length));
  for (const { label, ms } of timings) {
    const ok = ms < CELL_GOAL_MS;
    console.log(`${ok ? 'OK  ' : 'SLOW'} ${label.padEnd(width)}  ${ms.toFixed(1).padStart(7)} ms < ${CELL_GOAL_MS} ms`);
    if (!ok) process.exitCode = 1;
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  console.log(JSON.stringify(measure(args[1]!)));
} else if (args[0] === 'cellules') {
  printCellTimings();
} else if (args.length === 0 && process.env.DATA_DIR !== undefined) {
  printTable([runChild('DATA_DIR')]);
} else {
  const sizes = args.length > 0 ? args : SIZES;
  if (sizes.some((size) => !/^[1-9]\d*$/.test(size) && !MIXED.test(size))) {
    throw new Error('Tailles attendues : des nombres entiers de lignes, ou mixte-<lignes> pour un seul fichier de plusieurs sources.');
  }
  printTable(sizes.map(runChild));
  printCellTimings();
}
