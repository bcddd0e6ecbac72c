import { afterEach, describe, expect, it, vi } from 'vitest'
import { Waiters, type WaitOutcome } from './waiters.ts'

afterEach(() => vi.useRealTimers())

describe('Waiters', () => {
  it('answers at once when the condition already holds, and gone after close', async () => {
    const waiters = new Waiters()
    expect(await waiters.wait(() => true, 1000)).toBe('ready')
    waiters.close()
    expect(await waiters.wait(() => false, 1000)).toBe('gone')
  })

  it('resolves every waiter whose condition holds in one notify, keeping the others', async () => {
    const waiters = new Waiters()
    let part = 0
    const outcomes: Array<[number, WaitOutcome]> = []
    for (const wanted of [1, 1, 2])
      void waiters.wait(() => part >= wanted, 60_000).then((o) => outcomes.push([wanted, o]))
    part = 1
    waiters.notify()
    await Promise.resolve()
    expect(outcomes).toEqual([
      [1, 'ready'],
      [1, 'ready'],
    ])
    expect(waiters.count).toBe(1)
    waiters.close()
    await Promise.resolve()
    expect(outcomes.at(-1)).toEqual([2, 'gone'])
    expect(waiters.count).toBe(0)
  })

  it('times waiters out by their own deadlines with one timer for the whole list', async () => {
    vi.useFakeTimers()
    const waiters = new Waiters()
    const outcomes: string[] = []
    void waiters.wait(() => false, 3000).then((o) => outcomes.push(`late ${o}`))
    void waiters.wait(() => false, 1000).then((o) => outcomes.push(`early ${o}`))
    void waiters.wait(() => false, 2000).then((o) => outcomes.push(`middle ${o}`))
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(outcomes).toEqual(['early timeout'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(outcomes).toEqual(['early timeout', 'middle timeout'])
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(outcomes).toEqual(['early timeout', 'middle timeout', 'late timeout'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('leaves no timer behind once every waiter is ready', async () => {
    vi.useFakeTimers()
    const waiters = new Waiters()
    let ready = false
    const outcome = waiters.wait(() => ready, 5000)
    ready = true
    waiters.notify()
    expect(await outcome).toBe('ready')
    expect(vi.getTimerCount()).toBe(0)
  })
})
