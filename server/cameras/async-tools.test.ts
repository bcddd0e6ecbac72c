import { describe, expect, it, vi } from 'vitest'
import { DeadlineError, Limiter, SingleFlight, withDeadline } from './async-tools.ts'
import { classifyFailure } from './camera-failure.ts'

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms))

describe('bounding work against cameras', () => {
  it('a limiter never runs more than its concurrency, and releases a slot when a task fails', async () => {
    const limiter = new Limiter(3)
    let running = 0
    let peak = 0
    const task = (fail: boolean) =>
      limiter.run(async () => {
        running++
        peak = Math.max(peak, running)
        await tick()
        running--
        if (fail) throw new Error('no')
      })
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => task(i % 4 === 0)))
    expect(peak).toBe(3)
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5)
    expect(limiter.load).toEqual({ active: 0, queued: 0 })
  })

  it('single-flight gives concurrent callers one run, and runs again once it settled', async () => {
    const flight = new SingleFlight<string, number>()
    let runs = 0
    const work = () =>
      flight.run('cam', async () => {
        runs++
        await tick()
        return runs
      })
    expect(await Promise.all([work(), work(), work()])).toEqual([1, 1, 1])
    expect(await work()).toBe(2)
  })

  it('a deadline answers in time even when the work never does', async () => {
    vi.useFakeTimers()
    try {
      const answer = withDeadline(new Promise(() => undefined), 50, 'ONVIF GetProfiles')
      const settled = vi.fn()
      answer.then(settled, settled)
      await vi.advanceTimersByTimeAsync(49)
      expect(settled).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      expect(settled).toHaveBeenCalledOnce()
      await expect(answer).rejects.toThrow(new DeadlineError(50, 'ONVIF GetProfiles'))
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('classifying what went wrong with a camera', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code })
  it.each([
    ['a refused connection is unreachable', errno('ECONNREFUSED'), 'unreachable', 'ONVIF: connection refused'],
    [
      'a reset connection is unreachable',
      errno('ECONNRESET'),
      'unreachable',
      'ONVIF: connection closed without an answer',
    ],
    [
      "a socket error inside fetch's cause is unreachable",
      Object.assign(new TypeError('fetch failed'), { cause: errno('EHOSTUNREACH') }),
      'unreachable',
      'ONVIF: no route to the camera',
    ],
    [
      'a missed deadline is unreachable',
      new DeadlineError(3000, 'ONVIF GetProfiles'),
      'unreachable',
      'ONVIF: no answer within 3 s',
    ],
    [
      'a NotAuthorized SOAP fault is auth-failed',
      new Error('ONVIF SOAP Fault: Sender not Authorized'),
      'auth-failed',
      'ONVIF: the camera refused the configured user name or password',
    ],
    [
      'a rejected HTTP digest is auth-failed',
      new Error('Digest authentication failed 401'),
      'auth-failed',
      'ONVIF: the camera refused the configured user name or password',
    ],
    [
      'any other SOAP fault is offline',
      new Error('ONVIF SOAP Fault: No such profile'),
      'offline',
      'ONVIF: ONVIF SOAP Fault: No such profile',
    ],
    [
      'a URL with credentials in a message is masked',
      new Error('bad answer from rtsp://admin:pw@10.0.0.5/x'),
      'offline',
      'ONVIF: bad answer from rtsp://***@10.0.0.5/x',
    ],
  ] as const)('%s', (_name, error, kind, detail) => {
    const failure = classifyFailure(error, 'ONVIF')
    expect([failure.kind, failure.message]).toEqual([kind, detail])
  })
})
