/**
 * Incidents and the case loop (docs/domain.md): stages, actions, the incident as clients see it, its
 * timeline. No Node imports: the web app imports these types.
 */
import { Type, type Static } from 'typebox'
import { Id, LatLng } from './camera-config.ts'

export const STAGES = [
  'reported',
  'accepted',
  'rejected',
  'merged',
  'dispatched',
  'returned',
  'acknowledged',
  'in-progress',
  'handled',
  'verified',
  'closed',
  'archived',
] as const
export const Stage = Type.Enum(STAGES)
export type Stage = (typeof STAGES)[number]

/** Stages where the incident is still someone's work (the board's open columns, the wall's list). */
export const OPEN_STAGES = [
  'reported',
  'accepted',
  'dispatched',
  'returned',
  'acknowledged',
  'in-progress',
  'handled',
  'verified',
] as const satisfies readonly Stage[]
export const isOpenStage = (stage: Stage): boolean => (OPEN_STAGES as readonly Stage[]).includes(stage)

/** With a department: dispatched until the centre has verified the result (statistics' "in progress"). */
export const WITH_DEPARTMENT_STAGES = [
  'dispatched',
  'returned',
  'acknowledged',
  'in-progress',
  'handled',
] as const satisfies readonly Stage[]

export const ACTIONS = [
  'accept',
  'reject',
  'merge',
  'dispatch',
  'acknowledge',
  'return',
  'start',
  'handle',
  'verify',
  'rework',
  'close',
  'archive',
] as const
export type Action = (typeof ACTIONS)[number]

export const SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const
export const Severity = Type.Enum(SEVERITIES)
export type Severity = (typeof SEVERITIES)[number]

export const CLOSE_REASONS = ['resolved', 'not-responsible', 'no-further-action', 'duplicate'] as const
export const CloseReason = Type.Enum(CLOSE_REASONS)
export type CloseReason = (typeof CLOSE_REASONS)[number]

export const CreateIncident = Type.Object(
  {
    cameraId: Id,
    category: Id,
    severity: Type.Optional(Severity),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export type CreateIncident = Static<typeof CreateIncident>

/** The body of POST /api/incidents/:id/transitions: the action and the fields it needs. */
export const TransitionBody = Type.Object(
  {
    action: Type.Enum(ACTIONS),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    lead: Type.Optional(Id),
    assisting: Type.Optional(Type.Array(Id, { maxItems: 8 })),
    into: Type.Optional(Type.Integer({ minimum: 1 })),
    closeReason: Type.Optional(CloseReason),
    /** The version the client saw: a stale one gets 409 instead of overwriting someone's change. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)
export type TransitionBody = Static<typeof TransitionBody>

export const TimelineEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  actorRole: Type.String(),
  /** An action of the loop, or `note`, `photo`, `escalated`, `evidence`, `created`. */
  kind: Type.String(),
  from: Type.Union([Type.Null(), Stage]),
  to: Type.Union([Type.Null(), Stage]),
  text: Type.Union([Type.Null(), Type.String()]),
  data: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]),
})
export type TimelineEntry = Static<typeof TimelineEntry>

export const Incident = Type.Object({
  id: Type.Integer(),
  /** For people and phone calls: SE-20261127-0007. */
  code: Type.String(),
  cameraId: Type.Union([Type.Null(), Id]),
  category: Id,
  severity: Severity,
  note: Type.String(),
  community: Type.Union([Type.Null(), Id]),
  grid: Type.Union([Type.Null(), Id]),
  location: Type.Union([Type.Null(), LatLng]),
  address: Type.Union([Type.Null(), Type.String()]),
  stage: Stage,
  lead: Type.Union([Type.Null(), Id]),
  assisting: Type.Array(Id),
  /** What the routing rules suggest for this category and place. */
  suggestedLead: Type.Union([Type.Null(), Id]),
  suggestedAssisting: Type.Array(Id),
  reportedBy: Type.String(),
  /** `console`, or `open311:<client>` for reports from the grid app or the service window. */
  source: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dispatchedAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
  acknowledgeDueAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
  handleDueAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
  escalated: Type.Boolean(),
  closeReason: Type.Union([Type.Null(), CloseReason]),
  mergedInto: Type.Union([Type.Null(), Type.Integer()]),
  hasSnapshot: Type.Boolean(),
  hasClip: Type.Boolean(),
  photos: Type.Integer(),
  version: Type.Integer(),
})
export type Incident = Static<typeof Incident>

/** GET /api/incidents/duplicates */
export const IncidentList = Type.Object({ incidents: Type.Array(Incident) })
export type IncidentList = Static<typeof IncidentList>

export const IncidentWithTimeline = Type.Intersect([Incident, Type.Object({ timeline: Type.Array(TimelineEntry) })])
export type IncidentWithTimeline = Static<typeof IncidentWithTimeline>

const Count = Type.Integer({ minimum: 0 })
/** Incidents reported in a period, counted by where they are now. */
const StatsCounts = {
  reported: Count,
  closed: Count,
  escalated: Count,
  /** Not closed, rejected or merged. */
  open: Count,
  /** With a department: dispatched, returned, acknowledged, in progress or handled (awaiting verification). */
  inProgress: Count,
  /** Open and past the acknowledge or handle due time the department still owes. */
  overdue: Count,
}
export const StatsRow = Type.Object({ id: Id, ...StatsCounts })
export type StatsRow = Static<typeof StatsRow>
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])
export const StatsTotals = Type.Object({
  ...StatsCounts,
  /** closed / reported (null: nothing reported). */
  closureRate: Rate,
  /** Closed without escalation / closed (null: nothing closed). */
  onTimeRate: Rate,
})
export type StatsTotals = Static<typeof StatsTotals>
export const PeriodStats = Type.Object({
  /** UTC ISO 8601: local midnight today, or the first of the month. */
  since: Type.String({ format: 'date-time' }),
  totals: StatsTotals,
  byCategory: Type.Array(StatsRow),
  byDepartment: Type.Array(StatsRow),
})
export type PeriodStats = Static<typeof PeriodStats>
/** GET /api/incidents/stats */
export const IncidentStats = Type.Object({ today: PeriodStats, month: PeriodStats })
export type IncidentStats = Static<typeof IncidentStats>
/**
 * Headers of a report (POST /api/incidents, Open311 POST requests): a retry with the same key within a
 * day returns the first answer, never a second incident. 1-200 visible ASCII characters (checked by the
 * route, so the 400 names the header); one key per report, reused on its retries.
 */
export const ReportHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String()),
})
export type ReportHeaders = Static<typeof ReportHeaders>

/** Rows in one page of GET /api/incidents: 200 unless asked, at most 500. */
export const INCIDENT_PAGE_DEFAULT = 200
export const INCIDENT_PAGE_MAX = 500

/** GET /api/incidents: filters, then newest first in pages; `cursor` is the previous page's `next`. */
export const IncidentListQuery = Type.Object({
  stage: Type.Optional(Stage),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  department: Type.Optional(Type.String({ maxLength: 64 })),
  community: Type.Optional(Type.String({ maxLength: 64 })),
  /** Only incidents still someone's work (reported to verified). */
  open: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INCIDENT_PAGE_MAX })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
})
export type IncidentListQuery = Static<typeof IncidentListQuery>

export const IncidentPage = Type.Object({
  incidents: Type.Array(Incident),
  /** The newest event sequence, read before the first row: live events after it complete the list. */
  lastSeq: Type.Integer(),
  /** How many incidents match the filters, over all pages. */
  total: Type.Integer(),
  /** The cursor of the next page, or null on the last. */
  next: Type.Union([Type.String(), Type.Null()]),
})
export type IncidentPage = Static<typeof IncidentPage>

/** A live event about an incident, numbered: a reconnecting client asks for everything after its last. */
export interface IncidentEvent {
  seq: number
  kind: 'created' | 'transition' | 'note' | 'photo' | 'escalated' | 'evidence'
  incident: Incident
  /** The timeline entry this event adds. */
  entry: TimelineEntry | null
}
