import { describe, expect, it } from 'vitest'
import { evaluateWallTargets, summarizeMemory, wallHumanLine, worstTile, type MemorySample } from './wall-report.ts'

const sample = (minute: number, renderer: number, heap: number): MemorySample => ({
  minute,
  rendererRssBytes: renderer,
  treeRssBytes: renderer * 2,
  jsHeapUsedBytes: heap,
  domNodes: 1000,
})

describe('summarizeMemory', () => {
  it('measures growth from minute 1 in a short run', () => {
    const summary = summarizeMemory([sample(1, 100, 50), sample(2, 105, 51), sample(3, 110, 55)], 3)
    expect(summary.baselineMinute).toBe(1)
    expect(summary.middle?.minute).toBe(2)
    expect(summary.rendererGrowthPct).toBeCloseTo(10)
    expect(summary.jsHeapGrowthPct).toBeCloseTo(10)
  })

  it('measures growth from hour 1 of an 8-hour run, and from the same share of a shorter one', () => {
    const samples = Array.from({ length: 480 }, (_, i) => sample(i + 1, i < 59 ? 100 : 200, 50))
    const summary = summarizeMemory(samples, 480)
    expect(summary.baselineMinute).toBe(60)
    expect(summarizeMemory(samples.slice(0, 60), 60).baselineMinute).toBe(8)
    expect(summary.start?.minute).toBe(1)
    expect(summary.rendererGrowthPct).toBe(0)
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
      droppedFrames: 14,
      totalFrames: 130,
      worstTile: worstTile(quality),
      degradedCleared: 0,
      targets: evaluateWallTargets(4200, memory, true),
    })
    expect(line).toContain('renderer 1 MiB -> 2 MiB -> 3 MiB (start, middle, end; +200.0% from minute 1)')
    expect(line).toContain('frames dropped 14/130 (worst tile cam-0002: 9/30)')
    expect(worstTile([])).toBeUndefined()
  })
})
