/**
 * CPU and memory from /proc: one pass over /proc/<pid>/stat gives every process's parent, CPU ticks
 * (utime + stime, the process's own, not its reaped children's) and RSS. Trees and deltas are computed
 * from such snapshots by pure functions, so a window's CPU is "ticks at the end minus ticks at the start"
 * for every process alive at the end (a process born inside the window counts from zero).
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcEntry {
  pid: number
  ppid: number
  /** utime + stime, in clock ticks. */
  ticks: number
  rssPages: number
  /** Start time in ticks since boot: tells a reused PID from the process we saw before. */
  startTime: number
}

export type ProcSnapshot = Map<number, ProcEntry>

/** Parses one /proc/<pid>/stat line; undefined if it is not one. */
export function parseProcStat(text: string): ProcEntry | undefined {
  // The command name may hold spaces and parentheses: the other fields resume after the last ')'.
  const close = text.lastIndexOf(')')
  if (close < 0) return undefined
  const pid = Number(text.slice(0, text.indexOf(' ')))
  // Fields from the 3rd (state) on; stat(5) numbers them from 1.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ')
  const field = (n: number): number => Number(fields[n - 3])
  const entry: ProcEntry = {
    pid,
    ppid: field(4),
    ticks: field(14) + field(15),
    rssPages: field(24),
    startTime: field(22),
  }
  return Object.values(entry).every(Number.isFinite) ? entry : undefined
}

export function snapshotProcesses(): ProcSnapshot {
  const snapshot: ProcSnapshot = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const entry = parseProcStat(readFileSync(`/proc/${name}/stat`, 'utf8'))
      if (entry) snapshot.set(entry.pid, entry)
    } catch {
      // Exited between the listing and the read.
    }
  }
  return snapshot
}

/** `root` and all its descendants in the snapshot, leaving out whole subtrees rooted at `exclude`. */
export function treeOf(snapshot: ProcSnapshot, root: number, exclude: ReadonlySet<number> = new Set()): number[] {
  if (!snapshot.has(root) || exclude.has(root)) return []
  const children = new Map<number, number[]>()
  for (const entry of snapshot.values()) {
    const list = children.get(entry.ppid) ?? []
    list.push(entry.pid)
    children.set(entry.ppid, list)
  }
  const found: number[] = []
  const queue = [root]
  // Bounded: each PID is visited once, and a snapshot holds finitely many.
  const seen = new Set<number>()
  while (queue.length > 0) {
    const pid = queue.shift()!
    if (seen.has(pid) || exclude.has(pid)) continue
    seen.add(pid)
    found.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return found
}

/** CPU ticks the given processes spent between two snapshots (each PID as alive in `after`). */
export function ticksBetween(before: ProcSnapshot, after: ProcSnapshot, pids: readonly number[]): number {
  let total = 0
  for (const pid of pids) {
    const end = after.get(pid)
    if (!end) continue
    const start = before.get(pid)
    total += start && start.startTime === end.startTime ? Math.max(0, end.ticks - start.ticks) : end.ticks
  }
  return total
}

/** Resident memory of the given processes in the snapshot, in bytes. */
export function rssBytes(snapshot: ProcSnapshot, pids: readonly number[], pageSize: number): number {
  let pages = 0
  for (const pid of pids) pages += snapshot.get(pid)?.rssPages ?? 0
  return pages * pageSize
}

/** Pss (kB) from /proc/<pid>/smaps_rollup, in bytes; undefined when the text has no Pss line. */
export function parsePss(smapsRollup: string): number | undefined {
  const match = /^Pss:\s+(\d+) kB$/m.exec(smapsRollup)
  return match ? Number(match[1]) * 1024 : undefined
}

/**
 * Proportional memory of the given processes, in bytes: each shared page counts as its share per process,
 * so N remuxers sharing one ffmpeg binary and its libraries count it once, not N times as RSS does.
 */
export function pssBytes(pids: readonly number[]): number {
  let total = 0
  for (const pid of pids) {
    try {
      total += parsePss(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')) ?? 0
    } catch {
      // The process ended between the snapshot and now: it holds nothing.
    }
  }
  return total
}

/** The machine's CPU time from the first line of /proc/stat: all ticks, and the busy ones (not idle or iowait). */
export function parseCpuTotals(procStat: string): { busy: number; total: number } | undefined {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '))
  if (!line) return undefined
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number)
  if (ticks.length < 5 || !ticks.every(Number.isFinite)) return undefined
  const total = ticks.reduce((a, b) => a + b, 0)
  return { busy: total - ticks[3]! - ticks[4]!, total }
}

export function readCpuTotals(): { busy: number; total: number } {
  return parseCpuTotals(readFileSync('/proc/stat', 'utf8')) ?? { busy: 0, total: 0 }
}

/** Commands that name a process (for telling the fleet from the restreamers). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 5000 }).trim())
    return Number.isFinite(value) && value > 0 ? value : fallback
  } catch {
    return fallback
  }
}

/** Clock ticks per second and the page size, asked once. */
export const CLOCK_TICKS = getconf('CLK_TCK', 100)
export const PAGE_SIZE = getconf('PAGESIZE', 4096)
