/**
 * socket.io events, typed for both ends. The server emits; clients listen with `on()`.
 * No Node imports: the web app imports these types.
 */
import type { CameraStatus, RecordingProblem } from './api.ts'
import type { ErrorCode } from './errors.ts'
import type { IncidentEvent } from './incidents.ts'
import type { WallState } from './wall.ts'

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

/**
 * Sent on connect instead of a replay when the missed events cannot bring the client's lists up to date
 * (an incident it holds went to another department, or its `lastSeq` is beyond the store's newest after a
 * data reset): the client reloads its lists.
 */
export interface IncidentResyncEvent {
  reason: 'no-longer-visible' | 'unknown-sequence'
  /** The store's newest event sequence when this was sent. */
  lastSeq: number
}

/** A camera stopped recording for a reason supervisors must act on (a full store, a failing disk). */
export interface RecordingAlertEvent {
  cameraId: string
  reasonCode: ErrorCode
  reasonParams: Record<string, string | number>
  /** UTC ISO 8601. */
  at: string
}

/** A camera's recording stopped for a reason, or resumed (problem null): every screen showing cameras. */
export interface CameraRecordingEvent {
  cameraId: string
  problem: RecordingProblem | null
}

export interface ServerToClientEvents {
  'camera:status': (event: CameraStatusEvent) => void
  'tour:due': (event: TourDueEvent) => void
  /** Every change to an incident the user may see, numbered (`seq`); replayed after `auth.lastSeq` on connect. */
  'incident:event': (event: IncidentEvent) => void
  /** A wall monitor's state changed (push, clear, expiry, schedule, rule): its browser re-renders. */
  'wall:state': (state: WallState) => void
  /** The missed events cannot be replayed: reload the incident lists. */
  'incident:resync': (event: IncidentResyncEvent) => void
  /** Recording stopped on a camera (supervisors and admins). */
  'recording:alert': (event: RecordingAlertEvent) => void
  /** A camera's recording problem appeared or cleared (everyone: tiles and health lists show it). */
  'camera:recording': (event: CameraRecordingEvent) => void
}

/** What a client may send when it connects (socket.io `auth`). */
export interface RealtimeAuth {
  /** The last incident event seq it saw: everything after it is sent first. */
  lastSeq?: number
}

// Clients send nothing yet: commands go through HTTP, where they are validated and audited.
export type ClientToServerEvents = Record<string, never>
