/**
 * socket.io events, typed for both ends. The server emits; clients listen with `on()`.
 * No Node imports: the web app imports these types.
 */
import type { CameraStatus } from './api.ts'
import type { ErrorCode } from './errors.ts'
import type { IncidentEvent } from './incidents.ts'

export interface CameraStatusEvent {
  cameraId: string
  status: CameraStatus
  /** UTC ISO 8601: when the camera entered this status. */
  since: string
  /** Why, in words an operator can act on ("wrong password", "no answer within 5 s"). */
  detail: string | null
  /** The status's reason as a catalog code (contracts/errors.ts), for screens to explain; null when online. */
  reasonCode: ErrorCode | null
}

/** A scheduled tour has become due: the consoles on duty remind their operators. */
export interface TourDueEvent {
  tourId: number
  tourName: string
  /** UTC ISO 8601. */
  dueAt: string
}

export interface ServerToClientEvents {
  'camera:status': (event: CameraStatusEvent) => void
  'tour:due': (event: TourDueEvent) => void
  /** Every change to an incident the user may see, numbered (`seq`); replayed after `auth.lastSeq` on connect. */
  'incident:event': (event: IncidentEvent) => void
}

/** What a client may send when it connects (socket.io `auth`). */
export interface RealtimeAuth {
  /** The last incident event seq it saw: everything after it is sent first. */
  lastSeq?: number
}

// Clients send nothing yet: commands go through HTTP, where they are validated and audited.
export type ClientToServerEvents = Record<string, never>
