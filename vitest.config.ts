import { defineConfig } from 'vitest/config'

// Integration tests start real servers, ffmpeg and Chromium: on a 2-core machine two files at a time is the
// most with which the suite passes while another process keeps one core busy (`scripts/stress-test-suite.sh`;
// with three, the wall's browser tests failed there: docs/decisions.md).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['server/testing/global-setup.ts'],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: integration tests start servers, ffmpeg and Chromium, and a shared 2-core machine can be slow.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its ceiling is for a slow machine, not a speed limit (default 1 s).
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
})
