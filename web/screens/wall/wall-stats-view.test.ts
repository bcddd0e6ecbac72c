import { describe, expect, it } from 'vitest'
import type { IncidentCountRow } from '../../lib/api-client.ts'
import { chartSeries, formatRate, periodFigures } from './wall-stats-view.ts'

const row = (id: string, over: Partial<IncidentCountRow> = {}): IncidentCountRow => ({
  id,
  reported: 0,
  closed: 0,
  escalated: 0,
  open: 0,
  ...over,
})

describe('periodFigures', () => {
  it("uses the server's wall fields when it sends them", () => {
    const figures = periodFigures({
      since: '',
      byCategory: [row('a', { reported: 4, open: 3, inProgress: 2, closed: 1, escalated: 1, overdue: 2 })],
      byDepartment: [],
      closureRate: 0.25,
      onTimeRate: 1,
    })
    expect(figures).toEqual({ reported: 4, inProgress: 2, closed: 1, overdue: 2, closureRate: 0.25, onTimeRate: 1 })
  })

  it('falls back to open, escalated and closed of reported on an older server', () => {
    const figures = periodFigures({
      since: '',
      byCategory: [row('a', { reported: 3, open: 2, closed: 1, escalated: 1 }), row('b', { reported: 1, closed: 1 })],
      byDepartment: [],
    })
    expect(figures).toEqual({ reported: 4, inProgress: 2, closed: 2, overdue: 1, closureRate: 0.5, onTimeRate: null })
  })

  it('has no closure rate for an empty period', () => {
    expect(periodFigures({ since: '', byCategory: [], byDepartment: [] }).closureRate).toBeNull()
  })
})

describe('chartSeries', () => {
  it('keeps the busiest rows, named, one array per series', () => {
    const series = chartSeries(
      [row('quiet', { reported: 1 }), row('busy', { reported: 5, open: 4, closed: 1 }), row('mid', { reported: 3 })],
      (id) => id.toUpperCase(),
      2,
    )
    expect(series).toEqual({
      labels: ['BUSY', 'MID'],
      values: { reported: [5, 3], inProgress: [4, 0], closed: [1, 0], overdue: [0, 0] },
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
