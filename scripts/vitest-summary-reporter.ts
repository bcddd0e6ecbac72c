/**
 * Prints plain closing lines that CI and people can read without parsing vitest's coloured summary: one
 * `failed: <file> > <test>` line per failure (a file whose set-up failed counts once, by its file), then
 * `tests: N passed, N failed, N skipped`.
 */
import type { Reporter, TestModule } from 'vitest/node'

interface RunSummary {
  passed: number
  failed: number
  skipped: number
  /** `<file> > <test>` of each failed test, or `<file>` for a file that failed outside its tests. */
  failures: string[]
}

function summarise(testModules: ReadonlyArray<TestModule>): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, failures: [] }
  for (const module of testModules) {
    let failedHere = false
    for (const test of module.children.allTests()) {
      const state = test.result().state
      if (state === 'passed') summary.passed++
      else if (state === 'failed') {
        summary.failed++
        failedHere = true
        summary.failures.push(`${module.moduleId} > ${test.fullName}`)
      } else summary.skipped++
    }
    // A file that failed to load, or whose beforeAll failed (its tests are then skipped), has no failed test
    // to count, but it is a failure all the same.
    if (module.state() === 'failed' && !failedHere) {
      summary.failed++
      summary.failures.push(module.moduleId)
    }
  }
  summary.failures.sort()
  return summary
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const { passed, failed, skipped, failures } = summarise(testModules)
    const root = `${process.cwd()}/`
    const lines = failures.map((failure) => `failed: ${failure.replace(root, '')}`)
    process.stdout.write(
      `\n${lines.map((line) => `${line}\n`).join('')}tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    )
  }
}
