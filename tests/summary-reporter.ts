/**
 * Ends every test run with one plain line, `Tests: N passed, N failed[, N skipped]`, that any CI
 * can read whatever the runner; Vitest's own summary is kept above it. Just before it, when tests
 * were skipped because `../shared` is missing (see shared-fixtures.ts), one line says which and why.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** The shared files a skipped test lacked, from its own meta or that of an enclosing suite. */
function missingSharedFixtures(test: TestCase): string[] {
  for (let node: TestCase | TestCase['parent'] = test; ; node = node.parent) {
    const missing = node.meta().missingSharedFixtures;
    if (missing !== undefined) return missing;
    if (node.type === 'module') return [];
  }
}

function sharedSkipLine(skipped: ReadonlyArray<{ file: string; missing: string[] }>): string | null {
  if (skipped.length === 0) return null;
  const perFile = new Map<string, number>();
  for (const { file } of skipped) perFile.set(file, (perFile.get(file) ?? 0) + 1);
  const fixtures = [...new Set(skipped.flatMap((s) => s.missing))].sort();
  const files = [...perFile].map(([file, count]) => `${file} (${count})`).join(', ');
  return (
    `Skipped ${skipped.length} tests that read ../shared/, absent beside this clone ` +
    `(${fixtures.join(', ')}): ${files}. Set REQUIRE_SHARED=1 to make a missing file a failure.`
  );
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const sharedSkips: Array<{ file: string; missing: string[] }> = [];
    for (const testModule of testModules) {
      // A file that fails to load has no test cases: count it as a failure rather than nothing.
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) counts.failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          const missing = missingSharedFixtures(test);
          if (missing.length > 0) sharedSkips.push({ file: testModule.relativeModuleId, missing });
        }
      }
    }
    counts.failed += unhandledErrors.length;
    const skipLine = sharedSkipLine(sharedSkips);
    if (skipLine !== null) console.log(`\n${skipLine}`);
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
  }
}
