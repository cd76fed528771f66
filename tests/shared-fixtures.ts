/**
 * The one way a test reaches the shared folder beside the clone, `../shared/` (real data in
 * `fixtures/real/`, reference data in `reference/`, never copied into the repository). A clone with no `../shared` beside it, such as a fork on GitHub, still passes its
 * tests: those that need a missing file are skipped, and the summary reporter names them in one
 * line at the end of the run. With `REQUIRE_SHARED=1` (set by `.ci/run` when `../shared` exists)
 * a missing file is a failure instead. This is deliberately not keyed on `CI`: GitHub sets it in
 * every job, forks included.
 *
 *   const cnfs = sharedFixture('cnfs-2022-v1.csv');
 *   describe('on the real file', needsShared(cnfs), () => {
 *     it('...', () => { const text = cnfs.text(); ... });
 *   });
 *
 * Read the files inside tests and hooks, not while the file is collected: Vitest collects the
 * tests of a skipped suite too.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestOptions } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** The `../shared` files a test needs and that are missing (set only when it is skipped for that). */
    missingSharedFixtures?: string[];
    /** The programs a test needs and that are missing (set only when it is skipped for that). */
    missingTools?: string[];
  }
}

const ROOT = path.resolve(import.meta.dirname, '..');
/** The shared folder beside the clone. */
export const SHARED_DIR = path.resolve(ROOT, '../shared');

/** True when a missing shared file must fail the run rather than skip its tests. */
export const REQUIRE_SHARED = process.env.REQUIRE_SHARED === '1';

export interface SharedFixture {
  /** File name, without its folder. */
  name: string;
  /** Path inside `../shared/`, e.g. `fixtures/real/cnfs-2022-v1.csv`. */
  sharedPath: string;
  path: string;
  available: boolean;
  bytes(): Buffer;
  text(): string;
}

/** A file of `../shared/`, by its path there (`reference/communes-centroides-2018.csv`). */
export function sharedFile(sharedPath: string): SharedFixture {
  const file = path.join(SHARED_DIR, sharedPath);
  const available = existsSync(file);
  const bytes = (): Buffer => {
    if (!available) {
      throw new Error(`../shared/${sharedPath} is missing beside the clone (${file}), and REQUIRE_SHARED=1 makes that a failure.`);
    }
    return readFileSync(file);
  };
  return { name: path.basename(sharedPath), sharedPath, path: file, available, bytes, text: () => bytes().toString('utf8') };
}

/** A real-data file of `../shared/fixtures/real/`. */
export function sharedFixture(name: string): SharedFixture {
  return sharedFile(`fixtures/real/${name}`);
}

/**
 * Options for `describe` or `it`: skip when one of the fixtures is missing, recording which in the
 * test's meta for the summary line. Under `REQUIRE_SHARED=1` nothing is skipped: reading the
 * missing file then fails the test with a message naming it.
 */
export function needsShared(...fixtures: SharedFixture[]): TestOptions {
  const missing = fixtures.filter((fixture) => !fixture.available).map((fixture) => fixture.sharedPath);
  if (missing.length === 0 || REQUIRE_SHARED) return {};
  return { skip: true, meta: { missingSharedFixtures: missing } };
}
