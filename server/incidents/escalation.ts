/**
 * SLA escalation (督办): an incident not acknowledged by its due time, or not handled by its due time, is
 * flagged escalated once per deadline; the event alerts supervisors and re-alerts the department. Due
 * times are in the store, so a restart loses nothing: the first check after start catches up.
 */
import type Database from 'better-sqlite3'
import { repeat } from '../process/timers.ts'
import type { IncidentService } from './incident-service.ts'

interface Overdue {
  id: number
  stage: string
  acknowledge_due_at: string | null
  handle_due_at: string | null
  escalations: string
}

export type Deadline = 'acknowledge' | 'handle'

/** Which deadlines of an incident are missed now and not yet escalated. Pure. */
export function missedDeadlines(row: Overdue, now: number): Deadline[] {
  const done = JSON.parse(row.escalations) as Deadline[]
  const missed: Deadline[] = []
  if (
    row.stage === 'dispatched' &&
    row.acknowledge_due_at &&
    Date.parse(row.acknowledge_due_at) <= now &&
    !done.includes('acknowledge')
  )
    missed.push('acknowledge')
  if (
    ['dispatched', 'acknowledged', 'in-progress'].includes(row.stage) &&
    row.handle_due_at &&
    Date.parse(row.handle_due_at) <= now &&
    !done.includes('handle')
  )
    missed.push('handle')
  return missed
}

export class EscalationWatcher {
  /** Stops the periodic check. */
  stop: () => void = () => {}
  private readonly candidates: Database.Statement<{ now: string }, Overdue>

  constructor(
    db: Database.Database,
    private readonly incidents: IncidentService,
    private readonly now: () => number,
  ) {
    this.candidates = db.prepare(`SELECT id, stage, acknowledge_due_at, handle_due_at, escalations FROM incidents
      WHERE stage IN ('dispatched', 'acknowledged', 'in-progress') AND (acknowledge_due_at <= @now OR handle_due_at <= @now)`)
  }

  start(intervalMs = 10_000): void {
    this.check()
    this.stop = repeat(() => this.check(), intervalMs)
  }

  /** Escalates every missed deadline; returns how many. */
  check(): number {
    const now = this.now()
    let count = 0
    for (const row of this.candidates.all({ now: new Date(now).toISOString() })) {
      const missed = missedDeadlines(row, now)
      if (missed.length === 0) continue
      const escalations = [...(JSON.parse(row.escalations) as Deadline[]), ...missed]
      const text = missed
        .map((d) => (d === 'acknowledge' ? 'not acknowledged in time' : 'not handled in time'))
        .join('; ')
      this.incidents.systemChange(
        row.id,
        { escalated_at: new Date(now).toISOString(), escalations: JSON.stringify(escalations) },
        { kind: 'escalated', text, data: { deadlines: missed } },
        'escalated',
      )
      count += missed.length
    }
    return count
  }
}
