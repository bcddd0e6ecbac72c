import { describe, expect, it } from 'vitest'
import type { ProcEntry, ProcSnapshot } from '../media/proc-stat.ts'
import { chromiumMemory } from './renderer-memory.ts'

const entry = (pid: number, ppid: number, rssPages: number): ProcEntry => ({
  pid,
  ppid,
  rssPages,
  ticks: 0,
  startTime: pid,
})
const snapshot: ProcSnapshot = new Map([
  [10, entry(10, 1, 100)], // browser
  [11, entry(11, 10, 50)], // zygote
  [12, entry(12, 11, 300)], // the console page's renderer
  [13, entry(13, 11, 40)], // a spare renderer
  [14, entry(14, 10, 70)], // GPU process
  [20, entry(20, 1, 999)], // another user's renderer, outside the tree
])
const commands: Record<number, string> = {
  10: '/usr/lib/chromium/chromium --headless',
  11: '/usr/lib/chromium/chromium --type=zygote',
  12: '/usr/lib/chromium/chromium --type=renderer --lang=en-US',
  13: '/usr/lib/chromium/chromium --type=renderer',
  14: '/usr/lib/chromium/chromium --type=gpu-process',
  20: '/usr/lib/chromium/chromium --type=renderer',
}

describe('chromiumMemory', () => {
  it('reports the largest renderer of the browser tree and the whole tree, ignoring other browsers', () => {
    expect(chromiumMemory(snapshot, 10, (pid) => commands[pid] ?? '', 4096)).toEqual({
      rendererRssBytes: 300 * 4096,
      rendererPid: 12,
      treeRssBytes: (100 + 50 + 300 + 40 + 70) * 4096,
    })
  })

  it('a browser that is gone gives zeros', () => {
    expect(chromiumMemory(snapshot, 99, () => '', 4096)).toEqual({
      rendererRssBytes: 0,
      rendererPid: null,
      treeRssBytes: 0,
    })
  })
})
