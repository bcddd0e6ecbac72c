/**
 * What the JS heap is made of, from a V8 heap snapshot: bytes per node type, and V8's compiled code apart
 * from everything else. Why: over a long tour the heap grows mostly by compiled code (hls.js functions
 * optimized and re-optimized as they get hot; bounded by the code that exists), while a leak would grow
 * objects, arrays, closures or strings. The memory run takes one at the first and at the last minute.
 * Blink's own objects ('native') and the snapshot's bookkeeping ('synthetic') are not in the JS heap.
 */
export interface HeapComposition {
  /** Self sizes of all JS heap nodes. */
  totalBytes: number
  /** Node type 'code': bytecode, optimized code, feedback and their metadata. */
  codeBytes: number
  /** Everything else in the JS heap: objects, arrays, closures, strings, numbers, shapes... */
  otherBytes: number
  byType: Record<string, number>
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
}

const OUTSIDE_THE_JS_HEAP = new Set(['native', 'synthetic'])

/** The events and commands a heap snapshot needs: a raw CDP connection and a playwright CDPSession both fit. */
export interface SnapshotChannel {
  send(method: 'HeapProfiler.takeHeapSnapshot', params: { reportProgress: false }): Promise<unknown>
  on(method: 'HeapProfiler.addHeapSnapshotChunk', listener: (params: { chunk: string }) => void): () => void
}

/** Takes a heap snapshot of the page (V8 collects garbage first) and returns its composition. */
export async function takeComposition(channel: SnapshotChannel): Promise<HeapComposition> {
  const chunks: string[] = []
  const off = channel.on('HeapProfiler.addHeapSnapshotChunk', (params) => chunks.push(params.chunk))
  try {
    await channel.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    off()
  }
  return compositionOf(chunks.join(''))
}

export function compositionOf(snapshotJson: string): HeapComposition {
  const snap = JSON.parse(snapshotJson) as Snapshot
  const fields = snap.snapshot.meta.node_fields
  const types = snap.snapshot.meta.node_types[0]
  const stride = fields.length
  const typeAt = fields.indexOf('type')
  const sizeAt = fields.indexOf('self_size')
  if (stride === 0 || typeAt < 0 || sizeAt < 0) throw new Error('not a V8 heap snapshot: no type or self_size field')
  const byType: Record<string, number> = {}
  for (let i = 0; i + stride <= snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeAt]!] ?? 'unknown'
    if (OUTSIDE_THE_JS_HEAP.has(type)) continue
    byType[type] = (byType[type] ?? 0) + snap.nodes[i + sizeAt]!
  }
  const totalBytes = Object.values(byType).reduce((sum, bytes) => sum + bytes, 0)
  const codeBytes = byType['code'] ?? 0
  return { totalBytes, codeBytes, otherBytes: totalBytes - codeBytes, byType }
}
