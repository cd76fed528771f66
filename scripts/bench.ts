/**
 * Benchmarks the data build (no page rendering) on 10,000 and 100,000 rows.
 *
 *   npm run bench                   # 10,000 and 100,000 rows
 *   npm run bench -- 10000 50000    # other sizes
 *   DATA_DIR=<folder> npm run bench # the CSV files of a folder, as they are
 *
 * Input: the real conseillers-numériques fixture (`../shared/fixtures/real/cnfs-2022-v1.csv`,
 * or BENCH_FIXTURE), scaled up with jittered copies: new ids, points moved a few hundred metres,
 * a name and a street number of their own so that copies are distinct venues rather than
 * duplicates; split into several files in a temporary folder, as producers send them.
 *
 * Each size runs in a child process so that its peak memory (maxRSS) is its own. Stages: read
 * the files, then the pipeline (parse, validate, geocode, deduplicate), coverage, the search
 * index, and writing the JSON outputs the site reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { computeCoverage } from '../src/coverage/compute.ts';
import { scaledFixtureRows } from './bench/scaled-fixture.ts';
import { listingsDir, readListingFiles, REPO_ROOT, writeJsonArrayAtomic } from '../src/io/files.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { buildCommuneIndex } from '../src/pipeline/3-geocode/reference.ts';
import { COLUMNS } from '../src/pipeline/schema.ts';
import { buildSearchIndex } from '../src/pipeline/6-outputs/search-index.ts';
import { loadReferenceData } from '../src/io/reference-files.ts';

/** A fixed build date, so that every run expands the same weeks of opening hours. */
const BENCH_BUILD_DATE = new Date('2026-11-15T00:00:00Z');
const FIXTURE = process.env.BENCH_FIXTURE ?? path.resolve(REPO_ROOT, '../shared/fixtures/real/cnfs-2022-v1.csv');
const FILES_PER_SIZE = 10;
const JITTER_METRES = 400;

/** Goals of the project, in milliseconds and megabytes (sizes without a goal are only measured). */
const GOALS: Record<number, { pipelineMs: number; coverageMs: number; rssMb?: number }> = {
  10_000: { pipelineMs: 3_000, coverageMs: 2_000 },
  100_000: { pipelineMs: 30_000, coverageMs: 10_000, rssMb: 1_024 },
};

interface Measure {
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

/** The scaled fixture split into several files in `dir`, as producers send them. */
function scaledFiles(count: number, dir: string): number {
  const rows = scaledFixtureRows(FIXTURE, count, JITTER_METRES);
  const perFile = Math.ceil(rows.length / FILES_PER_SIZE);
  let files = 0;
  for (let start = 0; start < rows.length; start += perFile) {
    const chunk = rows.slice(start, start + perFile);
    const name = `2026-01-01_99000000000000_lieux-de-mediation-numerique_Lot-${String(++files).padStart(2, '0')}.csv`;
    writeFileSync(path.join(dir, name), `${Papa.unparse({ fields: [...COLUMNS], data: chunk }, { newline: '\n' })}\n`);
  }
  return files;
}

/** One size (a row count, or `DATA_DIR` for that folder as it is), in this process. */
function measure(size: string): Measure {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-lieux-'));
  try {
    const dataDir = size === 'DATA_DIR' ? listingsDir() : dir;
    const fileCount = size === 'DATA_DIR' ? readListingFiles(dataDir).length : scaledFiles(Number(size), dir);
    const reference = loadReferenceData();
    const communeIndex = buildCommuneIndex(reference);

    const start = performance.now();
    const files = readListingFiles(dataDir);
    const readMs = performance.now() - start;
    const pipelineStart = performance.now();
    const { venues, schedules, report, timings } = runPipeline({ files, reference, communeIndex, buildDate: BENCH_BUILD_DATE });
    const pipelineMs = performance.now() - pipelineStart;
    const pipelineRssMb = maxRssMb();
    const coverageStart = performance.now();
    const coverage = computeCoverage(venues, reference);
    const coverageMs = performance.now() - coverageStart;
    const indexStart = performance.now();
    const searchIndex = buildSearchIndex(venues, { builtAt: BENCH_BUILD_DATE.toISOString(), schedules });
    const indexMs = performance.now() - indexStart;
    const writeStart = performance.now();
    // As scripts/build-data.ts and the index endpoint write them.
    writeJsonArrayAtomic(path.join(dir, 'venues.json'), venues);
    for (const [name, value] of Object.entries({ report, coverage, searchIndex })) {
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value));
    }
    const writeMs = performance.now() - writeStart;

    return {
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
  const header = ['rows', 'files', 'published', 'merged', 'rejected', 'read', 'parse', 'validate', 'geocode', 'dedup', 'pipeline', 'coverage', 'index', 'write', 'total', 'RSS pipeline', 'RSS total'];
  const lines = measures.map((m) => [
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
      console.log(`${ok ? 'OK  ' : 'SLOW'} ${m.rows} rows: ${label}`);
      if (!ok) failed = true;
    }
  }
  if (failed) process.exitCode = 1;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  console.log(JSON.stringify(measure(args[1]!)));
} else if (args.length === 0 && process.env.DATA_DIR !== undefined) {
  printTable([runChild('DATA_DIR')]);
} else {
  const sizes = args.length > 0 ? args : ['10000', '100000'];
  if (sizes.some((size) => !/^[1-9]\d*$/.test(size))) throw new Error('Tailles attendues : des nombres entiers de lignes.');
  printTable(sizes.map(runChild));
}
