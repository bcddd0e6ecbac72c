import { describe, expect, it } from 'vitest'
import type { ProcEntry, ProcSnapshot } from '../media/proc-stat.ts'
import { kioskCpu } from './wall-cpu.ts'

const entry = (pid: number, ppid: number, ticks: number, startTime = 1): ProcEntry => ({
  pid,
  ppid,
  ticks,
  rssPages: 0,
  startTime,
})
const snapshot = (...entries: ProcEntry[]): ProcSnapshot => new Map(entries.map((e) => [e.pid, e]))

describe('kioskCpu', () => {
  it("gives the renderer's and the tree's CPU over the window in percent of a core", () => {
    // 100 ticks a second, 10 s: the renderer spent 300 ticks (30 %), the browser 100, a child born inside 50.
    const from = { atMs: 0, rendererPid: 11, processes: snapshot(entry(10, 1, 1000), entry(11, 10, 5000)) }
    const to = {
      atMs: 10_000,
      rendererPid: 11,
      processes: snapshot(entry(10, 1, 1100), entry(11, 10, 5300), entry(12, 10, 50), entry(99, 1, 9999)),
    }
    expect(kioskCpu(from, to, 10, 100)).toEqual({ seconds: 10, rendererPctOfCore: 30, chromiumPctOfCore: 45 })
  })

  it('gives no renderer figure when the renderer was replaced by one with the same PID', () => {
    const from = { atMs: 0, rendererPid: 11, processes: snapshot(entry(10, 1, 0), entry(11, 10, 500, 7)) }
    const to = { atMs: 1000, rendererPid: 11, processes: snapshot(entry(10, 1, 0), entry(11, 10, 20, 9)) }
    expect(kioskCpu(from, to, 10, 100).rendererPctOfCore).toBeNull()
    expect(kioskCpu(from, to, 10, 100).chromiumPctOfCore).toBe(20)
  })
})
