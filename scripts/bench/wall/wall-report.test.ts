import { describe, expect, it } from 'vitest'
import { evaluateWallTargets, summarizeMemory, type MemorySample } from './wall-report.ts'

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

  it('measures growth from hour 1 once the run lasts two hours', () => {
    const samples = Array.from({ length: 180 }, (_, i) => sample(i + 1, i < 59 ? 100 : 200, 50))
    const summary = summarizeMemory(samples, 180)
    expect(summary.baselineMinute).toBe(60)
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
})
