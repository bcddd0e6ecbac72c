/**
 * One V8 heap snapshot of the page on a bare DevTools connection, after a forced GC, written to `file` for
 * DevTools' Memory panel and heap-diff.ts. Used by bench:wall --heap-snapshots and heap-snapshots.ts.
 * HeapProfiler keeps object ids for the page's life, so a later snapshot can tell which objects are new.
 */
import { writeFileSync } from 'node:fs'
import type { RawCdp } from '../console/raw-cdp.ts'

export interface HeapSnapshotTaken {
  file: string
  /** The snapshot's JSON, for heap-diff.ts's parseHeap. */
  text: string
  /** The JS heap in use right after the snapshot's GC. */
  usedBytes: number
}

export async function takeHeapSnapshot(cdp: RawCdp, file: string): Promise<HeapSnapshotTaken> {
  const chunks: string[] = []
  const off = cdp.on('HeapProfiler.addHeapSnapshotChunk', (params) => chunks.push((params as { chunk: string }).chunk))
  try {
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    // A 4K wall's heap serializes in seconds; a loaded machine can take minutes.
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, 300_000)
  } finally {
    off()
  }
  const text = chunks.join('')
  writeFileSync(file, text)
  const usage = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage')
  return { file, text, usedBytes: usage.usedSize }
}
