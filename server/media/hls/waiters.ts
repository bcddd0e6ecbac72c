/**
 * Requests held until something exists (blocking playlist reload, the preload-hinted part, the first
 * segment). Each waiter has a condition re-checked whenever the stream changes, and a timeout; close()
 * answers them all at once, so a stopped stream never leaves an HTTP request hanging.
 */

export type WaitOutcome = 'ready' | 'timeout' | 'gone'

interface Waiter {
  ready: () => boolean
  settle: (outcome: WaitOutcome) => void
}

export class Waiters {
  private readonly waiting = new Set<Waiter>()
  private closed = false

  get count(): number {
    return this.waiting.size
  }

  wait(ready: () => boolean, timeoutMs: number): Promise<WaitOutcome> {
    if (this.closed) return Promise.resolve('gone')
    if (ready()) return Promise.resolve('ready')
    return new Promise((resolve) => {
      const waiter: Waiter = {
        ready,
        settle: (outcome) => {
          clearTimeout(timer)
          this.waiting.delete(waiter)
          resolve(outcome)
        },
      }
      const timer = setTimeout(() => waiter.settle('timeout'), Math.max(0, timeoutMs))
      this.waiting.add(waiter)
    })
  }

  /** Re-checks every waiter; call after each change to the stream. */
  notify(): void {
    for (const waiter of [...this.waiting]) if (waiter.ready()) waiter.settle('ready')
  }

  close(): void {
    this.closed = true
    for (const waiter of [...this.waiting]) waiter.settle('gone')
  }
}
