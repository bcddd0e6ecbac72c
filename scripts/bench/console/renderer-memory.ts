/**
 * The Chromium processes whose memory the benchmark reports, found from /proc under the browser's PID
 * (launchBrowser gives it): the renderers (`--type=renderer`; the console page's is the largest, since
 * the page is the only one open) and the GPU process (with --disable-gpu it still composites, in software).
 */
import { commandLine, PAGE_SIZE, snapshotProcesses, treeOf, type ProcSnapshot } from '../media/proc-stat.ts'

export interface ChromiumMemory {
  /** RSS of the largest renderer: the console page's. */
  rendererRssBytes: number
  rendererPid: number | null
  /** RSS of every process of the browser's tree (browser, renderers, GPU, utilities). */
  treeRssBytes: number
}

/** Picks the largest renderer of the tree by RSS; pure over a snapshot and a command-line lookup. */
export function chromiumMemory(
  snapshot: ProcSnapshot,
  browserPid: number,
  commandOf: (pid: number) => string,
  pageSize: number,
): ChromiumMemory {
  const tree = treeOf(snapshot, browserPid)
  let treeRssBytes = 0
  let best: { pid: number; rss: number } | null = null
  for (const pid of tree) {
    const rss = (snapshot.get(pid)?.rssPages ?? 0) * pageSize
    treeRssBytes += rss
    if (!/--type=renderer(\s|$)/.test(commandOf(pid))) continue
    if (best === null || rss > best.rss) best = { pid, rss }
  }
  return { rendererRssBytes: best?.rss ?? 0, rendererPid: best?.pid ?? null, treeRssBytes }
}

export function readChromiumMemory(browserPid: number): ChromiumMemory {
  return chromiumMemory(snapshotProcesses(), browserPid, commandLine, PAGE_SIZE)
}
