/**
 * The coverage of a real listings folder, computed as the build computes it (pipeline, then
 * coverage, at a fixed build date): the demo files of `data/lieux/`, or the national file of
 * `../shared`. Each is computed once per test file, on first use.
 */
import path from 'node:path';
import { computeCoverage, type Coverage } from '../../src/coverage/compute.ts';
import { readListingFiles, REPO_ROOT } from '../../src/io/files.ts';
import { loadReferenceData } from '../../src/io/reference-files.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import type { ReferenceData, Venue } from '../../src/pipeline/types.ts';
import type { SharedFixture } from '../shared-fixtures.ts';

/** The build date of these tests: 1 December 2026, 09:00 in Paris. */
export const BUILD_DATE = new Date('2026-12-01T08:00:00Z');

export interface CoverageData {
  venues: Venue[];
  reference: ReferenceData;
  coverage: Coverage;
}

function coverageOf(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): CoverageData {
  const reference = loadReferenceData();
  const { venues } = runPipeline({ files, reference, buildDate: BUILD_DATE });
  return { venues, reference, coverage: computeCoverage(venues, reference, { computedAt: BUILD_DATE }) };
}

let demo: CoverageData | undefined;

/** The demo listings committed in `data/lieux/`. */
export function demoCoverage(): CoverageData {
  demo ??= coverageOf(readListingFiles(path.join(REPO_ROOT, 'data/lieux')).files);
  return demo;
}

const real = new Map<string, CoverageData>();

/** One real file of `../shared` alone, as a deployment with only that file would publish it. */
export function realCoverage(fixture: SharedFixture): CoverageData {
  let data = real.get(fixture.path);
  if (data === undefined) real.set(fixture.path, (data = coverageOf([{ name: fixture.name, bytes: fixture.bytes() }])));
  return data;
}
