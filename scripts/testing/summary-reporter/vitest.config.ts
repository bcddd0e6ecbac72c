// Runs the three sample files with the summary reporter only (scripts/vitest-summary-reporter.test.ts).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.sample.ts'],
    reporters: ['../../vitest-summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 1,
  },
})
