import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pagesOf } from './layout-model.ts'
import { TourEngine, type TourClock } from './tour-engine.ts'

const clock: TourClock = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

const twelve = Array.from({ length: 12 }, (_, i) => `cam-${i + 1}`)

describe('TourEngine', () => {
  let shown: number[]
  let prefetched: Array<{ index: number; at: number; ids: string[] }>
  let finished: boolean[]
  let start: number

  beforeEach(() => {
    vi.useFakeTimers()
    shown = []
    prefetched = []
    finished = []
    start = Date.now()
  })
  afterEach(() => vi.useRealTimers())

  function engine(ids = twelve, dwellMs = 10_000, prefetch = true): TourEngine {
    return new TourEngine(
      pagesOf(ids, '4'),
      clock,
      {
        page: (index) => shown.push(index),
        prefetch: (index, ids) => prefetched.push({ index, at: Date.now() - start, ids }),
        finished: (completed) => finished.push(completed),
      },
      { dwellMs, prefetch },
    )
  }

  it('shows each page for its dwell, then finishes completed', () => {
    const tour = engine()
    tour.start()
    expect(shown).toEqual([0])
    vi.advanceTimersByTime(9_999)
    expect(shown).toEqual([0])
    vi.advanceTimersByTime(1)
    expect(shown).toEqual([0, 1])
    vi.advanceTimersByTime(20_000)
    expect(shown).toEqual([0, 1, 2])
    expect(finished).toEqual([true])
    expect(tour.phase).toBe('finished')
  })

  it('prefetches the next page 2 s before the switch, never after the last page', () => {
    engine().start()
    vi.advanceTimersByTime(30_000)
    expect(prefetched).toEqual([
      { index: 1, at: 8_000, ids: ['cam-5', 'cam-6', 'cam-7', 'cam-8'] },
      { index: 2, at: 18_000, ids: ['cam-9', 'cam-10', 'cam-11', 'cam-12'] },
    ])
  })

  it('with prefetch off, pages switch on time and none is prefetched', () => {
    const tour = engine(twelve, 10_000, false)
    tour.start()
    vi.advanceTimersByTime(30_000)
    expect(shown).toEqual([0, 1, 2])
    expect(prefetched).toEqual([])
    expect(finished).toEqual([true])
  })

  it('a dwell shorter than the lead prefetches as soon as the page shows', () => {
    engine(twelve, 1_500).start()
    vi.advanceTimersByTime(0)
    expect(prefetched[0]).toMatchObject({ index: 1, at: 0 })
  })

  it('a last page with empty tiles prefetches only its cameras', () => {
    engine(twelve.slice(0, 5)).start()
    vi.advanceTimersByTime(8_000)
    expect(prefetched[0]?.ids).toEqual(['cam-5'])
  })

  it('pause keeps the page and the remaining dwell; resume continues from there', () => {
    const tour = engine()
    tour.start()
    vi.advanceTimersByTime(4_000)
    tour.pause()
    expect(tour.phase).toBe('paused')
    expect(tour.pauseReason).toBe('operator')
    vi.advanceTimersByTime(60_000)
    expect(shown).toEqual([0])
    expect(prefetched).toEqual([])
    tour.resume()
    expect(tour.remainingMs).toBe(6_000)
    vi.advanceTimersByTime(4_000)
    expect(prefetched.map((p) => p.index)).toEqual([1])
    vi.advanceTimersByTime(2_000)
    expect(shown).toEqual([0, 1])
  })

  it('an interaction with a tile pauses with its own reason; toggle resumes', () => {
    const tour = engine()
    tour.start()
    tour.pause('interaction')
    expect(tour.pauseReason).toBe('interaction')
    tour.toggle()
    expect(tour.phase).toBe('running')
    tour.toggle()
    expect(tour.pauseReason).toBe('operator')
  })

  it('next and previous move at once and restart the dwell; a paused tour stays paused', () => {
    const tour = engine()
    tour.start()
    vi.advanceTimersByTime(5_000)
    tour.next()
    expect(shown).toEqual([0, 1])
    vi.advanceTimersByTime(9_000)
    expect(shown).toEqual([0, 1])
    tour.pause()
    tour.previous()
    expect(shown).toEqual([0, 1, 0])
    vi.advanceTimersByTime(30_000)
    expect(shown).toEqual([0, 1, 0])
    tour.previous()
    expect(shown).toEqual([0, 1, 0])
  })

  it('stopping early finishes not completed', () => {
    const tour = engine()
    tour.start()
    vi.advanceTimersByTime(10_000)
    tour.stop()
    expect(finished).toEqual([false])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('skipping a page before it was seen leaves the tour not completed', () => {
    const tour = engine()
    tour.start()
    vi.advanceTimersByTime(10_000)
    tour.next()
    tour.next()
    expect(finished).toEqual([false])
  })

  it('pages moved past after a few seconds on screen count as seen', () => {
    const tour = engine()
    tour.start()
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(3_000)
      tour.next()
    }
    expect(finished).toEqual([true])
  })

  it('an empty tour finishes at once, not completed', () => {
    engine([]).start()
    expect(finished).toEqual([false])
  })
})
