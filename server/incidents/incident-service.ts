/**
 * What people do with incidents: report, move through the case loop, add notes and photos; and what the
 * system does: escalate. Each change is one repository transaction, then one published event.
 */
import type { SessionUser } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import type { CloseReason, CreateIncident, Incident, TransitionBody } from '../contracts/incidents.ts'
import { BadRequestError, coded, ConflictError, ForbiddenError, HttpError, NotFoundError } from '../http/http-errors.ts'
import type { IncidentFeed } from './incident-feed.ts'
import { checkTransition, WORKFLOW } from './incident-workflow.ts'
import {
  toIncident,
  VersionConflict,
  type IncidentChanges,
  type IncidentRow,
  type IncidentsRepository,
  type NewEntry,
} from './incidents-repository.ts'
import { suggestRoute } from './routing.ts'

export interface CameraLookup {
  get(id: string): { id: string; community: string; grid: string; location: { lat: number; lng: number } } | undefined
}

export interface IncidentServiceDeps {
  repo: IncidentsRepository
  feed: IncidentFeed
  config: CameraConfig
  cameras: CameraLookup
  timeZone: string
  now: () => number
  /** Called after an incident was created from a camera: snapshot and clip capture, in the background. */
  onCreated?: (incident: Incident) => void
}

/** A report from outside the room (Open311: grid app, service window) may have no camera. */
export interface ExternalReport {
  category: string
  note: string
  location: { lat: number; lng: number } | null
  address: string | null
  community: string | null
  grid: string | null
}

const departmentsOf = (row: IncidentRow): string[] => [
  ...new Set([row.lead, ...(JSON.parse(row.assisting) as string[])].filter((d): d is string => d !== null)),
]

export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  /** Whether this user may see the incident: the centre sees all, a department those it was sent. */
  canSee(user: SessionUser, row: IncidentRow): boolean {
    if (user.role !== 'department') return true
    return user.department !== null && departmentsOf(row).includes(user.department)
  }

  /** The incident, or 404 for one that does not exist or that this user may not see (no hint which). */
  visible(user: SessionUser, id: number): IncidentRow {
    const row = this.deps.repo.get(id)
    if (!row || !this.canSee(user, row)) throw new NotFoundError('incident.unknown', { id }, `no incident ${id}`)
    return row
  }

  create(input: CreateIncident, user: SessionUser): Incident {
    const camera = this.deps.cameras.get(input.cameraId)
    if (!camera) {
      const id = input.cameraId
      throw new BadRequestError('camera.unknown', { camera: id }, `cameraId: unknown camera "${id}"`)
    }
    const incident = this.insert(
      {
        category: input.category,
        note: input.note ?? '',
        severity: input.severity ?? 'normal',
        cameraId: camera.id,
        community: camera.community,
        grid: camera.grid,
        location: camera.location,
        address: null,
      },
      user.username,
      user.role,
      'console',
    )
    this.deps.onCreated?.(incident)
    return incident
  }

  /** A report from an external client (Open311), entered as `reported` with its source shown. */
  createExternal(report: ExternalReport, client: string): Incident {
    return this.insert(
      { ...report, severity: 'normal', cameraId: null },
      `open311:${client}`,
      'external',
      `open311:${client}`,
    )
  }

  private insert(
    fields: {
      category: string
      note: string
      severity: Incident['severity']
      cameraId: string | null
      community: string | null
      grid: string | null
      location: { lat: number; lng: number } | null
      address: string | null
    },
    reportedBy: string,
    role: string,
    source: string,
  ): Incident {
    const category = this.deps.config.eventCategories.find((c) => c.id === fields.category)
    if (!category) {
      const id = fields.category
      throw new BadRequestError('category.unknown', { category: id }, `category: unknown event category "${id}"`)
    }
    const route = suggestRoute(this.deps.config.rules, category, { community: fields.community, grid: fields.grid })
    const at = new Date(this.deps.now()).toISOString()
    const { row, event } = this.deps.repo.create(
      {
        camera_id: fields.cameraId,
        category: category.id,
        severity: fields.severity,
        note: fields.note,
        community: fields.community,
        grid: fields.grid,
        lat: fields.location?.lat ?? null,
        lng: fields.location?.lng ?? null,
        address: fields.address,
        stage: 'reported',
        lead: null,
        assisting: '[]',
        suggested_lead: route.lead,
        suggested_assisting: JSON.stringify(route.assisting),
        acknowledge_minutes: route.limits.acknowledgeMinutes,
        handle_minutes: route.limits.handleMinutes,
        reported_by: reportedBy,
        source,
        reported_at: at,
        dispatched_at: null,
        acknowledge_due_at: null,
        handle_due_at: null,
        escalated_at: null,
        escalations: '[]',
        close_reason: null,
        merged_into: null,
        has_snapshot: 0,
        has_clip: 0,
        photos: 0,
      },
      {
        actor: reportedBy,
        actorRole: role,
        kind: 'created',
        to: 'reported',
        text: fields.note || null,
        data: { category: category.id, severity: fields.severity },
      },
      this.localDay(),
    )
    this.deps.feed.publish(event)
    return toIncident(row)
  }

  transition(id: number, body: TransitionBody, user: SessionUser): Incident {
    const row = this.visible(user, id)
    if (body.version !== undefined && body.version !== row.version) {
      throw new ConflictError(
        'incident.stale-version',
        { incident: row.code },
        `incident ${row.code} changed since you loaded it (version ${row.version}, not ${body.version}); reload and try again`,
      )
    }
    const check = checkTransition(body.action, row.stage, row.lead, user, body)
    if (!check.ok) throw new HttpError(check.status, ...coded(check))
    const changes: IncidentChanges = { stage: check.to }
    const data: Record<string, unknown> = {}
    if (body.action === 'dispatch') {
      Object.assign(changes, this.dispatchChanges(body))
      Object.assign(data, { lead: body.lead, assisting: body.assisting ?? [] })
    }
    if (body.action === 'merge') {
      const target = this.deps.repo.get(body.into!)
      if (!target || target.id === row.id || target.merged_into !== null)
        throw new BadRequestError(
          'incident.merge-target-invalid',
          { into: body.into! },
          `into: incident ${body.into} cannot take this one`,
        )
      changes.merged_into = target.id
      data['into'] = target.code
    }
    if (body.action === 'close') {
      changes.close_reason = body.closeReason!
      data['closeReason'] = body.closeReason
    }
    const entry: NewEntry = {
      actor: user.username,
      actorRole: user.role,
      kind: body.action,
      from: row.stage,
      to: check.to,
      text: body.note ?? body.reason ?? null,
      data: Object.keys(data).length ? data : null,
    }
    return this.apply(row, row.version, changes, entry, 'transition')
  }

  private dispatchChanges(body: TransitionBody): IncidentChanges {
    const departments = new Set(this.deps.config.departments.map((d) => d.id))
    const assisting = [...new Set(body.assisting ?? [])]
    for (const d of [body.lead!, ...assisting])
      if (!departments.has(d))
        throw new BadRequestError('department.unknown', { department: d }, `unknown department "${d}"`)
    if (assisting.includes(body.lead!))
      throw new BadRequestError(
        'incident.lead-and-assist',
        { department: body.lead! },
        `"${body.lead}" cannot lead and assist at once`,
      )
    return {
      lead: body.lead!,
      assisting: JSON.stringify(assisting),
      dispatched_at: new Date(this.deps.now()).toISOString(),
      escalations: '[]',
      escalated_at: null,
    }
  }

  note(id: number, text: string, user: SessionUser): Incident {
    const row = this.visible(user, id)
    if (user.role === 'wall')
      throw new ForbiddenError('incident.wall-read-only', {}, 'the wall display cannot add notes')
    return this.apply(row, 'current', {}, { actor: user.username, actorRole: user.role, kind: 'note', text }, 'note')
  }

  photoAdded(id: number, file: string, user: SessionUser): Incident {
    const row = this.visible(user, id)
    return this.apply(
      row,
      'current',
      { photos: row.photos + 1 },
      { actor: user.username, actorRole: user.role, kind: 'photo', data: { file } },
      'photo',
    )
  }

  /** Evidence a user added (an export of a recorded range): on the timeline under the user's name. */
  evidenceAdded(id: number, user: SessionUser, text: string, data: Record<string, unknown>): Incident {
    const row = this.visible(user, id)
    return this.apply(
      row,
      'current',
      {},
      { actor: user.username, actorRole: user.role, kind: 'evidence', text, data },
      'evidence',
    )
  }

  /**
   * A change that comes from the district case system (a status update): moved through the same loop (the
   * stage must allow it) by the external system as actor; otherwise recorded as a note only.
   */
  externalUpdate(
    id: number,
    source: string,
    status: string,
    target: { stage: 'in-progress' | 'handled' | 'closed'; closeReason?: CloseReason } | undefined,
    description: string,
  ): Incident | undefined {
    const row = this.deps.repo.get(id)
    if (!row) return undefined
    const action = target
      ? ({ 'in-progress': 'rework', handled: 'handle', closed: 'close' } as const)[target.stage]
      : undefined
    const text = `${source}: ${status}${description ? ` ${description}` : ''}`
    if (action && WORKFLOW[action].from.includes(row.stage)) {
      const changes: IncidentChanges = {
        stage: WORKFLOW[action].to,
        ...(action === 'close' ? { close_reason: target?.closeReason ?? 'resolved' } : {}),
      }
      return this.apply(
        row,
        'current',
        changes,
        { actor: source, actorRole: 'external', kind: action, from: row.stage, to: WORKFLOW[action].to, text },
        'transition',
      )
    }
    const note = action ? `${text} (not applied: the incident is ${row.stage})` : text
    return this.apply(row, 'current', {}, { actor: source, actorRole: 'external', kind: 'note', text: note }, 'note')
  }

  /** The system's own changes: evidence saved, deadlines missed. */
  systemChange(
    id: number,
    changes: IncidentChanges,
    entry: Omit<NewEntry, 'actor' | 'actorRole'>,
    kind: string,
  ): Incident | undefined {
    const row = this.deps.repo.get(id)
    if (!row) return undefined
    return this.apply(row, 'current', changes, { actor: 'system', actorRole: 'system', ...entry }, kind)
  }

  private apply(
    row: IncidentRow,
    version: number | 'current',
    changes: IncidentChanges,
    entry: NewEntry,
    kind: string,
  ): Incident {
    try {
      const { row: changed, event } = this.deps.repo.change(
        row.id,
        version,
        this.withDueTimes(row, changes),
        entry,
        kind,
        departmentsOf,
      )
      this.deps.feed.publish(event)
      return toIncident(changed)
    } catch (error) {
      if (error instanceof VersionConflict)
        throw new ConflictError(
          'incident.changed-concurrently',
          { incident: row.code },
          `incident ${row.code} was changed by someone else at the same moment; reload and try again`,
        )
      throw error
    }
  }

  /** The SLA clock starts at dispatch: acknowledge within, and handle within, the incident's limits. */
  private withDueTimes(row: IncidentRow, changes: IncidentChanges): IncidentChanges {
    if (changes.stage !== 'dispatched') return changes
    const now = this.deps.now()
    return {
      ...changes,
      acknowledge_due_at: new Date(now + row.acknowledge_minutes * 60_000).toISOString(),
      handle_due_at: new Date(now + row.handle_minutes * 60_000).toISOString(),
    }
  }

  private localDay(): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.deps.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(this.deps.now()))
    return parts.replaceAll('-', '')
  }
}
