/**
 * The case feed's admin API (the outbox to the district case system, the console's Open311 clients). The
 * Open311 endpoint itself answers in GeoReport v2's own JSON and XML (docs/open311.md), declared by content
 * type. No Node imports: the web app imports these types.
 */
import { Type, type Static } from 'typebox'
import { Stage } from './incidents.ts'
import { mediaReply } from './replies.ts'

const Time = Type.String({ format: 'date-time' })
const Count = Type.Integer({ minimum: 0 })

/** An outbox item that failed too often and waits for a person to retry it. */
export const ParkedItem = Type.Object({
  id: Type.Integer(),
  incidentId: Type.Integer(),
  /** The incident's code, or null when the incident is gone. */
  incident: Type.Union([Type.Null(), Type.String()]),
  kind: Type.Union([Type.Literal('request'), Type.Literal('update')]),
  stage: Stage,
  attempts: Count,
  lastError: Type.Union([Type.Null(), Type.String()]),
  createdAt: Time,
})
export type ParkedItem = Static<typeof ParkedItem>

/** GET /api/case-feed/status */
export const CaseFeedStatus = Type.Union([
  Type.Object({
    enabled: Type.Literal(true),
    url: Type.Union([Type.Null(), Type.String()]),
    queueLength: Count,
    oldestPendingAt: Type.Union([Type.Null(), Time]),
    delivered: Count,
    failing: Count,
    lastSuccessAt: Type.Union([Type.Null(), Time]),
    parked: Type.Array(ParkedItem),
  }),
  Type.Object({ enabled: Type.Literal(false) }),
])
export type CaseFeedStatus = Static<typeof CaseFeedStatus>

/** POST /api/case-feed/outbox/:id/retry */
export const OutboxRetried = Type.Object({ retried: Type.Integer() })
export type OutboxRetried = Static<typeof OutboxRetried>

export const Open311Client = Type.Object({
  name: Type.String(),
  createdAt: Time,
  revokedAt: Type.Union([Type.Null(), Time]),
})
export type Open311Client = Static<typeof Open311Client>

/** GET /api/open311/clients */
export const Open311ClientList = Type.Object({ clients: Type.Array(Open311Client) })
export type Open311ClientList = Static<typeof Open311ClientList>

/** 201 to POST /api/open311/clients: the key is shown this once and never stored. */
export const Open311ClientCreated = Type.Object({ name: Type.String(), apiKey: Type.String() })
export type Open311ClientCreated = Static<typeof Open311ClientCreated>

/** Every Open311 answer, success or error, is a GeoReport v2 document in the format its suffix names. */
const open311Document = mediaReply('a GeoReport v2 document, JSON or XML by suffix', 'application/json', 'text/xml')
const open311Errors = mediaReply('GeoReport v2 errors, JSON or XML by suffix', 'application/json', 'text/xml')
export const Open311Replies = { 200: open311Document, '4xx': open311Errors, '5xx': open311Errors }
