/**
 * Every error code the server sends, with the names of its parameters. An error body carries a stable
 * `code` and its `params`; screens translate the code (web/lib/i18n/*-errors.ts), while `message` stays
 * English for logs and API users. Camera and stream failures use the same codes where they explain a
 * status (`/api/streams` `reasonCode`, the `camera:status` event's `reasonCode`). No Node imports.
 */
import { Type, type Static } from 'typebox'

export const ERROR_CODES = {
  // Sign-in and access
  'auth.login-required': [],
  'auth.session-ended': [],
  'auth.wrong-credentials': [],
  'auth.rate-limited': ['seconds'],
  'auth.forbidden-role': ['role', 'needed'],

  // The request itself
  'request.invalid': ['field', 'problem'],
  'request.malformed': ['problem'],
  'request.body-too-large': [],
  'request.unsupported-media-type': [],
  'request.cross-site': ['origin'],
  'request.idempotency-key-invalid': [],
  'request.idempotency-key-reused': ['key'],
  'request.cursor-invalid': [],
  'request.range-unsatisfiable': ['size'],
  'route.not-found': ['method', 'path'],
  'web.not-built': [],
  'server.internal': [],
  'server.stream-limit': ['streams'],

  // Accounts (the user CLI and the account service)
  'account.username-taken': ['username'],
  'account.last-admin': [],
  'account.admin-name-taken': [],
  'account.unknown': ['username'],

  // Cameras: the three kinds of camera failure (server/cameras/camera-failure.ts), and our own checks
  'camera.unknown': ['camera'],
  'camera.no-ptz': ['camera'],
  'camera.unknown-preset': ['camera', 'preset', 'presets'],
  'camera.offline': [],
  'camera.auth-failed': [],
  'camera.unreachable': [],
  'camera.closed-connection': [],

  // Live streams
  'stream.unknown-quality': ['quality'],
  'stream.stopped': [],
  'stream.not-started': [],
  'stream.segment-gone': ['name'],
  'stream.not-live': ['seconds'],
  'stream.stalled': ['seconds'],
  'stream.ended': ['seconds'],
  'stream.transcode-limit': ['codec'],
  'stream.unavailable': [],

  // Recording and playback
  'recording.disk-full': ['quota'],
  'recording.write-failed': ['problem'],
  'playback.nothing-recorded': ['camera'],
  'playback.unknown-file': ['name'],
  'replay.nothing-held': ['camera'],
  'export.too-long': ['field', 'maxMinutes'],
  'export.too-large': ['maxMegabytes', 'megabytes'],

  // Incidents and the case loop
  'incident.unknown': ['id'],
  'incident.file-unknown': ['name'],
  'incident.stale-version': ['incident'],
  'incident.changed-concurrently': ['incident'],
  'incident.wrong-stage': ['action', 'stage'],
  'incident.forbidden-role': ['action', 'role'],
  'incident.lead-department-only': ['action'],
  'incident.not-lead-department': ['action'],
  'incident.missing-field': ['action', 'field'],
  'incident.merge-target-invalid': ['into'],
  'incident.lead-and-assist': ['department'],
  'incident.wall-read-only': [],
  'incident.photo-missing': [],
  'incident.photo-not-image': ['type'],
  'incident.photo-size': ['width', 'height', 'minSide', 'maxSide', 'maxMegapixels'],
  'incident.photo-undecodable': ['type'],
  'category.unknown': ['category'],
  'department.unknown': ['department'],

  // Patrol: layouts, tours, runs, the log
  'layout.unknown': ['id'],
  'layout.name-taken': ['name'],
  'layout.too-many-cameras': ['tiles', 'cameras'],
  'tour.unknown': ['id'],
  'tour.unknown-items': ['items'],
  'tour.duplicate-time': [],
  'tour-run.unknown': ['id'],
  'tour-run.not-yours': [],
  'tour-run.finished': ['id'],
  'patrol-log.range-reversed': [],

  // The wall display
  'wall.none': [],
  'wall.unknown-monitor': ['monitor'],
  'wall.no-alarm-zone': ['monitor'],
  'wall.unknown-zone': ['zone', 'preset', 'monitor'],
  'wall.push-one-thing': ['given'],
  'wall.device-monitor-only': ['monitor'],
  'wall.device-name-invalid': [],
  'wall.unknown-device': ['name'],

  // The case feed and its Open311 clients (the Open311 endpoint itself answers in its spec's format)
  'case-feed.off': [],
  'case-feed.outbox-item-unknown': ['id'],
  'open311-client.invalid': ['problem'],
  'open311-client.unknown': ['name'],
} as const satisfies Record<string, readonly string[]>

export type ErrorCode = keyof typeof ERROR_CODES
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[]

export type ErrorParamValue = string | number
/** The parameters a code declares, each required, and no others. */
export type ErrorParams<C extends ErrorCode> = (typeof ERROR_CODES)[C] extends readonly []
  ? Record<string, never>
  : { [K in (typeof ERROR_CODES)[C][number]]: ErrorParamValue }

/** A code with its parameters, checked against the catalog: `problem('camera.unknown', { camera })`. */
export type Problem = { [C in ErrorCode]: { code: C; params: ErrorParams<C> } }[ErrorCode]

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

export const ErrorCodeSchema = Type.Unsafe<ErrorCode>({ type: 'string', enum: ERROR_CODE_LIST })
export const ErrorParamsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))

/** Every error body: fastify's shape plus the code and its parameters; `message` is English, for logs. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  code: ErrorCodeSchema,
  params: ErrorParamsSchema,
  message: Type.String(),
})
export type ErrorBody = Static<typeof ErrorBody>

/** A camera or stream reason beside its English text, for fields that explain a state rather than fail. */
export const ReasonCode = Type.Union([ErrorCodeSchema, Type.Null()])
