/**
 * Incident events to browsers: each stored event (numbered in the store) is published to the centre's
 * roles and to the departments it concerns; a client connecting with `auth.lastSeq` first gets every
 * event after it that it may see, from the store, so nothing is lost across drops and restarts.
 */
import type { Role } from '../contracts/api.ts'
import type { Incident, IncidentEvent } from '../contracts/incidents.ts'
import type { AppSocket, RealtimePublisher } from '../realtime/realtime-plugin.ts'
import { toIncident, type IncidentsRepository, type StoredEvent } from './incidents-repository.ts'

/** The centre sees every incident; departments only theirs. */
export const CENTRE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'wall']

const concerns = (incident: Incident, department: string): boolean =>
  incident.lead === department || incident.assisting.includes(department)

/** Events read from the store at a time during a replay. */
const REPLAY_PAGE = 500

export class IncidentFeed {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  publish(stored: StoredEvent): void {
    const event = this.toEvent(stored)
    if (event) this.realtime.publish('incident:event', event, { roles: CENTRE_ROLES, departments: stored.departments })
  }

  /**
   * The connect hook: replays what the client missed, oldest first, in pages read from the store with the
   * client's audience applied first, so any distance comes back whole. It runs synchronously in the tick
   * the socket joined its rooms, so nothing published can fall between the replay and live events.
   */
  replay = (socket: AppSocket, auth: Record<string, unknown>): void => {
    const lastSeq = Number(auth['lastSeq'])
    if (!Number.isInteger(lastSeq) || lastSeq < 0) return
    const { user } = socket.data
    if (user.role === 'department' && !user.department) return
    const department = user.role === 'department' ? user.department : null
    const newest = this.repo.lastSeq()
    if (lastSeq > newest) {
      socket.emit('incident:resync', { reason: 'unknown-sequence', lastSeq: newest })
      return
    }
    if (department !== null && this.repo.departedSince(lastSeq, department)) {
      socket.emit('incident:resync', { reason: 'no-longer-visible', lastSeq: newest })
      return
    }
    let after = lastSeq
    // Nothing changes while this synchronous replay runs: each incident is read once, not once per event.
    const incidents = new Map<number, Incident | undefined>()
    for (;;) {
      const page = this.repo.eventsAfter(after, department, REPLAY_PAGE)
      for (const stored of page) {
        const event = this.toEvent(stored, incidents)
        // An event carries the incident as it is now: one that has since left the department (never in
        // its list, or departedSince would have asked for a reload) is no longer the department's to see.
        if (event && (department === null || concerns(event.incident, department))) socket.emit('incident:event', event)
      }
      if (page.length < REPLAY_PAGE) return
      after = page[page.length - 1]!.seq
    }
  }

  private toEvent(stored: StoredEvent, cache?: Map<number, Incident | undefined>): IncidentEvent | undefined {
    let incident = cache?.get(stored.incidentId)
    if (incident === undefined) {
      const row = this.repo.get(stored.incidentId)
      incident = row && toIncident(row)
      cache?.set(stored.incidentId, incident)
    }
    if (!incident) return undefined
    return {
      seq: stored.seq,
      kind: stored.kind as IncidentEvent['kind'],
      incident,
      entry: stored.entryId === null ? null : (this.repo.entry(stored.entryId) ?? null),
    }
  }
}
