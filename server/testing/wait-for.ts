/**
 * Waiting for a condition with a deadline. Tests wait for what they check, never for a fixed time: on a
 * loaded machine a test then only takes longer, it does not fail. The deadline is a ceiling for a stuck
 * condition, not a performance limit (figures belong in scripts/bench/).
 *
 * Uses the real `setTimeout`: under `vi.useFakeTimers()` advance the clock instead of polling.
 */

const STEP_MS = 50

type Attempt<T> = { done: true; value: T } | { done: false; error?: unknown }

/** Tries until done or past the deadline; one last try is made at the deadline, however slow each try is. */
async function poll<T>(attempt: () => Promise<Attempt<T>>, timeoutMs: number, stepMs: number): Promise<Attempt<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = await attempt()
    if (result.done || Date.now() >= deadline) return result
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
}

/**
 * Resolves with the first truthy value of `condition`. A condition that throws (a server still starting)
 * counts as not yet. At the deadline rejects with "timed out after N ms waiting for <what>" and the last
 * error, if any.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  what: string,
  stepMs = STEP_MS,
): Promise<NonNullable<T>> {
  const result = await poll<NonNullable<T>>(
    async () => {
      try {
        const value = await condition()
        return value ? { done: true, value } : { done: false }
      } catch (error) {
        return { done: false, error }
      }
    },
    timeoutMs,
    stepMs,
  )
  if (result.done) return result.value
  const last = result.error === undefined ? '' : ` (last error: ${String(result.error)})`
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`, { cause: result.error })
}

/**
 * Runs `assertion` until it passes. At the deadline rethrows its last failure, so the report shows the
 * assertion's own expected and received values.
 */
export async function eventually(
  assertion: () => void | Promise<void>,
  timeoutMs: number,
  stepMs = STEP_MS,
): Promise<void> {
  const result = await poll<void>(
    async () => {
      try {
        await assertion()
        return { done: true, value: undefined }
      } catch (error) {
        return { done: false, error }
      }
    },
    timeoutMs,
    stepMs,
  )
  if (!result.done) throw result.error
}

/** Whether `check` became true before the deadline, for tests that assert on the answer themselves. */
export async function waitUntil(check: () => boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const result = await poll<true>(
    async () => (check() ? { done: true, value: true } : { done: false }),
    timeoutMs,
    stepMs,
  )
  return result.done
}
