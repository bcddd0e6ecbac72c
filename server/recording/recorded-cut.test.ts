import { describe, expect, it } from 'vitest'
import { cutRecording, type CutFile } from './recorded-cut.ts'

// Files of 4 pieces of 1 s each, 100 bytes an init and 10 bytes a piece; a keyframe every other second.
const file = (path: string, startMs: number, newRun: boolean): CutFile => ({
  path,
  startMs,
  endMs: startMs + 4000,
  newRun,
  initBytes: 100,
  pieces: [
    [10, 1000, 1],
    [10, 1000, 0],
    [10, 1000, 1],
    [10, 1000, 0],
  ],
})

describe('cutRecording', () => {
  it('starts at the keyframe at or before the start and ends with the piece that holds the end', () => {
    expect(cutRecording([file('/a', 0, true)], 1500, 2500)).toEqual([
      {
        startMs: 0,
        endMs: 3000,
        spans: [
          { path: '/a', start: 0, end: 100 },
          { path: '/a', start: 100, end: 130 },
        ],
        bytes: 130,
      },
    ])
  })

  it('joins files that continue each other into one run with one init', () => {
    const runs = cutRecording([file('/b', 4000, false), file('/a', 0, true)], 2500, 5500)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ startMs: 2000, endMs: 6000, bytes: 100 + 20 + 20 })
    expect(runs[0]!.spans).toEqual([
      { path: '/a', start: 0, end: 100 },
      { path: '/a', start: 120, end: 140 },
      { path: '/b', start: 100, end: 120 },
    ])
  })

  it('a new stream run or a gap starts a run of its own, with its own init', () => {
    const runs = cutRecording([file('/a', 0, true), file('/b', 4000, true), file('/c', 20_000, false)], 0, 30_000)
    expect(runs.map((run) => [run.startMs, run.endMs, run.spans[0]])).toEqual([
      [0, 4000, { path: '/a', start: 0, end: 100 }],
      [4000, 8000, { path: '/b', start: 0, end: 100 }],
      [20_000, 24_000, { path: '/c', start: 0, end: 100 }],
    ])
  })

  it('a file being written keeps its fallback path on its spans', () => {
    const open = { ...file('/a.part', 0, true), fallbackPath: '/a' }
    expect(cutRecording([open], 0, 1000)[0]!.spans[0]).toEqual({
      path: '/a.part',
      fallbackPath: '/a',
      start: 0,
      end: 100,
    })
  })

  it('nothing recorded in the range gives no runs', () => {
    expect(cutRecording([file('/a', 0, true)], 5000, 9000)).toEqual([])
  })
})
