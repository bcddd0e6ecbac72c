/**
 * The wall's statistics, from GET /api/incidents/stats: the period totals and the chart series. Servers
 * without the wall's fields (`inProgress`, `overdue`, the rates) still draw: in progress falls back to
 * open, overdue to escalated (escalation is what a missed deadline causes), the closure rate to closed of
 * reported, and the on-time rate to nothing (shown as a dash).
 */
import type { IncidentCountRow, IncidentPeriodStats } from '../../lib/api-client.ts'

export const SERIES = ['reported', 'inProgress', 'closed', 'overdue'] as const
export type Series = (typeof SERIES)[number]

/** One colour per series, in the figures table's headings and the charts' bars alike. */
export const SERIES_COLOURS: Record<Series, string> = {
  reported: '#4c9aff',
  inProgress: '#39c5cf',
  closed: '#3fb950',
  overdue: '#ff6b6b',
}

export function rowFigures(row: IncidentCountRow): Record<Series, number> {
  return {
    reported: row.reported,
    inProgress: row.inProgress ?? row.open,
    closed: row.closed,
    overdue: row.overdue ?? row.escalated,
  }
}

export interface PeriodFigures extends Record<Series, number> {
  /** 0..1, or null when there is nothing to divide. */
  closureRate: number | null
  onTimeRate: number | null
}

/** Totals over the categories (every incident has exactly one; departments may share one). */
export function periodFigures(period: IncidentPeriodStats): PeriodFigures {
  const totals: Record<Series, number> = { reported: 0, inProgress: 0, closed: 0, overdue: 0 }
  for (const row of period.byCategory) {
    const figures = rowFigures(row)
    for (const series of SERIES) totals[series] += figures[series]
  }
  const closureRate = period.closureRate ?? (totals.reported > 0 ? totals.closed / totals.reported : null)
  return { ...totals, closureRate, onTimeRate: period.onTimeRate ?? null }
}

export interface ChartSeries {
  labels: string[]
  values: Record<Series, number[]>
}

/** At most `limit` rows, the busiest first, as chart labels and one array per series. */
export function chartSeries(
  rows: readonly IncidentCountRow[],
  name: (id: string) => string,
  limit: number,
): ChartSeries {
  const chosen = [...rows].sort((a, b) => b.reported - a.reported || a.id.localeCompare(b.id)).slice(0, limit)
  const values: Record<Series, number[]> = { reported: [], inProgress: [], closed: [], overdue: [] }
  for (const row of chosen) {
    const figures = rowFigures(row)
    for (const series of SERIES) values[series].push(figures[series])
  }
  return { labels: chosen.map((row) => name(row.id)), values }
}

/** `87%`, or a dash for no rate. */
export function formatRate(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${Math.round(rate * 100)}%`
}
