/**
 * The SLA clock of the case loop: after dispatch the lead department must acknowledge within the
 * category's limit, then handle within its limit. Pure: `now` is a parameter (tests use a fake clock).
 */
import type { Incident, Stage } from '../../../server/contracts/incidents.ts'

export type SlaPhase = 'acknowledge' | 'handle'

export interface SlaStatus {
  phase: SlaPhase
  dueAt: string
  /** Negative once overdue. */
  remainingMs: number
  overdue: boolean
}

// The same stages the server's escalation watcher checks (server/incidents/escalation.ts).
const ACKNOWLEDGE_STAGES: readonly Stage[] = ['dispatched']
const HANDLE_STAGES: readonly Stage[] = ['acknowledged', 'in-progress']

/** The deadline that matters now, or null when no clock runs (before dispatch, returned, handled, closed). */
export function slaOf(
  incident: Pick<Incident, 'stage' | 'acknowledgeDueAt' | 'handleDueAt'>,
  now: number,
): SlaStatus | null {
  // While waiting for acknowledgement the handle deadline runs too; show it once it is the earlier one
  // missed, so an unacknowledged incident past both deadlines reads as overdue for handling.
  let phase: SlaPhase | null = null
  let dueAt: string | null = null
  if (ACKNOWLEDGE_STAGES.includes(incident.stage)) {
    const handleMissed = incident.handleDueAt !== null && Date.parse(incident.handleDueAt) <= now
    phase = handleMissed ? 'handle' : 'acknowledge'
    dueAt = handleMissed ? incident.handleDueAt : incident.acknowledgeDueAt
  } else if (HANDLE_STAGES.includes(incident.stage)) {
    phase = 'handle'
    dueAt = incident.handleDueAt
  }
  if (phase === null || dueAt === null) return null
  const due = Date.parse(dueAt)
  if (Number.isNaN(due)) return null
  const remainingMs = due - now
  return { phase, dueAt, remainingMs, overdue: remainingMs <= 0 }
}

/** `9:05`, `1:02:03`: whole seconds, rounded away from the deadline so "0:00" shows only at the deadline. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.abs(ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number): string => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}
