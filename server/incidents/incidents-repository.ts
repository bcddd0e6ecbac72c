/**
 * Incidents, their append-only timeline and their numbered live events, in SQLite. Every change goes
 * through `change()`: one transaction that checks the version, updates the row, appends the timeline
 * entry and the event, so a change and its record can never be apart.
 */
import type Database from 'better-sqlite3'
import { StatementCache } from '../db/statement-cache.ts'
import type { Incident, Severity, Stage, TimelineEntry } from '../contracts/incidents.ts'

export interface IncidentRow {
  id: number
  code: string
  camera_id: string | null
  category: string
  severity: Severity
  note: string
  community: string | null
  grid: string | null
  lat: number | null
  lng: number | null
  address: string | null
  stage: Stage
  lead: string | null
  assisting: string
  suggested_lead: string | null
  suggested_assisting: string
  acknowledge_minutes: number
  handle_minutes: number
  reported_by: string
  source: string
  reported_at: string
  updated_at: string
  dispatched_at: string | null
  acknowledge_due_at: string | null
  handle_due_at: string | null
  escalated_at: string | null
  escalations: string
  close_reason: Incident['closeReason']
  merged_into: number | null
  has_snapshot: number
  has_clip: number
  photos: number
  version: number
}

interface TimelineRow {
  id: number
  at: string
  actor: string
  actor_role: string
  kind: string
  from_stage: Stage | null
  to_stage: Stage | null
  text: string | null
  data: string | null
}

/** A stage change with what a case feed needs of its incident (one query for all: see stageChangesBetween). */
export interface StageChangeRow {
  id: number
  at: string
  to_stage: Stage
  text: string | null
  code: string
  close_reason: IncidentRow['close_reason']
}

export const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  code: r.code,
  cameraId: r.camera_id,
  category: r.category,
  severity: r.severity,
  note: r.note,
  community: r.community,
  grid: r.grid,
  location: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
  address: r.address,
  stage: r.stage,
  lead: r.lead,
  assisting: JSON.parse(r.assisting) as string[],
  suggestedLead: r.suggested_lead,
  suggestedAssisting: JSON.parse(r.suggested_assisting) as string[],
  reportedBy: r.reported_by,
  source: r.source,
  reportedAt: r.reported_at,
  updatedAt: r.updated_at,
  dispatchedAt: r.dispatched_at,
  acknowledgeDueAt: r.acknowledge_due_at,
  handleDueAt: r.handle_due_at,
  escalated: r.escalated_at !== null,
  closeReason: r.close_reason,
  mergedInto: r.merged_into,
  hasSnapshot: r.has_snapshot === 1,
  hasClip: r.has_clip === 1,
  photos: r.photos,
  version: r.version,
})

const toEntry = (r: TimelineRow): TimelineEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorRole: r.actor_role,
  kind: r.kind,
  from: r.from_stage,
  to: r.to_stage,
  text: r.text,
  data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
})

export interface NewEntry {
  actor: string
  actorRole: string
  kind: string
  from?: Stage | null
  to?: Stage | null
  text?: string | null
  data?: Record<string, unknown> | null
}

interface EventRow {
  seq: number
  incident_id: number
  kind: string
  departments: string
  entry_id: number | null
}

export interface StoredEvent {
  seq: number
  incidentId: number
  kind: string
  departments: string[]
  entryId: number | null
}

/** Columns a change may set (snake_case, as stored). */
export type IncidentChanges = Partial<Omit<IncidentRow, 'id' | 'code' | 'version' | 'updated_at'>>

export interface ListFilter {
  stage?: Stage
  /** Only these stages (the open ones, for a board). */
  stages?: readonly Stage[]
  category?: string
  department?: string
  community?: string
  since?: string
  code?: string
  limit?: number
  beforeId?: number
}

function whereOf(filter: ListFilter): { where: string[]; args: (string | number)[] } {
  const where: string[] = []
  const args: (string | number)[] = []
  const equal = { stage: filter.stage, category: filter.category, community: filter.community, code: filter.code }
  for (const [column, value] of Object.entries(equal)) {
    if (value === undefined) continue
    where.push(`${column} = ?`)
    args.push(value)
  }
  if (filter.stages) {
    where.push(`stage IN (${filter.stages.map(() => '?').join(', ')})`)
    args.push(...filter.stages)
  }
  if (filter.since) {
    where.push('reported_at >= ?')
    args.push(filter.since)
  }
  if (filter.department) {
    where.push('(lead = ? OR EXISTS (SELECT 1 FROM json_each(incidents.assisting) WHERE value = ?))')
    args.push(filter.department, filter.department)
  }
  return { where, args }
}

export class VersionConflict extends Error {}

/** Runs inside the transaction of every incident write: what must be written with it (the case outbox). */
export type WriteHook = (row: IncidentRow, event: StoredEvent, previous: IncidentRow | undefined) => void

export class IncidentsRepository {
  private readonly byId: Database.Statement<[number], IncidentRow>
  private readonly timelineOf: Database.Statement<[number], TimelineRow>
  private readonly stageChanges: Database.Statement<[string, string, number], StageChangeRow>
  private readonly entryById: Database.Statement<[number], TimelineRow>
  private readonly insertEntry: Database.Statement<
    [number, string, string, string, string, string | null, string | null, string | null, string | null]
  >
  private readonly insertEvent: Database.Statement<[number, string, string, number | null, string]>

  private readonly writeHooks: WriteHook[] = []

  onWrite(hook: WriteHook): void {
    this.writeHooks.push(hook)
  }

  private readonly sql: StatementCache

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = new StatementCache(db)
    this.byId = db.prepare('SELECT * FROM incidents WHERE id = ?')
    this.timelineOf = db.prepare('SELECT * FROM incident_timeline WHERE incident_id = ? ORDER BY id')
    // Times are stored as toISOString() (UTC, fixed width), so they compare as text.
    this.stageChanges =
      db.prepare(`SELECT t.id, t.at, t.to_stage, t.text, i.code, i.close_reason FROM incident_timeline t
      JOIN incidents i ON i.id = t.incident_id WHERE t.to_stage IS NOT NULL AND t.at >= ? AND t.at <= ? ORDER BY t.at, t.id LIMIT ?`)
    this.entryById = db.prepare('SELECT * FROM incident_timeline WHERE id = ?')
    this.insertEntry = db.prepare(
      'INSERT INTO incident_timeline (incident_id, at, actor, actor_role, kind, from_stage, to_stage, text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.insertEvent = db.prepare(
      'INSERT INTO incident_events (incident_id, kind, departments, entry_id, at) VALUES (?, ?, ?, ?, ?)',
    )
  }

  get(id: number): IncidentRow | undefined {
    return this.byId.get(id)
  }

  timeline(id: number): TimelineEntry[] {
    return this.timelineOf.all(id).map(toEntry)
  }

  /** Every stage change between two times (inclusive), oldest first, across all incidents. */
  stageChangesBetween(fromMs: number, toMs: number, limit: number): StageChangeRow[] {
    return this.stageChanges.all(new Date(fromMs).toISOString(), new Date(toMs).toISOString(), limit)
  }

  entry(id: number): TimelineEntry | undefined {
    const row = this.entryById.get(id)
    return row && toEntry(row)
  }

  /** Matching incidents, newest first; `beforeId` continues a list after its last row. */
  list(filter: ListFilter): IncidentRow[] {
    const { where, args } = whereOf(filter)
    if (filter.beforeId !== undefined) {
      where.push('id < ?')
      args.push(filter.beforeId)
    }
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
    return this.sql.get<(string | number)[], IncidentRow>(sql).all(...args, filter.limit ?? 500)
  }

  /** How many incidents match, over all pages. */
  count(filter: ListFilter): number {
    const { where, args } = whereOf(filter)
    const sql = `SELECT count(*) AS n FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`
    return this.sql.get<(string | number)[], { n: number }>(sql).get(...args)!.n
  }

  /** Inserts a new incident with its first timeline entry and event; returns the row and event. */
  create(
    fields: Omit<IncidentRow, 'id' | 'code' | 'version' | 'updated_at'>,
    entry: NewEntry,
    localDay: string,
  ): { row: IncidentRow; event: StoredEvent } {
    return this.db.transaction(() => {
      const n =
        (this.sql.get('SELECT count(*) AS n FROM incidents WHERE code LIKE ?').get(`SE-${localDay}-%`) as { n: number })
          .n + 1
      const code = `SE-${localDay}-${String(n).padStart(4, '0')}`
      const columns = Object.keys(fields)
      const { lastInsertRowid } = this.sql
        .get(
          `INSERT INTO incidents (code, updated_at, ${columns.join(', ')}) VALUES (?, ?, ${columns.map((c) => `@${c}`).join(', ')})`,
        )
        .run(code, fields.reported_at, fields)
      const id = Number(lastInsertRowid)
      const event = this.appendEntryAndEvent(id, entry, 'created', [])
      const row = this.byId.get(id)!
      for (const hook of this.writeHooks) hook(row, event, undefined)
      return { row, event }
    })()
  }

  /**
   * Applies `changes` if the incident is still at `expectedVersion`, appending `entry` and an event of
   * `kind` visible to `departments`. Throws VersionConflict when someone changed it first.
   */
  change(
    id: number,
    expectedVersion: number | 'current',
    changes: IncidentChanges,
    entry: NewEntry,
    kind: string,
    departments: (row: IncidentRow) => string[],
  ): { row: IncidentRow; event: StoredEvent } {
    return this.db.transaction(() => {
      // 'current': a change by the system itself (evidence saved, an escalation), not a person's decision.
      const previous = this.byId.get(id)
      const version = expectedVersion === 'current' ? previous?.version : expectedVersion
      const set = Object.keys(changes).map((c) => `${c} = @${c}`)
      // The version guards decisions: only a change of stage makes a screen stale. Evidence arriving, a
      // note, a photo or an escalation flag must not turn an operator's next click into a conflict.
      const bump = changes.stage !== undefined ? ['version = version + 1'] : []
      const result = this.sql
        .get(
          `UPDATE incidents SET ${[...set, ...bump, 'updated_at = @__now'].join(', ')} WHERE id = @__id AND version = @__version`,
        )
        .run({ ...changes, __now: new Date(this.now()).toISOString(), __id: id, __version: version ?? -1 })
      if (result.changes === 0) throw new VersionConflict(`incident ${id} was changed by someone else first`)
      const row = this.byId.get(id)!
      const event = this.appendEntryAndEvent(id, entry, kind, departments(row))
      for (const hook of this.writeHooks) hook(row, event, previous)
      return { row, event }
    })()
  }

  private appendEntryAndEvent(id: number, entry: NewEntry, kind: string, departments: string[]): StoredEvent {
    const at = new Date(this.now()).toISOString()
    const { lastInsertRowid: entryId } = this.insertEntry.run(
      id,
      at,
      entry.actor,
      entry.actorRole,
      entry.kind,
      entry.from ?? null,
      entry.to ?? null,
      entry.text ?? null,
      entry.data ? JSON.stringify(entry.data) : null,
    )
    const { lastInsertRowid: seq } = this.insertEvent.run(id, kind, JSON.stringify(departments), Number(entryId), at)
    return { seq: Number(seq), incidentId: id, kind, departments, entryId: Number(entryId) }
  }

  /**
   * Up to `limit` events after `seq`, oldest first, that a department (or, with null, the centre) may see.
   * The audience is filtered in the query, before the limit, so a page is never emptied by events for others.
   */
  eventsAfter(seq: number, department: string | null, limit: number): StoredEvent[] {
    const rows =
      department === null
        ? this.sql
            .get<[number, number], EventRow>(
              'SELECT seq, incident_id, kind, departments, entry_id FROM incident_events WHERE seq > ? ORDER BY seq LIMIT ?',
            )
            .all(seq, limit)
        : this.sql
            .get<[number, string, number], EventRow>(
              `SELECT seq, incident_id, kind, departments, entry_id FROM incident_events
               WHERE seq > ? AND EXISTS (SELECT 1 FROM json_each(incident_events.departments) WHERE value = ?)
               ORDER BY seq LIMIT ?`,
            )
            .all(seq, department, limit)
    return rows.map((r) => ({
      seq: r.seq,
      incidentId: r.incident_id,
      kind: r.kind,
      departments: JSON.parse(r.departments) as string[],
      entryId: r.entry_id,
    }))
  }

  /**
   * Whether an incident the department held at `seq` (it had seen an event about it) left it after `seq`
   * (re-dispatched elsewhere after a return): an event it may not see follows one it could. Its list still
   * holds the incident and no replay may tell it why, so only reloading the list brings it up to date.
   */
  departedSince(seq: number, department: string): boolean {
    const row = this.sql
      .get<[{ department: string; seq: number }], { found: number }>(
        `WITH seen AS (
           SELECT e.seq, e.incident_id, EXISTS (SELECT 1 FROM json_each(e.departments) WHERE value = @department) AS sees
           FROM incident_events e
           WHERE e.incident_id IN (SELECT incident_id FROM incident_events WHERE seq > @seq)
         ), steps AS (
           SELECT seq, incident_id, sees, lag(sees) OVER (PARTITION BY incident_id ORDER BY seq) AS saw FROM seen
         )
         SELECT 1 AS found FROM steps d
         WHERE d.seq > @seq AND d.saw = 1 AND d.sees = 0
           AND EXISTS (SELECT 1 FROM seen h WHERE h.incident_id = d.incident_id AND h.seq <= @seq AND h.sees = 1)
         LIMIT 1`,
      )
      .get({ department, seq })
    return row !== undefined
  }

  lastSeq(): number {
    return (this.sql.get('SELECT coalesce(max(seq), 0) AS n FROM incident_events').get() as { n: number }).n
  }
}
