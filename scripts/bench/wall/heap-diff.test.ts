import { describe, expect, it } from 'vitest'
import { compareHeaps, compareHolders, parseHeap } from './heap-diff.ts'

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
})
