import { describe, expect, it } from 'vitest'
import {
  parseCpuTotals,
  parseProcStat,
  parsePss,
  pssBytes,
  rssBytes,
  ticksBetween,
  treeOf,
  type ProcEntry,
  type ProcSnapshot,
} from './proc-stat.ts'

// A real line's shape: a command with a space and a ')' in it, then fields 3.. (utime 14, stime 15, starttime 22, rss 24).
const line =
  '4242 (node (bench) x) S 100 4242 100 0 -1 4194560 500 0 0 0 70 30 0 0 20 0 11 0 123456 1000000 2500 18446744073709551615'

const snapshot = (entries: Array<Partial<ProcEntry> & { pid: number }>): ProcSnapshot =>
  new Map(entries.map((e) => [e.pid, { ppid: 1, ticks: 0, rssPages: 0, startTime: 1, ...e }]))

describe('/proc/<pid>/stat', () => {
  it('reads parent, utime + stime, start time and RSS past a command holding spaces and parentheses', () => {
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 100, ticks: 100, rssPages: 2500, startTime: 123456 })
  })

  it('refuses text that is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeUndefined()
  })
})

describe('process trees and CPU deltas', () => {
  // server 10 -> ffmpeg 11, ffmpeg 12, fleet 20 -> looper 21
  const before = snapshot([
    { pid: 10, ticks: 100 },
    { pid: 11, ppid: 10, ticks: 50 },
    { pid: 12, ppid: 10, ticks: 5 },
    { pid: 20, ppid: 10, ticks: 70 },
    { pid: 21, ppid: 20, ticks: 10 },
    { pid: 99, ppid: 1 },
  ])

  it('the server tree leaves out the fleet and its loopers', () => {
    expect(treeOf(before, 10, new Set([20])).sort()).toEqual([10, 11, 12])
    expect(treeOf(before, 20).sort()).toEqual([20, 21])
  })

  it('an unknown root is an empty tree', () => {
    expect(treeOf(before, 5)).toEqual([])
  })

  it('counts a process born in the window from zero, and a reused PID as new', () => {
    const after = snapshot([
      { pid: 10, ticks: 130 },
      { pid: 11, ppid: 10, ticks: 60 },
      { pid: 12, ppid: 10, ticks: 8, startTime: 999 },
      { pid: 13, ppid: 10, ticks: 4 },
    ])
    // 30 + 10 + 8 (reused 12) + 4 (new 13)
    expect(ticksBetween(before, after, [10, 11, 12, 13])).toBe(52)
  })

  it('sums resident pages into bytes', () => {
    expect(
      rssBytes(
        snapshot([
          { pid: 1, rssPages: 3 },
          { pid: 2, rssPages: 2 },
        ]),
        [1, 2, 3],
        4096,
      ),
    ).toBe(5 * 4096)
  })
})

describe('/proc/stat', () => {
  it('counts busy ticks as everything but idle and iowait (guest time is inside user already)', () => {
    expect(parseCpuTotals('cpu  100 5 50 800 20 1 4 0 7 0\ncpu0 50 2 25 400 10 0 2 0 0 0\n')).toEqual({
      busy: 160,
      total: 980,
    })
  })

  it('refuses text without the cpu line', () => {
    expect(parseCpuTotals('intr 1 2 3')).toBeUndefined()
  })
})

describe('/proc/<pid>/smaps_rollup', () => {
  it('reads Pss in bytes, not Pss_Anon or Rss', () => {
    const text = '5641-7ffc ---p 00000000 00:00 0 [rollup]\nRss:   1764 kB\nPss:   183 kB\nPss_Anon:  112 kB\n'
    expect(parsePss(text)).toBe(183 * 1024)
    expect(parsePss('Rss: 1 kB\n')).toBeUndefined()
  })

  it('sums the PSS of live processes and counts an ended one as nothing', () => {
    expect(pssBytes([process.pid])).toBeGreaterThan(0)
    expect(pssBytes([process.pid, 2 ** 22 + 1])).toBeGreaterThan(0)
  })
})
