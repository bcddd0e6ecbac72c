/**
 * Requests held until something exists (blocking playlist reload, the preload-hinted part, the first
 * segment). Each waiter has a condition, re-checked when the stream changes (notify), and a deadline; close()
 * answers them all at once, so a stopped stream never leaves an HTTP request hanging.
 *
 * One list and one timer per stream, not one timer per request: dozens of viewers each hold a request most
 * of the time, and every part resolves them together. The timer is armed for the earliest deadline only.
 */

export type WaitOutcome = 'ready' | 'timeout' | 'gone'

interface Waiter {
  ready: () => boolean
  deadline: number
  resolve: (outcome: WaitOutcome) => void
}

export class Waiters {
  private waiting: Waiter[] = []
  private closed = false
  private timer: NodeJS.Timeout | undefined
  private timerAt = Infinity

  constructor(private readonly now: () => number = Date.now) {}

  get count(): number {
    return this.waiting.length
  }

  wait(ready: () => boolean, timeoutMs: number): Promise<WaitOutcome> {
    if (this.closed) return Promise.resolve('gone')
    if (ready()) return Promise.resolve('ready')
    return new Promise((resolve) => {
      const deadline = this.now() + Math.max(0, timeoutMs)
      this.waiting.push({ ready, deadline, resolve })
      if (deadline < this.timerAt) this.arm(deadline)
    })
  }

  /** Re-checks every waiter; call after each change to the stream. */
  notify(): void {
    if (this.waiting.length === 0) return
    this.settleWhere((waiter) => waiter.ready(), 'ready')
  }

  close(): void {
    this.closed = true
    this.settleWhere(() => true, 'gone')
  }

  private settleWhere(test: (waiter: Waiter) => boolean, outcome: WaitOutcome): void {
    const settled: Waiter[] = []
    const kept: Waiter[] = []
    for (const waiter of this.waiting) (test(waiter) ? settled : kept).push(waiter)
    if (settled.length === 0) return
    this.waiting = kept
    for (const waiter of settled) waiter.resolve(outcome)
    if (kept.length === 0) this.disarm()
  }

  private arm(at: number): void {
    this.disarm()
    this.timerAt = at
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.now()))
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
  }

  private expire(): void {
    this.timer = undefined
    this.timerAt = Infinity
    const now = this.now()
    this.settleWhere((waiter) => waiter.deadline <= now, 'timeout')
    let earliest = Infinity
    for (const waiter of this.waiting) earliest = Math.min(earliest, waiter.deadline)
    if (earliest < Infinity) this.arm(earliest)
  }
}
