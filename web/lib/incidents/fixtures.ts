/** Test data: an incident and its events as the server sends them. */
import type { Incident, IncidentEvent, TimelineEntry } from '../../../server/contracts/incidents.ts'

export function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 1,
    code: 'SE-20261127-0001',
    cameraId: 'cam-t001',
    category: 'road-flooding',
    severity: 'normal',
    note: '',
    community: 'houtaibao',
    grid: 'houtaibao-1',
    location: { lat: 38.08, lng: 114.45 },
    address: null,
    stage: 'reported',
    lead: null,
    assisting: [],
    suggestedLead: 'urban-management',
    suggestedAssisting: [],
    reportedBy: 'op1',
    source: 'console',
    reportedAt: '2026-11-27T06:00:00.000Z',
    updatedAt: '2026-11-27T06:00:00.000Z',
    dispatchedAt: null,
    acknowledgeDueAt: null,
    handleDueAt: null,
    escalated: false,
    closeReason: null,
    mergedInto: null,
    hasSnapshot: false,
    hasClip: false,
    photos: 0,
    version: 1,
    ...over,
  }
}

export function entry(id: number, over: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    at: '2026-11-27T06:00:00.000Z',
    actor: 'op1',
    actorRole: 'operator',
    kind: 'note',
    from: null,
    to: null,
    text: null,
    data: null,
    ...over,
  }
}

export function event(
  seq: number,
  fields: Partial<Incident>,
  kind: IncidentEvent['kind'] = 'transition',
  timelineEntry: TimelineEntry | null = null,
): IncidentEvent {
  return { seq, kind, incident: incident(fields), entry: timelineEntry }
}
