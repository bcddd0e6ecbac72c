import { defineConfig } from 'vitest/config'

// Integration tests start real servers, ffmpeg and Chromium and spend much of their time waiting on real
// media time (a GOP, a tour's dwell), so three files at a time keep a 2-core machine busy without starving
// any of them: the suite passes with one core taken by another process (`scripts/stress-test-suite.sh`).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['server/testing/global-setup.ts'],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 3,
    // Generous: integration tests start servers, ffmpeg and Chromium, and a shared 2-core machine can be slow.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its ceiling is for a slow machine, not a speed limit (default 1 s).
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
})
