/** Counts for the dispatch board: today and this month, by category and by lead department. */
import type Database from 'better-sqlite3'

export interface CountRow {
  id: string
  reported: number
  closed: number
  escalated: number
  open: number
}
export interface PeriodStats {
  since: string
  byCategory: CountRow[]
  byDepartment: CountRow[]
}

const CLOSED = "stage IN ('closed', 'archived')"
const OPEN = "stage NOT IN ('closed', 'archived', 'rejected', 'merged')"

export function periodStats(db: Database.Database, since: string): PeriodStats {
  const by = (column: string): CountRow[] =>
    db
      .prepare<[string], CountRow>(
        `
    SELECT ${column} AS id, count(*) AS reported, sum(${CLOSED}) AS closed,
      sum(escalated_at IS NOT NULL) AS escalated, sum(${OPEN}) AS open
    FROM incidents WHERE reported_at >= ? AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY reported DESC, id`,
      )
      .all(since)
  return { since, byCategory: by('category'), byDepartment: by('lead') }
}

/** Midnight of today and the first of this month in the site's time zone, as UTC instants. */
export function periodStarts(
  now: number,
  timeZone: string,
  zonedTimeToUtc: (y: number, m: number, d: number, hh: number, mm: number, tz: string) => number,
): { today: string; month: string } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(now))
    .split('-')
    .map(Number) as [number, number, number]
  return {
    today: new Date(zonedTimeToUtc(y, m, d, 0, 0, timeZone)).toISOString(),
    month: new Date(zonedTimeToUtc(y, m, 1, 0, 0, timeZone)).toISOString(),
  }
}
