/**
 * Ends every test run with one plain line, `Tests: N passed, N failed[, N skipped]`, that any CI
 * can read whatever the runner; Vitest's own summary is kept above it. Just before it, when tests
 * were skipped because `../shared` is missing (see shared-fixtures.ts), or a program such as
 * LibreOffice (see support/libreoffice.ts), one line for each says which and why.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** What a skipped test lacked (shared files or programs), from its own meta or that of an enclosing suite. */
function missing(test: TestCase, key: 'missingSharedFixtures' | 'missingTools'): string[] {
  for (let node: TestCase | TestCase['parent'] = test; ; node = node.parent) {
    const lacked = node.meta()[key];
    if (lacked !== undefined) return lacked;
    if (node.type === 'module') return [];
  }
}

function perFile(skipped: ReadonlyArray<{ file: string }>): string {
  const counts = new Map<string, number>();
  for (const { file } of skipped) counts.set(file, (counts.get(file) ?? 0) + 1);
  return [...counts].map(([file, count]) => `${file} (${count})`).join(', ');
}

function sharedSkipLine(skipped: ReadonlyArray<{ file: string; missing: string[] }>): string | null {
  if (skipped.length === 0) return null;
  const fixtures = [...new Set(skipped.flatMap((s) => s.missing))].sort();
  return (
    `Skipped ${skipped.length} tests that read ../shared/, absent beside this clone ` +
    `(${fixtures.join(', ')}): ${perFile(skipped)}. Set REQUIRE_SHARED=1 to make a missing file a failure.`
  );
}

function toolSkipLine(skipped: ReadonlyArray<{ file: string; missing: string[] }>): string | null {
  if (skipped.length === 0) return null;
  const tools = [...new Set(skipped.flatMap((s) => s.missing))].sort();
  return `Skipped ${skipped.length} tests that need ${tools.join(', ')}, absent on this machine: ${perFile(skipped)}. Set REQUIRE_SHARED=1 to make it a failure.`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const sharedSkips: Array<{ file: string; missing: string[] }> = [];
    const toolSkips: Array<{ file: string; missing: string[] }> = [];
    for (const testModule of testModules) {
      // A file that fails to load, or whose setup (beforeAll) throws, has no failed test case of its
      // own: its tests are unrun or skipped. Count it as a failure rather than as nothing.
      if (testModule.state() === 'failed' && ![...testModule.children.allTests()].some((test) => test.result().state === 'failed')) counts.failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          const fixtures = missing(test, 'missingSharedFixtures');
          if (fixtures.length > 0) sharedSkips.push({ file: testModule.relativeModuleId, missing: fixtures });
          const tools = missing(test, 'missingTools');
          if (tools.length > 0) toolSkips.push({ file: testModule.relativeModuleId, missing: tools });
        }
      }
    }
    counts.failed += unhandledErrors.length;
    for (const line of [sharedSkipLine(sharedSkips), toolSkipLine(toolSkips)]) if (line !== null) console.log(`\n${line}`);
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
  }
}
