/**
 * Why a camera did not do what we asked, in the three kinds the health states, the stream resolver and
 * the HTTP answers share:
 *   unreachable  no conversation at all: connection refused or reset, no route, no answer in time, or the
 *                connection closed before any reply. The network or the device's power is the suspect.
 *   auth-failed  the camera answers and refuses the configured user name or password.
 *   offline      the camera answers but cannot give what we need: an RTSP 404/5xx, a SOAP fault, no video
 *                profile, an answer we cannot read. The device is there; its video service is not.
 * `detail` is a sentence an operator can act on; it never holds a URL with credentials.
 */
import type { CameraDownStatus } from '../contracts/api.ts'
import type { ErrorCode } from '../contracts/errors.ts'
import { maskUrlCredentials } from '../http/log-redaction.ts'
import { DeadlineError } from './async-tools.ts'

export type FailureKind = CameraDownStatus

/** Each kind's catalog code (contracts/errors.ts): the screens explain it and say what to check. */
export const FAILURE_CODES = {
  unreachable: 'camera.unreachable',
  'auth-failed': 'camera.auth-failed',
  offline: 'camera.offline',
} as const satisfies Record<FailureKind, ErrorCode>

/** The code that explains a camera status, or null for `online` and `unknown`. */
export function statusReasonCode(status: string): ErrorCode | null {
  return Object.hasOwn(FAILURE_CODES, status) ? FAILURE_CODES[status as FailureKind] : null
}

export class CameraFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    detail: string,
    readonly timedOut = false,
  ) {
    super(maskUrlCredentials(detail))
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed without an answer',
  EPIPE: 'connection closed without an answer',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'no route to the camera',
  ENETUNREACH: 'no route to the camera',
  EHOSTDOWN: "the camera's host is down",
  ENOTFOUND: "the camera's host name is unknown",
  EAI_AGAIN: "the camera's host name could not be looked up",
  UND_ERR_SOCKET: 'connection closed without an answer',
  UND_ERR_CONNECT_TIMEOUT: 'no answer in time',
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  // fetch (undici) wraps the socket error as `cause`.
  return 'cause' in error ? codeOf((error as { cause?: unknown }).cause) : undefined
}

/**
 * Any error from talking to a camera, as a CameraFailure. `what` names the conversation
 * ("ONVIF", "RTSP", "snapshot") for the detail.
 */
export function classifyFailure(error: unknown, what: string): CameraFailure {
  if (error instanceof CameraFailure) return error
  if (error instanceof DeadlineError)
    return new CameraFailure('unreachable', `${what}: ${error.message.replace(/^[^:]*: /, '')}`, true)
  const code = codeOf(error)
  const message = error instanceof Error ? error.message : String(error)
  if (code && NETWORK_CODES[code])
    return new CameraFailure(
      'unreachable',
      `${what}: ${NETWORK_CODES[code]}`,
      code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT',
    )
  if (/socket hang up|network timeout|timed? ?out/i.test(message))
    return new CameraFailure('unreachable', `${what}: connection closed without an answer`, /time/i.test(message))
  if (/not ?authori[sz]ed|authentication failed|\b401\b|unauthori[sz]ed/i.test(message)) {
    return new CameraFailure('auth-failed', `${what}: the camera refused the configured user name or password`)
  }
  return new CameraFailure('offline', `${what}: ${message.slice(0, 200)}`)
}
