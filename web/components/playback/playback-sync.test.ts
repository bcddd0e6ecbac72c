import { describe, expect, it } from 'vitest'
import { driftCorrections, seeksFor } from './playback-sync.ts'

const T = Date.parse('2026-12-03T10:00:00Z')
const intersection = [
  { index: 0, playedMs: T },
  { index: 1, playedMs: T + 500 },
  { index: 2, playedMs: T - 5_000 },
  { index: 3, playedMs: null },
]

describe('synced playback', () => {
  it('unsynced, a seek moves only the tile it was made on', () => {
    expect(seeksFor(intersection, 1, T - 60_000, false)).toEqual([{ index: 1, atMs: T - 60_000 }])
  })

  it('synced, a seek on any tile moves all four cameras of the intersection to the same moment', () => {
    const seeks = seeksFor(intersection, 2, T - 60_000, true)
    expect(seeks.map((s) => s.index)).toEqual([0, 1, 2, 3])
    expect(new Set(seeks.map((s) => s.atMs))).toEqual(new Set([T - 60_000]))
  })

  it('a follower more than two seconds off the leader is put back; one within two seconds, or loading, is left', () => {
    expect(driftCorrections(intersection, 0, 50_000)).toEqual([{ index: 2, atMs: T }])
  })

  it('a follower put back less than ten seconds ago is left to land (or to play on after a gap it has)', () => {
    const corrected = intersection.map((tile) => (tile.index === 2 ? { ...tile, correctedAt: 45_000 } : tile))
    expect(driftCorrections(corrected, 0, 50_000)).toEqual([])
    expect(driftCorrections(corrected, 0, 55_000)).toEqual([{ index: 2, atMs: T }])
  })

  it('no corrections while the leader has no moment yet', () => {
    expect(driftCorrections(intersection, 3, 50_000)).toEqual([])
  })
})
