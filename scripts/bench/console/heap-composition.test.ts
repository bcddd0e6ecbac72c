import { describe, expect, it } from 'vitest'
import { compositionOf } from './heap-composition.ts'

// A snapshot in V8's layout: node_fields per node, node type as an index into node_types[0].
const TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic']
const snapshot = (nodes: Array<[type: string, size: number]>): string =>
  JSON.stringify({
    snapshot: {
      meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [TYPES, 'string'] },
    },
    nodes: nodes.flatMap(([type, size], i) => [TYPES.indexOf(type), 0, i * 2 + 1, size, 0]),
  })

describe('heap composition', () => {
  it('sums self sizes per type and puts compiled code apart; Blink objects and bookkeeping are not counted', () => {
    const composition = compositionOf(
      snapshot([
        ['code', 400],
        ['code', 100],
        ['object', 300],
        ['array', 50],
        ['closure', 25],
        ['native', 9000],
        ['synthetic', 0],
        ['hidden', 70],
      ]),
    )
    expect(composition).toEqual({
      totalBytes: 945,
      codeBytes: 500,
      otherBytes: 445,
      byType: { code: 500, object: 300, array: 50, closure: 25, hidden: 70 },
    })
  })

  it('says so when the text is not a heap snapshot', () => {
    expect(() =>
      compositionOf(JSON.stringify({ snapshot: { meta: { node_fields: [], node_types: [[]] } }, nodes: [] })),
    ).toThrow(/not a V8 heap snapshot/)
  })
})
