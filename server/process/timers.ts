/** The clock and timers the supervisor uses, behind an interface so unit tests can drive time by hand. */
export interface TimerHandle {
  readonly id: number
}

export interface Timers {
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** Real timers, unref'd: a pending restart or kill never keeps the process alive on its own. */
export function realTimers(): Timers {
  const pending = new Map<number, NodeJS.Timeout>()
  let nextId = 1
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        callback()
      }, ms)
      timer.unref()
      pending.set(id, timer)
      return { id }
    },
    clearTimeout(handle) {
      const timer = pending.get(handle.id)
      if (timer) clearTimeout(timer)
      pending.delete(handle.id)
    },
  }
}

/**
 * Runs `task` every `intervalMs` (first run after one interval) without keeping the process alive, for
 * the server's periodic checks; returns the stop. A task that throws is reported and keeps its schedule.
 */
export function repeat(
  task: () => unknown,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
): () => void {
  const timer = setInterval(() => {
    try {
      const result = task()
      if (result instanceof Promise) result.catch(onError)
    } catch (error) {
      onError(error)
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
