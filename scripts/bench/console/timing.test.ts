import { describe, expect, it } from 'vitest'
import { growth, layoutTiming, pageSwitchTimings, type VideoRecord } from './timing.ts'

const video = (cameraId: string, firstFrameAt: number | null, firstAdvanceAt: number | null): VideoRecord => ({
  cameraId,
  quality: 'sub',
  createdAt: 100,
  firstFrameAt,
  firstAdvanceAt,
})

describe('layoutTiming', () => {
  it('the layout plays when its slowest camera moves', () => {
    expect(layoutTiming([video('a', 900, 1000), video('b', 1500, 2200)], ['a', 'b'])).toEqual({
      allPlayingMs: 2200,
      allFirstFrameMs: 1500,
      missing: [],
    })
  })

  it('a camera reloaded by its tile counts at its earliest moving video', () => {
    expect(
      layoutTiming([video('a', 900, null), video('a', 3000, 3100), video('a', 4000, 4040)], ['a']).allPlayingMs,
    ).toBe(3100)
  })

  it('a camera that never moved leaves no figure and is named', () => {
    expect(layoutTiming([video('a', 900, 1000), video('b', 1200, null)], ['a', 'b', 'c'])).toEqual({
      allPlayingMs: null,
      allFirstFrameMs: null,
      missing: ['b', 'c'],
    })
  })
})

describe('pageSwitchTimings', () => {
  const pages = [
    ['a', 'b'],
    ['c', 'd'],
    ['e', null],
  ]
  const switches = [
    { at: 0, cameras: ['', ''] },
    { at: 50, cameras: ['a', 'b'] },
    { at: 6000, cameras: ['c', 'd'] },
    { at: 12000, cameras: ['e', ''] },
  ]
  const tiles = [
    { switchIndex: 1, cameraId: 'a', frameAt: 1500, advanceAt: 1540 },
    { switchIndex: 2, cameraId: 'c', frameAt: 6120, advanceAt: 6160 },
    { switchIndex: 2, cameraId: 'd', frameAt: 6300, advanceAt: 6340 },
    { switchIndex: 3, cameraId: 'e', frameAt: null, advanceAt: null },
  ]

  it('times every page after the first from its own switch; the slowest tile is the page', () => {
    expect(pageSwitchTimings(pages, switches, tiles)).toEqual([
      { page: 1, pageFrameMs: 300, pageAdvanceMs: 340, tileFrameMs: [120, 300] },
      { page: 2, pageFrameMs: null, pageAdvanceMs: null, tileFrameMs: [null] },
    ])
  })

  it('a page never switched to (the tour stopped) is left out', () => {
    expect(pageSwitchTimings(pages, switches.slice(0, 3), tiles).map((p) => p.page)).toEqual([1])
  })
})

describe('growth', () => {
  it.each([
    ['10% more', 100, 110, 0.1],
    ['less is negative', 100, 90, -0.1],
    ['no baseline', null, 90, null],
    ['a zero baseline', 0, 90, null],
  ])('%s', (_name, earlier, later, expected) => {
    const value = growth(earlier, later)
    if (expected === null) expect(value).toBeNull()
    else expect(value).toBeCloseTo(expected, 10)
  })
})
