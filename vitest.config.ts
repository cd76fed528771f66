import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Browser tests share one built site; running files in parallel would rebuild it per worker.
    fileParallelism: true,
  },
});
