import { describe, expect, it } from 'vitest'
import { percentile } from './percentiles.ts'

describe('percentile (nearest rank)', () => {
  it.each([
    ['the median of an odd count is the middle sample', [5, 1, 3], 50, 3],
    ['p99 of a hundred samples is the 99th smallest', Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    ['p100 is the largest', [2, 9, 4], 100, 9],
    ['a tiny p is the smallest', [2, 9, 4], 1, 2],
    ['no samples, no figure', [], 50, null],
  ])('%s', (_, samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected)
  })
})
