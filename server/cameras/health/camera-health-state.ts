/**
 * The health state of one camera, as a pure transition: (state, observation, now) -> next state.
 *
 *   online       the last check (or a running stream) proved the camera gives video.
 *   unreachable  no conversation at TCP level: refused, reset, no route, or no answer in time.
 *   offline      the camera answers but cannot give video (RTSP 404/5xx, SOAP fault, no video profile).
 *   auth-failed  the camera answers and refuses the configured user name or password.
 *   unknown      not checked yet.
 *
 * Hysteresis: an online camera leaves online only after `failuresToLeaveOnline` failed checks in a row, so
 * one lost packet does not flap the wall display; the first failure asks for a quick re-check instead.
 * Recovery is immediate: one good check brings a camera back online. A camera already down moves between
 * the failure states at once (the operator should see the newest reason).
 */
import type { CameraStatus } from '../../contracts/api.ts'
import type { FailureKind } from '../camera-failure.ts'

export interface HealthState {
  status: CameraStatus
  /** UTC ISO 8601; null while unknown. */
  since: string | null
  /** Why the camera is in this state, for an operator; null when online. */
  detail: string | null
  /** Failed checks in a row (0 after a good one). */
  failuresInARow: number
}

export type Observation = { ok: true } | { ok: false; kind: FailureKind; detail: string }

export interface Transition {
  state: HealthState
  /** The status changed: store it, add history, publish it. */
  changed: boolean
  /** Online but suspect: check again soon rather than after a full interval. */
  recheckSoon: boolean
}

export interface HealthPolicy {
  failuresToLeaveOnline: number
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = { failuresToLeaveOnline: 2 }

export const initialHealthState = (status: CameraStatus = 'unknown', since: string | null = null): HealthState => ({
  status,
  since,
  detail: null,
  failuresInARow: 0,
})

export function nextHealthState(
  state: HealthState,
  observation: Observation,
  now: string,
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): Transition {
  if (observation.ok) {
    if (state.status === 'online')
      return { state: { ...state, detail: null, failuresInARow: 0 }, changed: false, recheckSoon: false }
    return {
      state: { status: 'online', since: now, detail: null, failuresInARow: 0 },
      changed: true,
      recheckSoon: false,
    }
  }
  const failuresInARow = state.failuresInARow + 1
  if (state.status === 'online' && failuresInARow < policy.failuresToLeaveOnline) {
    return { state: { ...state, failuresInARow }, changed: false, recheckSoon: true }
  }
  if (state.status === observation.kind) {
    // Same trouble, maybe in other words ("refused" / "no answer"): keep the since-time, no new event.
    return { state: { ...state, detail: observation.detail, failuresInARow }, changed: false, recheckSoon: false }
  }
  return {
    state: { status: observation.kind, since: now, detail: observation.detail, failuresInARow },
    changed: true,
    recheckSoon: false,
  }
}
