import { describe, expect, it } from 'vitest'
import type { MemorySample } from './memory-run.ts'
import { evaluateTargets, humanLine, summarize, type ConsoleRaw } from './report.ts'

const MiB = 2 ** 20
const memorySample = (minute: number, heapMiB: number, rendererMiB: number): MemorySample => ({
  minute,
  usedBytes: heapMiB * MiB,
  nodes: 900,
  listeners: 120,
  documents: 1,
  rendererRssBytes: rendererMiB * MiB,
  rendererPid: 7,
  treeRssBytes: rendererMiB * 2 * MiB,
  tilesPlaying: 16,
})
const composition = (minute: number, codeMiB: number, otherMiB: number) => ({
  minute,
  codeBytes: codeMiB * MiB,
  otherBytes: otherMiB * MiB,
  totalBytes: (codeMiB + otherMiB) * MiB,
  byType: {},
})
const mode = (pageFrameMs: number[]) => ({
  pageFrameMs,
  pageAdvanceMs: pageFrameMs.map((m) => m + 40),
  tileFrameMs: pageFrameMs,
  failures: [],
})

const raw: ConsoleRaw = {
  layout: {
    coldMs: [3100, 2900, 3600],
    coldFirstFrameMs: [2500, 2400, 2600],
    warmMs: [1200, 1100, 1300],
    warmFirstFrameMs: [900, 800, 1000],
    failures: [],
  },
  tours: { prefetch: mode([420, 380, 610]), noPrefetch: mode([1900, 2100, 2000]) },
  memory: {
    samples: [memorySample(1, 20, 300), memorySample(2, 21, 310), memorySample(30, 22, 330)],
    compositions: [],
    tourStarts: 30,
    failures: [],
    devtools: 'detached',
  },
}

describe('console benchmark report', () => {
  it('takes medians, the prefetch saving and the memory growth from minute 1 to the last sample', () => {
    const summary = summarize(raw) as Record<string, Record<string, unknown>>
    expect(summary['layout16']).toMatchObject({ coldAllPlayingMs: 3100, warmAllPlayingMs: 1200, runs: 3 })
    expect(summary['tourSwitch']).toMatchObject({
      prefetch: { pageFirstFrameMs: 420, pages: 3 },
      noPrefetch: { pageFirstFrameMs: 2000 },
      prefetchSaving: 0.79,
    })
    expect(summary['memory']).toMatchObject({
      first: { minute: 1, heapMiB: 20 },
      last: { minute: 30, heapMiB: 22 },
      heapGrowth: 0.1,
      rendererRssGrowth: 0.1,
    })
  })

  it("each end is the median of its minute's readings: one low reading at minute 1 does not make a growth", () => {
    const memory = {
      samples: [
        memorySample(1, 6.8, 286),
        memorySample(1, 7.5, 290),
        memorySample(1, 7.4, 288),
        memorySample(2, 9, 300),
        memorySample(30, 7.9, 297),
        memorySample(30, 7.6, 299),
        memorySample(30, 8.1, 296),
      ],
      compositions: [composition(1, 3.7, 2.77), composition(30, 4.6, 2.8)],
      tourStarts: 30,
      failures: [],
      devtools: 'detached' as const,
    }
    const summary = summarize({ layout: null, tours: null, memory }) as Record<string, Record<string, unknown>>
    expect(summary['memory']).toMatchObject({
      first: { minute: 1, readings: 3, heapMiB: 7.4, rendererRssMiB: 288 },
      last: { minute: 30, readings: 3, heapMiB: 7.9, rendererRssMiB: 297 },
      heapGrowth: 0.068,
    })
    expect(evaluateTargets({ layout: null, tours: null, memory })[0]).toMatchObject({ measured: 6.8, pass: true })
    // What the heap is made of, from the snapshots of both ends: reported beside the growth, not judged.
    expect(summary['memory']!['composition']).toEqual({
      firstMinute: 1,
      lastMinute: 30,
      firstCodeMiB: 3.7,
      lastCodeMiB: 4.6,
      firstOtherMiB: 2.8,
      lastOtherMiB: 2.8,
      codeGrowth: 0.243,
      otherGrowth: 0.011,
    })
    expect(humanLine({ layout: null, tours: null, memory }, [])).toContain(
      'heap 7.4 -> 7.9 MiB (+6.8%) [snapshots: compiled code 3.7 -> 4.6 MiB, other 2.8 -> 2.8 MiB]',
    )
  })

  it('judges each target, and says which were missed', () => {
    const targets = evaluateTargets(raw)
    expect(targets.map((t) => [t.measured, t.pass])).toEqual([
      [3100, true],
      [420, true],
      [10, true],
      [10, true],
    ])
    // With DevTools attached the renderer's growth is DevTools' own: reported, not judged.
    const attached: ConsoleRaw = { ...raw, memory: { ...raw.memory!, devtools: 'attached' } }
    expect(evaluateTargets(attached).at(-1)).toMatchObject({ measured: null, pass: null })
    const slow: ConsoleRaw = { ...raw, tours: { prefetch: mode([900]), noPrefetch: mode([2000]) } }
    const line = humanLine(slow, evaluateTargets(slow))
    expect(line).toContain('tour switch 900 ms with prefetch / 2000 ms without')
    expect(line).toContain('targets 3/4 met (missed: tour page switch to first frame, with prefetch (median page))')
  })

  it('a part not run is neither summarized nor judged; one that measured nothing is not passed', () => {
    const partial: ConsoleRaw = {
      layout: { coldMs: [], coldFirstFrameMs: [], warmMs: [], warmFirstFrameMs: [], failures: ['x'] },
      tours: null,
      memory: null,
    }
    expect(evaluateTargets(partial)).toEqual([
      { name: '16 tiles playing (cold, median)', limit: '<= 4000 ms', measured: null, pass: null },
    ])
    expect(humanLine(partial, evaluateTargets(partial))).toBe(
      'console bench: 16 tiles playing n/a cold / n/a warm; targets 0/1 met (1 not measured)',
    )
  })
})
