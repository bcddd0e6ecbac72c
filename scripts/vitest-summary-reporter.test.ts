/**
 * The summary reporter on a real vitest run of three sample files: one passing (and one skipped test), one
 * with a failing test, and one whose beforeAll fails, so that its test is skipped and only the file fails.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

it('names each failed test and each file that failed outside its tests, then counts', async () => {
  const run = promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'scripts/testing/summary-reporter/vitest.config.ts',
    ],
    { cwd: ROOT },
  )
  const failed = await run.then(
    () => undefined,
    (error: { code: number; stdout: string }) => error,
  )
  expect(failed?.code).toBe(1)
  expect(failed!.stdout.trim().split('\n')).toEqual([
    'failed: scripts/testing/summary-reporter/fails.sample.ts > a group > fails',
    'failed: scripts/testing/summary-reporter/setup-fails.sample.ts',
    'tests: 2 passed, 2 failed, 2 skipped',
  ])
}, 60_000)
