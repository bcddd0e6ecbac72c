/**
 * HTTP contracts shared by server routes and the web app. Routes use these schemas for validation and
 * serialization; the web imports the Static<> types. No Node imports.
 */
import { Type, type Static } from 'typebox'
import { CameraCategory, Community, Department, EventCategory, Grid, Id, LatLng } from './camera-config.ts'
import { ErrorCodeSchema, ErrorParamsSchema } from './errors.ts'

export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('supervisor'),
  Type.Literal('operator'),
  Type.Literal('department'),
  Type.Literal('wall'),
])
export type Role = Static<typeof Role>
export const ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'department', 'wall']

export { ErrorBody } from './errors.ts'

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  cameras: Type.Integer(),
})
export type Health = Static<typeof Health>

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const SessionUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Role,
  department: Type.Union([Id, Type.Null()]),
  /** A paired wall device's account: the monitor it shows (wall.yaml's monitor id). */
  monitor: Type.Optional(Id),
})
export type SessionUser = Static<typeof SessionUser>

/** POST /api/auth/login, GET /api/auth/me */
export const SessionReply = Type.Object({ user: SessionUser })
export type SessionReply = Static<typeof SessionReply>

/** The site's time zone when TIME_ZONE does not name one: schedules, statistics and times on screen. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** Camera state as the health watcher sees it (`unknown` until its first check). */
export const CAMERA_STATUSES = ['unknown', 'online', 'offline', 'auth-failed', 'unreachable'] as const
export const CameraStatus = Type.Enum(CAMERA_STATUSES)
export type CameraStatus = (typeof CAMERA_STATUSES)[number]

/** The states of a camera that is down: the wall's health panel and its camera-down rule, the tree's marks. */
export const CAMERA_DOWN_STATUSES = ['offline', 'unreachable', 'auth-failed'] as const satisfies readonly CameraStatus[]
export type CameraDownStatus = (typeof CAMERA_DOWN_STATUSES)[number]
export const isCameraDown = (status: CameraStatus): status is CameraDownStatus =>
  (CAMERA_DOWN_STATUSES as readonly CameraStatus[]).includes(status)

/**
 * Why a camera that a recording rule records at this hour is not being recorded: a full store, a failing
 * disk, the stream limit; a code of the error catalog with its parameters.
 */
export const RecordingProblem = Type.Object({ code: ErrorCodeSchema, params: ErrorParamsSchema })
export type RecordingProblem = Static<typeof RecordingProblem>

/** A camera as any logged-in client sees it: never a host, URL or credential. */
export const CameraView = Type.Object({
  id: Id,
  name: Type.String(),
  categories: Type.Array(Id),
  community: Id,
  grid: Id,
  location: LatLng,
  ptz: Type.Boolean(),
  sourceType: Type.Union([Type.Literal('onvif'), Type.Literal('rtsp'), Type.Literal('rtmp-push')]),
  status: CameraStatus,
  statusSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Null while it records as its rule says, or when no rule records it. */
  recordingProblem: Type.Union([RecordingProblem, Type.Null()]),
})
export type CameraView = Static<typeof CameraView>

export const CameraList = Type.Object({ cameras: Type.Array(CameraView) })
export type CameraList = Static<typeof CameraList>

/** What the web app needs to label and group things. */
export const PublicConfig = Type.Object({
  cameraCategories: Type.Array(CameraCategory),
  eventCategories: Type.Array(EventCategory),
  communities: Type.Array(Community),
  grids: Type.Array(Grid),
  departments: Type.Array(Department),
  timeZone: Type.String(),
})
export type PublicConfig = Static<typeof PublicConfig>
