import { defineConfig } from 'vitest/config';

// Tests live under test/ and mirror the source tree; the root is the repository.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
    env: { TZ: 'UTC' },
  },
});
