/**
 * One measurement window: /proc snapshots at both ends give the CPU of the measured processes (ours: the
 * server and its ffmpeg children; baseline: the bare remuxers), of the fleet apart, of this benchmark
 * process (its HTTP viewers), and of the whole machine (how busy other users kept it).
 */
import {
  CLOCK_TICKS,
  PAGE_SIZE,
  pssBytes,
  readCpuTotals,
  rssBytes,
  snapshotProcesses,
  ticksBetween,
  type ProcSnapshot,
} from './proc-stat.ts'
import { percentOfCore } from './stats.ts'

export interface WindowSample {
  cpuPercentOfCore: number
  /** Ours: the server's own Node process, the part of `cpuPercentOfCore` that is not ffmpeg. */
  serverCpuPercentOfCore: number
  rssBytes: number
  pssBytes: number
  fleetCpuPercentOfCore: number
  benchCpuPercentOfCore: number
  machineBusyPercent: number
}

/** Which PIDs count, decided on the snapshot at the window's end (children may have come and gone). */
export type PickProcesses = (snapshot: ProcSnapshot) => { measured: number[]; fleet: number[]; server: number[] }

export async function measureWindow(seconds: number, pick: PickProcesses): Promise<WindowSample> {
  const before = snapshotProcesses()
  const machineBefore = readCpuTotals()
  const benchBefore = process.cpuUsage()
  const started = performance.now()
  await new Promise((done) => setTimeout(done, seconds * 1000))
  const after = snapshotProcesses()
  const machineAfter = readCpuTotals()
  const bench = process.cpuUsage(benchBefore)
  const wall = (performance.now() - started) / 1000
  const { measured, fleet, server } = pick(after)
  const machineTotal = machineAfter.total - machineBefore.total
  return {
    cpuPercentOfCore: percentOfCore(ticksBetween(before, after, measured) / CLOCK_TICKS, wall),
    serverCpuPercentOfCore: percentOfCore(ticksBetween(before, after, server) / CLOCK_TICKS, wall),
    rssBytes: rssBytes(after, measured, PAGE_SIZE),
    pssBytes: pssBytes(measured),
    fleetCpuPercentOfCore: percentOfCore(ticksBetween(before, after, fleet) / CLOCK_TICKS, wall),
    benchCpuPercentOfCore: percentOfCore((bench.user + bench.system) / 1e6, wall),
    machineBusyPercent: machineTotal > 0 ? ((machineAfter.busy - machineBefore.busy) / machineTotal) * 100 : 0,
  }
}
