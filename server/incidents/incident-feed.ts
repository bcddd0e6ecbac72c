/**
 * Incident events to browsers: each stored event (numbered in the store) is published to the centre's
 * roles and to the departments it concerns; a client connecting with `auth.lastSeq` first gets every
 * event after it that it may see, from the store, so nothing is lost across drops and restarts.
 */
import type { Role } from '../contracts/api.ts'
import type { IncidentEvent } from '../contracts/incidents.ts'
import type { AppSocket, RealtimePublisher } from '../realtime/realtime-plugin.ts'
import { toIncident, type IncidentsRepository, type StoredEvent } from './incidents-repository.ts'

/** The centre sees every incident; departments only theirs. */
export const CENTRE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'wall']

export class IncidentFeed {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  publish(stored: StoredEvent): void {
    const event = this.toEvent(stored)
    if (event) this.realtime.publish('incident:event', event, { roles: CENTRE_ROLES, departments: stored.departments })
  }

  /** The connect hook: replays what the client missed, oldest first. */
  replay = (socket: AppSocket, auth: Record<string, unknown>): void => {
    const lastSeq = Number(auth['lastSeq'])
    if (!Number.isInteger(lastSeq) || lastSeq < 0) return
    const { user } = socket.data
    if (user.role === 'department' && !user.department) return
    const department = user.role === 'department' ? user.department : null
    for (const stored of this.repo.eventsAfter(lastSeq, department)) {
      const event = this.toEvent(stored)
      if (event) socket.emit('incident:event', event)
    }
  }

  private toEvent(stored: StoredEvent): IncidentEvent | undefined {
    const row = this.repo.get(stored.incidentId)
    if (!row) return undefined
    return {
      seq: stored.seq,
      kind: stored.kind as IncidentEvent['kind'],
      incident: toIncident(row),
      entry: stored.entryId === null ? null : (this.repo.entry(stored.entryId) ?? null),
    }
  }
}
