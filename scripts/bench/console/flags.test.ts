import { describe, expect, it } from 'vitest'
import { DEFAULT_OPTIONS, parseConsoleFlags } from './flags.ts'

describe('console benchmark flags', () => {
  it('no flags give the full run: 5 cold opens, a 30-minute memory tour, every part', () => {
    expect(parseConsoleFlags([])).toEqual(DEFAULT_OPTIONS)
  })

  it('--quick shortens the memory tour to 3 minutes and the runs to a smoke test; --minutes still wins', () => {
    expect(parseConsoleFlags(['--quick'])).toMatchObject({ minutes: 3, layoutRuns: 2, tourRuns: 1, quick: true })
    expect(parseConsoleFlags(['--quick', '--minutes', '10']).minutes).toBe(10)
  })

  it('the memory tour runs with DevTools detached unless asked', () => {
    expect(parseConsoleFlags([]).memoryDevtools).toBe('detached')
    expect(parseConsoleFlags(['--memory-devtools', 'attached']).memoryDevtools).toBe('attached')
  })

  it('heap snapshots only when asked (they change the heap they measure)', () => {
    expect(parseConsoleFlags([]).heapSnapshots).toBe(false)
    expect(parseConsoleFlags(['--heap-snapshots']).heapSnapshots).toBe(true)
  })

  it('--only picks parts', () => {
    expect(parseConsoleFlags(['--only', 'tour,memory']).parts).toEqual({ layout: false, tour: true, memory: true })
  })

  it.each([
    ['a memory tour shorter than its first sample', ['--minutes', '1'], /--minutes needs a whole number from 2 to 240/],
    ['a fractional run count', ['--layout-runs', '2.5'], /--layout-runs/],
    ['a dwell below the server minimum', ['--tour-dwell-s', '2'], /--tour-dwell-s/],
    ['an unknown DevTools mode', ['--memory-devtools', 'off'], /--memory-devtools takes detached or attached/],
    ['an unknown part', ['--only', 'layout,cpu'], /--only takes layout, tour, memory/],
    ['an unknown flag', ['--fast'], /Unknown option/],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => parseConsoleFlags(argv)).toThrow(message)
  })
})
