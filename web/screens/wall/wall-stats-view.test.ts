import { describe, expect, it } from 'vitest'
import type { StatsRow } from '../../../server/contracts/incidents.ts'
import { chartSeries, formatRate } from './wall-stats-view.ts'

const row = (id: string, over: Partial<StatsRow> = {}): StatsRow => ({
  id,
  reported: 0,
  closed: 0,
  escalated: 0,
  open: 0,
  inProgress: 0,
  overdue: 0,
  ...over,
})

describe('chartSeries', () => {
  it('keeps the busiest rows, named, one array per series', () => {
    const series = chartSeries(
      [
        row('quiet', { reported: 1 }),
        row('busy', { reported: 5, inProgress: 3, closed: 1, overdue: 2 }),
        row('mid', { reported: 3 }),
      ],
      (id) => id.toUpperCase(),
      2,
    )
    expect(series).toEqual({
      labels: ['BUSY', 'MID'],
      values: { reported: [5, 3], inProgress: [3, 0], closed: [1, 0], overdue: [2, 0] },
    })
  })
})

describe('formatRate', () => {
  it.each([
    [0.874, '87%'],
    [1, '100%'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('%s reads %s', (rate, text) => expect(formatRate(rate)).toBe(text))
})
