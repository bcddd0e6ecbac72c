/**
 * Patrol contracts: saved layouts, tours (巡查), tour runs and schedules, the patrol log and coverage.
 * No Node imports: the web app imports these types.
 */
import { Type, type Static } from 'typebox'
import { Id } from './camera-config.ts'
import { Quality } from './media.ts'

/** Split layouts: n x n grids, and focus layouts (one large tile plus 5 or 7 small ones). */
export const LayoutKind = Type.Union([
  Type.Literal('1'),
  Type.Literal('4'),
  Type.Literal('9'),
  Type.Literal('16'),
  Type.Literal('25'),
  Type.Literal('1+5'),
  Type.Literal('1+7'),
])
export type LayoutKind = Static<typeof LayoutKind>
export const LAYOUT_TILES: Record<LayoutKind, number> = {
  '1': 1,
  '4': 4,
  '9': 9,
  '16': 16,
  '25': 25,
  '1+5': 6,
  '1+7': 8,
}

/** A layout's tiles in order; null is an empty tile. */
export const TileCameras = Type.Array(Type.Union([Id, Type.Null()]), { maxItems: 25 })

export const SavedLayout = Type.Object({
  id: Type.Integer(),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: LayoutKind,
  cameras: TileCameras,
  updatedAt: Type.String({ format: 'date-time' }),
})
export type SavedLayout = Static<typeof SavedLayout>

/** GET /api/layouts: the caller's own. */
export const LayoutList = Type.Object({ layouts: Type.Array(SavedLayout) })
export type LayoutList = Static<typeof LayoutList>

export const LayoutInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: LayoutKind,
    cameras: TileCameras,
  },
  { additionalProperties: false },
)
export type LayoutInput = Static<typeof LayoutInput>

/** What the console restores at login: the layout on screen when the operator left. */
export const ConsoleState = Type.Object(
  {
    kind: LayoutKind,
    cameras: TileCameras,
    /** The saved layout it came from, if any. */
    layoutId: Type.Union([Type.Null(), Type.Integer()]),
  },
  { additionalProperties: false },
)
export type ConsoleState = Static<typeof ConsoleState>

/** GET /api/console-state: null before the first save. */
export const ConsoleStateReply = Type.Object({ state: Type.Union([ConsoleState, Type.Null()]) })
export type ConsoleStateReply = Static<typeof ConsoleStateReply>

/** A tour step: one camera, or every camera of a group (expanded by the server when the tour runs). */
export const TourItem = Type.Union([
  Type.Object({ type: Type.Literal('camera'), id: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('category'), id: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('community'), id: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('grid'), id: Id }, { additionalProperties: false }),
])
export type TourItem = Static<typeof TourItem>

/** When a tour is due: local times of day (the site's time zone), on some weekdays (1 = Monday). */
export const TourSchedule = Type.Object(
  {
    times: Type.Array(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }), { minItems: 1, maxItems: 48 }),
    weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 })),
    /** A due tour not started within this many minutes counts as missed. */
    graceMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  },
  { additionalProperties: false },
)
export type TourSchedule = Static<typeof TourSchedule>

export const TourInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    items: Type.Array(TourItem, { minItems: 1, maxItems: 500 }),
    kind: LayoutKind,
    dwellSeconds: Type.Integer({ minimum: 3, maximum: 3600 }),
    schedule: Type.Union([TourSchedule, Type.Null()]),
  },
  { additionalProperties: false },
)
export type TourInput = Static<typeof TourInput>

export const Tour = Type.Intersect([
  TourInput,
  Type.Object({
    id: Type.Integer(),
    createdBy: Type.String(),
    updatedAt: Type.String({ format: 'date-time' }),
    /** The cameras the items expand to now, in tour order, without repeats. */
    cameraIds: Type.Array(Id),
  }),
])
export type Tour = Static<typeof Tour>

export const TourList = Type.Object({ tours: Type.Array(Tour) })
export type TourList = Static<typeof TourList>

export const TourRun = Type.Object({
  id: Type.Integer(),
  tourId: Type.Integer(),
  username: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Every page was shown. */
  completed: Type.Boolean(),
  /** The scheduled time this run answers, if it was started for one. */
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type TourRun = Static<typeof TourRun>

/** One scheduled occurrence of a tour and what became of it. */
export const TourDue = Type.Object({
  tourId: Type.Integer(),
  tourName: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('due'), Type.Literal('run'), Type.Literal('missed')]),
  runId: Type.Union([Type.Null(), Type.Integer()]),
})
export type TourDue = Static<typeof TourDue>

/** GET /api/tours/due */
export const TourDueList = Type.Object({ due: Type.Array(TourDue) })
export type TourDueList = Static<typeof TourDueList>

/** Streams to warm up before a tour page shows them. */
export const PrefetchInput = Type.Object(
  {
    streams: Type.Array(Type.Object({ cameraId: Id, quality: Quality }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 25,
    }),
  },
  { additionalProperties: false },
)
export type PrefetchInput = Static<typeof PrefetchInput>

/** 202 to POST /api/streams/prefetch: how many streams were started or kept. */
export const PrefetchStarted = Type.Object({ started: Type.Integer() })
export type PrefetchStarted = Static<typeof PrefetchStarted>

/** A camera on an operator's screen, from when to when (from the viewing audit). */
export const PatrolLogEntry = Type.Object({
  username: Type.String(),
  cameraId: Id,
  quality: Quality,
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type PatrolLogEntry = Static<typeof PatrolLogEntry>

/** GET /api/patrol/log: sessions overlapping [from, to] (default: the last 24 hours), by user or camera. */
export const PatrolLogQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  username: Type.Optional(Type.String({ maxLength: 64 })),
  cameraId: Type.Optional(Type.String({ maxLength: 64 })),
})
export type PatrolLogQuery = Static<typeof PatrolLogQuery>

/** GET /api/patrol/log: newest first; `truncated` when the window held more than the reply carries. */
export const PatrolLog = Type.Object({ entries: Type.Array(PatrolLogEntry), truncated: Type.Boolean() })
export type PatrolLog = Static<typeof PatrolLog>

export const CoverageGroup = Type.Object({
  id: Id,
  cameras: Type.Integer(),
  patrolled: Type.Integer(),
  /** Cameras not on anyone's screen for the minimum dwell within the window. */
  unpatrolled: Type.Array(Id),
})
export type CoverageGroup = Static<typeof CoverageGroup>

export const CoverageReport = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  hours: Type.Integer(),
  /** Seconds on a screen without a break before a camera counts as patrolled. */
  minDwellSeconds: Type.Integer(),
  byCategory: Type.Array(CoverageGroup),
  byCommunity: Type.Array(CoverageGroup),
  /** Time each operator had at least one camera on screen (overlapping tiles count once). */
  operators: Type.Array(
    Type.Object({ username: Type.String(), patrolSeconds: Type.Integer(), cameras: Type.Integer() }),
  ),
})
export type CoverageReport = Static<typeof CoverageReport>

// Note: nullable integers list Null first. fast-json-stringify tries anyOf branches in order and would
// coerce null to 0 under an Integer branch.
