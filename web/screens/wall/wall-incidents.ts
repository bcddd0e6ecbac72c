/**
 * The wall's incidents: it shows open ones only (the ticker, the map), so a closed incident leaves its
 * snapshot when the event that closes it arrives. Kept, a kiosk up all day would hold every incident of
 * the day until its next reconnection. The closed incident's id and version stay a while, so that a late
 * event carrying an older version of it (a live event overtaken by a replay, see incident-events.ts)
 * cannot bring it back as open; the most recent CLOSED_KEPT are kept, which covers any such race.
 */
import { isOpenStage, type IncidentEvent } from '../../../server/contracts/incidents.ts'
import { applyEvent, type IncidentSnapshot } from '../../lib/incidents/incident-events.ts'

export const CLOSED_KEPT = 200

export interface WallIncidents {
  /** Open incidents only. */
  snapshot: IncidentSnapshot
  /** Incidents seen closed: id -> the version that closed them, oldest first. */
  closed: ReadonlyMap<number, number>
}

/** The wall's incidents after `event`, or null when the event was already applied. */
export function applyWallEvent(current: WallIncidents, event: IncidentEvent): WallIncidents | null {
  const applied = applyEvent(current.snapshot, event)
  if (!applied) return null
  const { id } = event.incident
  const incident = applied.incidents.get(id)!
  const closedAt = current.closed.get(id)
  const stale = closedAt !== undefined && incident.version <= closedAt
  if (!stale && isOpenStage(incident.stage)) {
    if (closedAt === undefined) return { snapshot: applied, closed: current.closed }
    // Reopened (a newer version than the one that closed it): shown again, and no longer closed.
    const closed = new Map(current.closed)
    closed.delete(id)
    return { snapshot: applied, closed }
  }
  const incidents = new Map(applied.incidents)
  incidents.delete(id)
  const closed = new Map(current.closed)
  closed.delete(id)
  closed.set(id, Math.max(incident.version, closedAt ?? 0))
  for (const oldest of closed.keys()) {
    if (closed.size <= CLOSED_KEPT) break
    closed.delete(oldest)
  }
  return { snapshot: { incidents, lastSeq: applied.lastSeq }, closed }
}
