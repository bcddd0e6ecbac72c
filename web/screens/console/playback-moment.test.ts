import { describe, expect, it } from 'vitest'
import { recordedMomentNear } from './playback-moment.ts'

const T = Date.parse('2026-12-03T10:00:00Z')
const ranges = [
  { startMs: T, endMs: T + 600_000 },
  { startMs: T + 900_000, endMs: T + 1_200_000 },
]

describe('where playback starts', () => {
  it('at the moment wanted when it is recorded', () => {
    expect(recordedMomentNear(ranges, T + 60_000)).toBe(T + 60_000)
  })

  it('in a gap, 30 s before the end of the recording before it', () => {
    expect(recordedMomentNear(ranges, T + 700_000)).toBe(T + 570_000)
  })

  it('before every recording, at the oldest; with nothing recorded, nowhere', () => {
    expect(recordedMomentNear(ranges, T - 1)).toBe(T)
    expect(recordedMomentNear([], T)).toBeNull()
  })
})
