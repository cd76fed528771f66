import { defineConfig } from 'vitest/config';

/**
 * Tests that build a whole site copy or start a Java checker: they run after all the others, on
 * their own, so that their CPU load does not slow the browser tests that time the pages' answers.
 */
const SITE_BUILDING_TESTS = ['tests/browser/base-path.test.ts', 'tests/browser/built-files.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: SITE_BUILDING_TESTS, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'site-builds', include: SITE_BUILDING_TESTS, sequence: { groupOrder: 1 } } },
    ],
  },
});
