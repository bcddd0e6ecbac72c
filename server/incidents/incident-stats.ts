/**
 * Counts for the dispatch board and the wall: today and this month, in total and by category and by lead
 * department, with the rates the centre is judged by (closure, on time).
 */
import type Database from 'better-sqlite3'
import {
  OPEN_STAGES,
  WITH_DEPARTMENT_STAGES,
  type PeriodStats,
  type StatsRow,
  type StatsTotals,
} from '../contracts/incidents.ts'

const stageIn = (stages: readonly string[]): string => `stage IN (${stages.map((s) => `'${s}'`).join(', ')})`

const CLOSED = "stage IN ('closed', 'archived')"
const OPEN = stageIn(OPEN_STAGES)
/** With a department: dispatched until the centre has verified the result. */
const IN_PROGRESS = stageIn(WITH_DEPARTMENT_STAGES)
/** Past a deadline the department still owes (the same deadlines the escalation watcher enforces). */
const OVERDUE = `((stage = 'dispatched' AND acknowledge_due_at <= @now)
  OR (stage IN ('dispatched', 'acknowledged', 'in-progress') AND handle_due_at <= @now))`
const COUNTS = `count(*) AS reported, coalesce(sum(${CLOSED}), 0) AS closed,
  coalesce(sum(escalated_at IS NOT NULL), 0) AS escalated, coalesce(sum(${OPEN}), 0) AS open,
  coalesce(sum(${IN_PROGRESS}), 0) AS inProgress, coalesce(sum(${OVERDUE}), 0) AS overdue`

type Counts = Omit<StatsTotals, 'closureRate' | 'onTimeRate'>

/** Closed / reported, and closed without escalation / closed; null when there is nothing to divide by. */
export function rates(counts: Counts, closedOnTime: number): Pick<StatsTotals, 'closureRate' | 'onTimeRate'> {
  return {
    closureRate: counts.reported === 0 ? null : counts.closed / counts.reported,
    onTimeRate: counts.closed === 0 ? null : closedOnTime / counts.closed,
  }
}

export function periodStats(db: Database.Database, since: string, nowMs: number): PeriodStats {
  const params = { since, now: new Date(nowMs).toISOString() }
  const by = (column: string): StatsRow[] =>
    db
      .prepare<typeof params, StatsRow>(
        `SELECT ${column} AS id, ${COUNTS} FROM incidents
         WHERE reported_at >= @since AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY reported DESC, id`,
      )
      .all(params)
  const { closedOnTime, ...counts } = db
    .prepare<typeof params, Counts & { closedOnTime: number }>(
      `SELECT ${COUNTS}, coalesce(sum(${CLOSED} AND escalated_at IS NULL), 0) AS closedOnTime
       FROM incidents WHERE reported_at >= @since`,
    )
    .get(params)!
  return {
    since,
    totals: { ...counts, ...rates(counts, closedOnTime) },
    byCategory: by('category'),
    byDepartment: by('lead'),
  }
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
