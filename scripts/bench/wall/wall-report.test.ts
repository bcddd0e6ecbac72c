import { describe, expect, it } from 'vitest'
import {
  dayPhrase,
  evaluateWallTargets,
  median,
  memoryWindows,
  summarizeMemory,
  wallHumanLine,
  cpuPhrase,
  worstTile,
  type MemorySample,
} from './wall-report.ts'

const sample = (minute: number, renderer: number, heap: number): MemorySample => ({
  minute,
  rendererRssBytes: renderer,
  treeRssBytes: renderer * 2,
  jsHeapUsedBytes: heap,
  domNodes: 1000,
})

describe('summarizeMemory', () => {
  it('takes the first and last eighth as windows: minutes 1-7 and 53-60 of an hour, hours 1 and 8 of a day', () => {
    expect(memoryWindows(60)).toEqual({ first: [1, 7], last: [53, 60] })
    expect(memoryWindows(480)).toEqual({ first: [1, 60], last: [421, 480] })
    expect(memoryWindows(12)).toEqual({ first: [1, 1], last: [11, 12] })
    expect(memoryWindows(3)).toEqual({ first: [1, 1], last: [3, 3] })
  })

  it('the median is the middle value, or the mean of the middle two', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })

  it('measures growth between the medians of the windows, so one stray sample at either end does not count', () => {
    // Minutes 1-7 hover at 100 with a spike at minute 7; minutes 53-60 at 105 with a dip at minute 60.
    const samples = Array.from({ length: 60 }, (_, i) => {
      const minute = i + 1
      const renderer = minute === 7 ? 400 : minute === 60 ? 10 : minute <= 30 ? 100 : 105
      return sample(minute, renderer, renderer / 2)
    })
    const summary = summarizeMemory(samples, 60)
    expect(summary.firstWindow).toEqual({
      fromMinute: 1,
      toMinute: 7,
      samples: 7,
      rendererRssMedianBytes: 100,
      jsHeapMedianBytes: 50,
    })
    expect(summary.lastWindow).toMatchObject({ fromMinute: 53, toMinute: 60, samples: 8 })
    expect(summary.lastWindow.rendererRssMedianBytes).toBe(105)
    expect(summary.rendererGrowthPct).toBeCloseTo(5)
    expect(summary.jsHeapGrowthPct).toBeCloseTo(5)
    expect([summary.start?.minute, summary.middle?.minute, summary.end?.minute]).toEqual([1, 30, 60])
  })

  it('counts hour 8 against hour 1 of an 8-hour run, not the minutes around them', () => {
    // Hour 1 at 100, hours 2-7 at 300, hour 8 at 110: +10 %, not the +200 % of the middle hours.
    const samples = Array.from({ length: 480 }, (_, i) => {
      const renderer = i < 60 ? 100 : i < 420 ? 300 : 110
      return sample(i + 1, renderer, renderer)
    })
    const summary = summarizeMemory(samples, 480)
    expect(summary.firstWindow.samples).toBe(60)
    expect(summary.lastWindow.samples).toBe(60)
    expect(summary.rendererGrowthPct).toBeCloseTo(10)
  })

  it('reports no growth without samples, which misses the target', () => {
    const summary = summarizeMemory([], 2)
    expect(summary.rendererGrowthPct).toBeNull()
    expect(evaluateWallTargets(4000, summary, true)).toEqual({
      firstFullPaint: true,
      memoryGrowth: false,
      noManualAction: true,
    })
  })

  it('the human line gives memory at start, middle and end, and the tile that dropped the most', () => {
    const memory = summarizeMemory(
      [sample(1, 2 ** 20, 2 ** 20), sample(2, 2 * 2 ** 20, 2 ** 20), sample(3, 3 * 2 ** 20, 2 ** 20)],
      3,
    )
    const quality = [
      { camera: 'cam-0001', dropped: 5, total: 100 },
      { camera: 'cam-0002', dropped: 9, total: 30 },
      { camera: 'cam-0003', dropped: 0, total: 0 },
    ]
    const line = wallHumanLine({
      minutes: 3,
      firstFullPaintMs: 4200,
      tiles: 3,
      memory,
      cpu: { seconds: 180, rendererPctOfCore: 23.4, chromiumPctOfCore: 41.2 },
      droppedFrames: 14,
      totalFrames: 130,
      worstTile: worstTile(quality),
      degradedCleared: 0,
      targets: evaluateWallTargets(4200, memory, true),
    })
    expect(line).toContain(
      'renderer 1 MiB -> 2 MiB -> 3 MiB (start, middle, end), JS heap 1.0 MiB -> 1.0 MiB -> 1.0 MiB;',
    )
    expect(line).toContain(
      'median of minute 3 (1 sample) against minute 1 (1 sample): renderer 1 MiB -> 3 MiB (+200.0%), JS heap 1.0 MiB -> 1.0 MiB (+0.0%)',
    )
    expect(line).toContain(
      "Chromium 41% of a core (the wall's renderer 23%); frames dropped 14/130 (worst tile cam-0002: 9/30)",
    )
    expect(cpuPhrase(null)).toBe('Chromium CPU -')
    expect(cpuPhrase({ seconds: 60, rendererPctOfCore: null, chromiumPctOfCore: 12 })).toBe(
      "Chromium 12% of a core (the wall's renderer -)",
    )
    expect(line).toMatch(/manual actions 0 \(ok\); idle \(no working day\)$/)
    expect(worstTile([])).toBeUndefined()
  })

  it('says how much of the working day was done', () => {
    const counts = { report: 120, step: 700, 'push-camera': 22, 'push-incident': 10, clear: 8, 'camera-offline': 16 }
    const day = { planned: counts, done: { ...counts, step: 698 }, failed: 2, failures: ['step close: HTTP 409'] }
    expect(dayPhrase(day)).toBe(
      'working day: reports 120/120, loop steps 698/700, pushes 22/22 cameras + 10/10 incidents, clears 8/8, ' +
        'camera drops 16/16 (off and on), 2 failed',
    )
  })
})
