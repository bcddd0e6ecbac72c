/**
 * Compares two V8 heap snapshots (`HeapProfiler.takeHeapSnapshot`, same page, later second) by constructor:
 * how many objects and bytes each kind gained, and, for the objects born after the first snapshot that are
 * still alive in the second (V8 keeps node ids across snapshots of one page), what holds them. A leak shows
 * as a constructor whose survivors keep growing, held by the same retainer.
 */

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
  nodes: number[]
  edges: number[]
  strings: string[]
}

export interface ParsedHeap {
  /** Per node index: its kind (the constructor for objects, `(type)` for the rest). */
  kind: string[]
  /** Per node index: V8's node type (`object`, `code`, `string`, `native`, ...). */
  type: string[]
  id: number[]
  selfSize: number[]
  /** For each node, the (node, edge name) pairs that point at it; weak edges left out. */
  retainers: Array<Array<{ from: number; edge: string }>>
}

export function parseHeap(text: string): ParsedHeap {
  const raw = JSON.parse(text) as RawSnapshot
  const meta = raw.snapshot.meta
  const nodeFields = meta.node_fields.length
  const edgeFields = meta.edge_fields.length
  const nodeTypes = meta.node_types[0]
  const edgeTypes = meta.edge_types[0]
  const at = (name: string): number => meta.node_fields.indexOf(name)
  const [typeAt, nameAt, idAt, sizeAt, edgeCountAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(at)
  const count = raw.nodes.length / nodeFields
  const heap: ParsedHeap = { kind: [], type: [], id: [], selfSize: [], retainers: [] }
  for (let i = 0; i < count; i++) {
    const base = i * nodeFields
    const type = nodeTypes[raw.nodes[base + typeAt!]!]!
    const name = raw.strings[raw.nodes[base + nameAt!]!]!
    heap.kind.push(type === 'object' || type === 'native' ? name : `(${type})`)
    heap.type.push(type)
    heap.id.push(raw.nodes[base + idAt!]!)
    heap.selfSize.push(raw.nodes[base + sizeAt!]!)
    heap.retainers.push([])
  }
  const edgeTypeAt = meta.edge_fields.indexOf('type')
  const edgeNameAt = meta.edge_fields.indexOf('name_or_index')
  const toAt = meta.edge_fields.indexOf('to_node')
  let edge = 0
  for (let from = 0; from < count; from++) {
    const edges = raw.nodes[from * nodeFields + edgeCountAt!]!
    for (let e = 0; e < edges; e++, edge += edgeFields) {
      const type = edgeTypes[raw.edges[edge + edgeTypeAt]!]!
      if (type === 'weak' || type === 'shortcut') continue
      const nameOrIndex = raw.edges[edge + edgeNameAt]!
      const name = type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : raw.strings[nameOrIndex]!
      heap.retainers[raw.edges[edge + toAt]! / nodeFields]!.push({ from, edge: name })
    }
  }
  return heap
}

/** What one snapshot's bytes are: V8's code against the page's own data, and Blink's objects beside them. */
export interface HeapComposition {
  /** V8's code: machine code, bytecode and what describes them (feedback, scope infos, function infos). */
  codeBytes: number
  stringBytes: number
  /** The rest of V8's heap: the page's objects, arrays, closures and their shapes. */
  objectBytes: number
  /** Blink's objects (DOM, layout, performance entries): in the snapshot, not in the JS heap figure. */
  nativeBytes: number
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string'])

export function heapComposition(heap: ParsedHeap): HeapComposition {
  const sums: HeapComposition = { codeBytes: 0, stringBytes: 0, objectBytes: 0, nativeBytes: 0 }
  heap.type.forEach((type, i) => {
    const size = heap.selfSize[i]!
    if (type === 'code') sums.codeBytes += size
    else if (STRING_TYPES.has(type)) sums.stringBytes += size
    else if (type === 'native') sums.nativeBytes += size
    else sums.objectBytes += size
  })
  return sums
}

/** `code 5.62 MiB, strings 0.91, objects 2.40 (Blink 3.10)`. */
export function compositionLine(c: HeapComposition): string {
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(2)
  return `code ${mib(c.codeBytes)} MiB, strings ${mib(c.stringBytes)}, objects ${mib(c.objectBytes)} (Blink ${mib(c.nativeBytes)})`
}

export interface KindGrowth {
  kind: string
  countBefore: number
  countAfter: number
  bytesBefore: number
  bytesAfter: number
  /** Objects of this kind born after the first snapshot and alive in the second. */
  survivors: number
  /** Their most common holders: `holder kind .edge` and how many of the survivors it holds. */
  heldBy: Array<{ holder: string; count: number }>
}

function totals(heap: ParsedHeap): Map<string, { count: number; bytes: number }> {
  const byKind = new Map<string, { count: number; bytes: number }>()
  heap.kind.forEach((kind, i) => {
    const entry = byKind.get(kind) ?? { count: 0, bytes: 0 }
    entry.count++
    entry.bytes += heap.selfSize[i]!
    byKind.set(kind, entry)
  })
  return byKind
}

/** The `top` kinds that grew most in bytes from `before` to `after`. */
export function compareHeaps(before: ParsedHeap, after: ParsedHeap, top = 20): KindGrowth[] {
  const was = totals(before)
  const now = totals(after)
  const lastOldId = before.id.reduce((max, id) => Math.max(max, id), 0)
  const survivorsByKind = new Map<string, number[]>()
  after.id.forEach((id, i) => {
    if (id <= lastOldId) return
    const list = survivorsByKind.get(after.kind[i]!) ?? []
    list.push(i)
    survivorsByKind.set(after.kind[i]!, list)
  })
  const growth = [...now].map(([kind, n]) => {
    const w = was.get(kind) ?? { count: 0, bytes: 0 }
    return { kind, countBefore: w.count, countAfter: n.count, bytesBefore: w.bytes, bytesAfter: n.bytes }
  })
  growth.sort((a, b) => b.bytesAfter - b.bytesBefore - (a.bytesAfter - a.bytesBefore))
  return growth.slice(0, top).map((g) => {
    const survivors = survivorsByKind.get(g.kind) ?? []
    const holders = new Map<string, number>()
    for (const node of survivors)
      for (const { from, edge } of after.retainers[node]!) {
        const holder = `${after.kind[from]} .${edge}`
        holders.set(holder, (holders.get(holder) ?? 0) + 1)
      }
    const heldBy = [...holders]
      .map(([holder, count]) => ({ holder, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 4)
    return { ...g, survivors: survivors.length, heldBy }
  })
}

export function growthTable(rows: KindGrowth[]): string {
  const kib = (bytes: number): string => (bytes / 1024).toFixed(1)
  return rows
    .map((r) => {
      const held = r.heldBy.map((h) => `${h.holder} x${h.count}`).join('; ')
      return `${`${kib(r.bytesAfter - r.bytesBefore)} KiB`.padStart(12)} ${`${r.countAfter - r.countBefore}`.padStart(7)} objs  ${r.kind.slice(0, 50).padEnd(50)} survivors ${r.survivors}${held ? `  held by ${held}` : ''}`
    })
    .join('\n')
}

/** How many objects of one kind one kind of holder keeps through one property. */
export interface HolderGrowth {
  path: string
  countBefore: number
  countAfter: number
}

function holderCounts(heap: ParsedHeap): Map<string, number> {
  const counts = new Map<string, number>()
  heap.kind.forEach((kind, node) => {
    const seen = new Set<string>()
    for (const { from, edge } of heap.retainers[node]!) {
      // Element indexes differ per object; what matters is "an element of a".
      const path = `${kind} <- ${heap.kind[from]}.${edge.startsWith('[') ? '[]' : edge}`
      if (seen.has(path)) continue
      seen.add(path)
      counts.set(path, (counts.get(path) ?? 0) + 1)
    }
  })
  return counts
}

/**
 * The `top` (kind, holder, property) paths whose object count grew most: a store that only grows shows as
 * one path gaining as many objects as there were events, page turns or reconnections in between.
 */
export function compareHolders(before: ParsedHeap, after: ParsedHeap, top = 25): HolderGrowth[] {
  const was = holderCounts(before)
  return [...holderCounts(after)]
    .map(([path, countAfter]) => ({ path, countBefore: was.get(path) ?? 0, countAfter }))
    .filter((row) => !row.path.startsWith('(') && !row.path.startsWith('system'))
    .sort((a, b) => b.countAfter - b.countBefore - (a.countAfter - a.countBefore))
    .slice(0, top)
}

export function holderTable(rows: HolderGrowth[]): string {
  return rows
    .map((r) => `${`+${r.countAfter - r.countBefore}`.padStart(8)} (${r.countBefore} -> ${r.countAfter})  ${r.path}`)
    .join('\n')
}

export interface HeapDiff {
  kinds: KindGrowth[]
  holders: HolderGrowth[]
}

/** What grew from one snapshot's JSON to a later one's: the kinds and the holders that grew most. */
export function diffHeaps(before: string, after: string): HeapDiff {
  const [a, b] = [parseHeap(before), parseHeap(after)]
  return { kinds: compareHeaps(a, b, 25), holders: compareHolders(a, b, 30) }
}

/** Both tables as the benchmarks print them: kinds that grew most, then holders whose object count grew most. */
export function heapDiffReport(diff: HeapDiff): string {
  return [
    'Kinds that grew most (bytes, objects, what holds the new ones):',
    growthTable(diff.kinds),
    'Holders whose object count grew most (kind <- holder.property):',
    holderTable(diff.holders),
    '',
  ].join('\n')
}
