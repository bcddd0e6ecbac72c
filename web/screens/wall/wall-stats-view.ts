/** The wall's statistics from GET /api/incidents/stats: the chart series and the rates as text. Pure. */
import type { StatsRow } from '../../../server/contracts/incidents.ts'

export const SERIES = ['reported', 'inProgress', 'closed', 'overdue'] as const
export type Series = (typeof SERIES)[number]

/** One colour per series, in the figures table's headings and the charts' bars alike. */
export const SERIES_COLOURS: Record<Series, string> = {
  reported: '#4c9aff',
  inProgress: '#39c5cf',
  closed: '#3fb950',
  overdue: '#ff6b6b',
}

export interface ChartSeries {
  labels: string[]
  values: Record<Series, number[]>
}

/** At most `limit` rows, the busiest first, as chart labels and one array per series. */
export function chartSeries(rows: readonly StatsRow[], name: (id: string) => string, limit: number): ChartSeries {
  const chosen = [...rows].sort((a, b) => b.reported - a.reported || a.id.localeCompare(b.id)).slice(0, limit)
  const values: Record<Series, number[]> = { reported: [], inProgress: [], closed: [], overdue: [] }
  for (const row of chosen) for (const series of SERIES) values[series].push(row[series])
  return { labels: chosen.map((row) => name(row.id)), values }
}

/** `87%`, or a dash for no rate (nothing reported or closed yet). */
export function formatRate(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${Math.round(rate * 100)}%`
}
