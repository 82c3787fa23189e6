import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests live under test/ and mirror the source tree; the root is the repository.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at once even on 2 cores (vitest's default there is one): most files wait on
    // child processes, DuckDB files and the broker more than they compute, and two at a time
    // took 60% of the wall time of one at a time on a quiet 2-core machine (three: no better).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/support/globalSetup.ts'],
    env: { TZ: 'UTC' },
  },
});
