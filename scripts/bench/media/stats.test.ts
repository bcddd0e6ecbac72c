import { describe, expect, it } from 'vitest'
import { median, percentOfCore, percentOfMachine, ratio, round } from './stats.ts'

describe('benchmark statistics', () => {
  it.each([
    ['an odd count takes the middle sample', [3, 1, 2], 2],
    ['an even count takes the mean of the middle two', [4, 1, 3, 2], 2.5],
    ['one sample is its own median', [7], 7],
    ['no samples give null', [], null],
    ['non-finite samples (failed runs) are ignored', [Number.NaN, 5, Number.POSITIVE_INFINITY, 1], 3],
  ])('%s', (_name, samples, expected) => {
    expect(median(samples)).toBe(expected)
  })

  it('rounds to the asked decimals and keeps null', () => {
    expect(round(1.23456, 2)).toBe(1.23)
    expect(round(null)).toBeNull()
    expect(round(Number.NaN)).toBeNull()
  })

  it('expresses CPU seconds per wall second as a share of one core and of the machine', () => {
    expect(percentOfCore(5, 10)).toBe(50)
    expect(percentOfMachine(5, 10, 2)).toBe(25)
    expect(percentOfCore(1, 0)).toBe(0)
  })

  it('gives a ratio only against a positive baseline', () => {
    expect(ratio(3, 2)).toBe(1.5)
    expect(ratio(3, 0)).toBeNull()
    expect(ratio(null, 2)).toBeNull()
  })
})
