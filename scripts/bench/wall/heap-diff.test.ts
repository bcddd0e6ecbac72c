import { describe, expect, it } from 'vitest'
import { compareHeaps, compareHolders, compositionLine, heapComposition, parseHeap } from './heap-diff.ts'

const META = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
  node_types: [['hidden', 'object']],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [['property', 'element', 'weak']],
}
const STRINGS = ['(root)', 'Store', 'Array', 'Item', 'items']

/** A snapshot of a root holding a Store whose `items` Array holds `items` Items (ids 7, 9, ...). */
function snapshot(items: number): string {
  const nodes = [0, 0, 1, 0, 1, 1, 1, 3, 16, 1, 1, 2, 5, 32, items]
  const edges = [0, 1, 5, 0, 4, 10]
  for (let i = 0; i < items; i++) {
    nodes.push(1, 3, 7 + 2 * i, 24, 0)
    edges.push(1, i, 15 + 5 * i)
  }
  return JSON.stringify({ snapshot: { meta: META }, nodes, edges, strings: STRINGS })
}

describe('the heap snapshot comparison', () => {
  it('names the kind that grew, its new survivors and the property that holds them', () => {
    const before = parseHeap(snapshot(1))
    const after = parseHeap(snapshot(3))
    const [top] = compareHeaps(before, after, 1)
    expect(top).toMatchObject({ kind: 'Item', countBefore: 1, countAfter: 3, bytesBefore: 24, bytesAfter: 72 })
    expect(top?.survivors).toBe(2)
    expect(top?.heldBy.map((h) => h.holder)).toEqual(['Array .[1]', 'Array .[2]'])
    expect(compareHolders(before, after, 1)).toEqual([{ path: 'Item <- Array.[]', countBefore: 1, countAfter: 3 }])
  })

  it('reports nothing grown between two equal snapshots', () => {
    const rows = compareHeaps(parseHeap(snapshot(2)), parseHeap(snapshot(2)))
    expect(rows.every((row) => row.countAfter === row.countBefore && row.survivors === 0)).toBe(true)
  })

  it("splits a snapshot's bytes into V8's code, strings, the other objects and Blink's", () => {
    const meta = { ...META, node_types: [['hidden', 'object', 'code', 'string', 'sliced string', 'native', 'closure']] }
    // type, size: a root, an object 24, code 4096, a string 40, a sliced string 20, a native 300, a closure 32
    const rows: Array<[number, number]> = [
      [0, 0],
      [1, 24],
      [2, 4096],
      [3, 40],
      [4, 20],
      [5, 300],
      [6, 32],
    ]
    const nodes = rows.flatMap(([type, size], i) => [type, 0, 1 + 2 * i, size, 0])
    const heap = parseHeap(JSON.stringify({ snapshot: { meta }, nodes, edges: [], strings: STRINGS }))
    const composition = heapComposition(heap)
    expect(composition).toEqual({ codeBytes: 4096, stringBytes: 60, objectBytes: 56, nativeBytes: 300 })
    expect(
      compositionLine({ codeBytes: 3 * 2 ** 20, stringBytes: 2 ** 19, objectBytes: 0, nativeBytes: 2 ** 20 }),
    ).toBe('code 3.00 MiB, strings 0.50, objects 0.00 (Blink 1.00)')
  })
})
