import { describe, expect, it } from 'vitest'
import { mediaTimeAt, wallTimeAt } from './vod-clock.ts'

const T = Date.parse('2026-12-03T10:00:00Z')
// Two seconds recorded, a 60 s gap, two seconds more: one media timeline of 4 s.
const fragments = [
  { start: 0, duration: 1, programDateTimeMs: T },
  { start: 1, duration: 1, programDateTimeMs: T + 1000 },
  { start: 2, duration: 1, programDateTimeMs: T + 62_000 },
  { start: 3, duration: 1, programDateTimeMs: T + 63_000 },
]

describe('wall clock and media time over a recording with a gap', () => {
  it.each([
    ['the first frame', 0, T],
    ['half a second into the second piece', 1.5, T + 1500],
    ['after the gap, the media time continues but the clock has jumped', 2.25, T + 62_250],
  ])('media time of %s', (_name, seconds, ms) => {
    expect(wallTimeAt(fragments, seconds)).toBe(ms)
    expect(mediaTimeAt(fragments, ms)).toBeCloseTo(seconds)
  })

  it('a moment in the gap plays from what comes after it', () => {
    expect(mediaTimeAt(fragments, T + 30_000)).toBe(2)
  })

  it('a moment outside the playlist has no media time: the player loads one around it', () => {
    expect(mediaTimeAt(fragments, T - 1)).toBeNull()
    expect(mediaTimeAt(fragments, T + 64_000)).toBeNull()
    expect(mediaTimeAt([], T)).toBeNull()
    expect(wallTimeAt([], 0)).toBeNull()
  })
})
