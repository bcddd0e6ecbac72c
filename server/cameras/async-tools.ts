/**
 * Bounding asynchronous work against cameras: a limiter (at most N at once, the rest queue in order),
 * single-flight (concurrent callers for one key share one promise) and a hard deadline. 320 cameras at
 * start must not open 320 sockets at once, and a camera that never answers must not hold a slot forever.
 */

export class Limiter {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`concurrency must be a whole number >= 1, got ${concurrency}`)
  }

  /** Runs `task` once a slot is free; the slot is released however the task ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.active++
    try {
      return await task()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }

  /** Tasks running and queued now (for measurements and tests). */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length }
  }
}

/** Concurrent calls for the same key share the first caller's promise until it settles. */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>()

  run(key: K, task: () => Promise<V>): Promise<V> {
    const running = this.inFlight.get(key)
    if (running) return running
    const promise = task().finally(() => {
      this.inFlight.delete(key)
    })
    this.inFlight.set(key, promise)
    return promise
  }
}

export class DeadlineError extends Error {
  constructor(
    readonly ms: number,
    what: string,
  ) {
    super(`${what}: no answer within ${formatSeconds(ms)}`)
  }
}

export const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

/**
 * Rejects with a DeadlineError after `ms`. It does not cancel the work itself (pass an AbortSignal to the
 * work for that); it only stops waiting, so callers get a bounded answer.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms, what)), ms)
  })
  // A late rejection of the abandoned work must not become an unhandled rejection.
  work.catch(() => undefined)
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
