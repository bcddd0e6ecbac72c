/**
 * Live incident events applied to a list, exactly once: each event carries the store's sequence number,
 * and anything at or below the newest one seen is already on screen (a replay overlapping the list, or a
 * duplicate after a reconnect). Pure, so the ordering rules are testable without sockets.
 */
import type {
  Incident,
  IncidentEvent,
  IncidentWithTimeline,
  TimelineEntry,
} from '../../../server/contracts/incidents.ts'

export interface IncidentSnapshot {
  incidents: ReadonlyMap<number, Incident>
  /** The newest event sequence reflected in `incidents`: sent as `auth.lastSeq` on (re)connection. */
  lastSeq: number
}

/** The list as GET /api/incidents answered it. */
export function snapshotOf(incidents: readonly Incident[], lastSeq: number): IncidentSnapshot {
  return { incidents: new Map(incidents.map((incident) => [incident.id, incident])), lastSeq }
}

/**
 * The snapshot after `event`, or null when the event is already reflected (seq at or below lastSeq).
 * The server sends the incident as it is when the event is sent, so a replayed old event may carry a
 * newer incident than a later live one: the higher version wins, never the later arrival.
 */
export function applyEvent(snapshot: IncidentSnapshot, event: IncidentEvent): IncidentSnapshot | null {
  if (event.seq <= snapshot.lastSeq) return null
  const incidents = new Map(snapshot.incidents)
  incidents.set(event.incident.id, newer(snapshot.incidents.get(event.incident.id), event.incident))
  return { incidents, lastSeq: event.seq }
}

/** Applies events in sequence order, skipping the ones already seen; returns those that were applied. */
export function applyEvents(
  snapshot: IncidentSnapshot,
  events: readonly IncidentEvent[],
): { snapshot: IncidentSnapshot; applied: IncidentEvent[] } {
  let current = snapshot
  const applied: IncidentEvent[] = []
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const next = applyEvent(current, event)
    if (!next) continue
    current = next
    applied.push(event)
  }
  return { snapshot: current, applied }
}

export function newer(current: Incident | undefined, candidate: Incident): Incident {
  return current && current.version > candidate.version ? current : candidate
}

/** An open detail (incident + timeline) after an event about it: fields updated, the entry appended once. */
export function applyToDetail(detail: IncidentWithTimeline, event: IncidentEvent): IncidentWithTimeline {
  if (event.incident.id !== detail.id) return detail
  const fields = newer(detail, event.incident)
  const timeline =
    event.entry && !detail.timeline.some((entry) => entry.id === event.entry!.id)
      ? insertEntry(detail.timeline, event.entry)
      : detail.timeline
  if (fields === detail && timeline === detail.timeline) return detail
  return { ...fields, timeline }
}

function insertEntry(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  return [...timeline, entry].sort((a, b) => a.id - b.id)
}

/**
 * Whether an event should ring in a department's inbox: it was just dispatched to the department (lead or
 * assisting), or escalated while it is the department's work (a re-alert).
 */
export function isAlertFor(event: IncidentEvent, department: string | null): boolean {
  if (!department) return false
  const { incident } = event
  const concerned = incident.lead === department || incident.assisting.includes(department)
  if (!concerned) return false
  if (event.kind === 'escalated') return true
  return event.kind === 'transition' && event.entry?.kind === 'dispatch'
}
