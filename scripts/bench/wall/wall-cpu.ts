/**
 * What the wall costs the kiosk PC's processor: CPU time of the wall page's renderer and of Chromium's whole
 * tree (browser, GPU compositing in software, network, utilities) over the measured run, in percent of one
 * core. Read from /proc at the run's start and end; a process that ended meanwhile is not counted.
 */
import { CLOCK_TICKS, snapshotProcesses, ticksBetween, treeOf, type ProcSnapshot } from '../media/proc-stat.ts'

export interface KioskCpu {
  seconds: number
  /** The wall page's renderer, or null when it was not found (or was replaced) by the end. */
  rendererPctOfCore: number | null
  chromiumPctOfCore: number
}

export interface CpuMark {
  atMs: number
  processes: ProcSnapshot
  rendererPid: number | null
}

export function markCpu(rendererPid: number | null, atMs = Date.now()): CpuMark {
  return { atMs, processes: snapshotProcesses(), rendererPid }
}

/** Pure over the two marks: `ticksPerSecond` is the kernel's clock tick rate. */
export function kioskCpu(from: CpuMark, to: CpuMark, browserPid: number, ticksPerSecond = CLOCK_TICKS): KioskCpu {
  const seconds = (to.atMs - from.atMs) / 1000
  const share = (ticks: number): number => (seconds > 0 ? (ticks / ticksPerSecond / seconds) * 100 : 0)
  const renderer = from.rendererPid
  const rendererKept =
    renderer !== null &&
    from.processes.get(renderer)?.startTime !== undefined &&
    from.processes.get(renderer)?.startTime === to.processes.get(renderer)?.startTime
  return {
    seconds,
    rendererPctOfCore: rendererKept ? share(ticksBetween(from.processes, to.processes, [renderer])) : null,
    chromiumPctOfCore: share(ticksBetween(from.processes, to.processes, treeOf(to.processes, browserPid))),
  }
}
