import { describe, expect, it } from 'vitest'
import {
  evaluateTargets,
  humanLine,
  summarize,
  type LoadSamples,
  type RawResults,
  type StartSamples,
} from './report.ts'

const start = (s: Partial<StartSamples>): StartSamples => ({
  playlistMs: [],
  clickToPlayingMs: [],
  warmJoinMs: [],
  latencyS: [],
  pdtLatencyS: [],
  stalledAfterPlayingMs: [],
  failures: [],
  ...s,
})
const load = (s: Partial<LoadSamples>): LoadSamples => ({
  cpuPercentOfCore: [],
  serverCpuPercentOfCore: [],
  rssBytes: [],
  pssBytes: [],
  fleetCpuPercentOfCore: [],
  benchCpuPercentOfCore: [],
  machineBusyPercent: [],
  errors: 0,
  restarts: 0,
  notLive: 0,
  viewerRequests: 100,
  errorSamples: [],
  ...s,
})

const raw: RawResults = {
  cores: 2,
  starts: [
    {
      gopSeconds: 1,
      ours: start({
        playlistMs: [900, 1000, 1100],
        clickToPlayingMs: [1000, 1100, 1300],
        warmJoinMs: [200, 250],
        latencyS: [0.8, 0.9, 1.4],
        stalledAfterPlayingMs: [0, 12, 300],
      }),
      baseline: start({
        playlistMs: [1700],
        clickToPlayingMs: [2200],
        warmJoinMs: [500],
        latencyS: [2.5],
        stalledAfterPlayingMs: [0],
      }),
    },
    {
      gopSeconds: 2,
      ours: start({ clickToPlayingMs: [2500, 2600, 2300], warmJoinMs: [220] }),
      baseline: start({ clickToPlayingMs: [3100] }),
    },
  ],
  load: [
    {
      streams: 64,
      ours: load({
        cpuPercentOfCore: [80, 90, 70],
        serverCpuPercentOfCore: [30, 20, 40],
        rssBytes: [2 ** 30],
        pssBytes: [3 * 2 ** 28],
      }),
      baseline: load({ cpuPercentOfCore: [40, 45, 50], rssBytes: [2 ** 29], pssBytes: [2 ** 28] }),
    },
    { streams: 128, ours: load({ cpuPercentOfCore: [170], restarts: 1 }), baseline: load({ cpuPercentOfCore: [90] }) },
  ],
}

describe('benchmark report', () => {
  it('judges each target on the medians: GOP + 0.4 s (1.2 s for a 1 s GOP), 0.3 s warm, 1 s latency, half the machine at 64, CPU 1.6x and PSS 1.3x bare', () => {
    expect(evaluateTargets(raw).map((t) => [t.name, t.measured, t.pass])).toEqual([
      ['cold click->playing, 1 s GOP', 1.1, true],
      ['cold click->playing, 2 s GOP', 2.5, false],
      ['warm join', 0.22, true],
      ['hls.js latency', 0.9, true],
      ['64 streams, server + ffmpeg', 40, true],
      ['64 streams, CPU ours / bare', 1.78, false],
      ['128 streams, CPU ours / bare', 1.89, false],
      ['64 streams, PSS ours / bare', 3, false],
      ['128 streams, PSS ours / bare', null, null],
      ['128 streams without errors', 1, false],
    ])
  })

  it('a target whose part was not run is neither met nor missed', () => {
    const targets = evaluateTargets({ ...raw, load: [] })
    expect(targets.find((t) => t.name.startsWith('64'))?.pass).toBeNull()
  })

  it('reports ratios to bare ffmpeg per load level', () => {
    const summary = summarize(raw) as {
      load: Array<{ streams: number; cpuRatio: number; rssRatio: number; ours: { cpuPercentOfMachine: number } }>
    }
    expect(summary.load[0]).toMatchObject({
      streams: 64,
      cpuRatio: 1.78,
      rssRatio: 2,
      pssRatio: 3,
      ours: { cpuPercentOfMachine: 40, serverCpuPercentOfCore: 30, pssMiB: 768, pssMiBPerStream: 12 },
    })
  })

  it('counts the cold starts whose picture stood still after playing began for longer than a frame', () => {
    const summary = summarize(raw) as {
      starts: Array<{ ours: { stalledAfterPlayingS: number | null; coldStartsThatFroze: number } }>
    }
    // 0, 12 and 300 ms: the 12 ms wait at a part boundary shows no frame late.
    expect(summary.starts[0]!.ours).toMatchObject({ stalledAfterPlayingS: 0.012, coldStartsThatFroze: 1 })
    expect(summary.starts[1]!.ours).toMatchObject({ stalledAfterPlayingS: null, coldStartsThatFroze: 0 })
  })

  it('says it all in one line', () => {
    expect(humanLine(raw, evaluateTargets(raw))).toBe(
      'media bench: cold 1.10 s (1 s GOP) / 2.50 s (2 s GOP) vs bare 2.20 s / 3.10 s; first playlist 1.00/1.70 s, n/a/n/a (ours/bare); ' +
        'warm 0.22 s (bare 0.50 s); latency 0.90 s (bare 2.50 s); cold starts that froze over 40 ms after playing 1/3 (bare 0/1); 64 streams 40% of the machine (server process 15%; bare 23%, ratio 1.78), PSS ratio 3.00; ' +
        '128 streams 85% of the machine (server process n/a; bare 45%, ratio 1.89), PSS ratio n/a; 128 streams 0 errors, 1 restarts, 0 not live; ' +
        'targets 4/9 met (missed: cold click->playing, 2 s GOP; 64 streams, CPU ours / bare; 128 streams, CPU ours / bare; 64 streams, PSS ours / bare; 128 streams without errors)',
    )
  })
})
