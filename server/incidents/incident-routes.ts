/**
 * The incidents API: report, list, read with timeline, move through the case loop, notes, photos,
 * evidence files, duplicates and statistics. Departments see only incidents sent to them (others: 404).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../contracts/api.ts'
import {
  CreateIncident,
  Incident,
  INCIDENT_PAGE_DEFAULT,
  IncidentList,
  IncidentListQuery,
  IncidentPage,
  IncidentStats,
  IncidentWithTimeline,
  isOpenStage,
  OPEN_STAGES,
  ReportHeaders,
  TransitionBody,
} from '../contracts/incidents.ts'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'
import { BadRequestError, NotFoundError } from '../http/http-errors.ts'
import { sendStoredFile } from '../http/stored-file-reply.ts'
import { zonedTimeToUtc } from '../patrol/tour-schedule.ts'
import { possibleDuplicates } from './duplicates.ts'
import type { EvidenceStore } from './evidence-store.ts'
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, type IdempotencyKeys } from './idempotency.ts'
import type { IncidentService } from './incident-service.ts'
import type { PhotoType } from './photo-intake.ts'
import { periodStarts, periodStats } from './incident-stats.ts'
import { toIncident, type IncidentsRepository, type ListFilter } from './incidents-repository.ts'
import { decodeCursor, encodeCursor } from './list-cursor.ts'

const CENTRE: readonly Role[] = ['admin', 'supervisor', 'operator']
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const MAX_PHOTO_BYTES = 8 * 1024 * 1024
const EvidenceFile = mediaReply('a snapshot, clip or photo', 'image/jpeg', 'image/png', 'video/mp4')

export interface IncidentRoutesOptions {
  service: IncidentService
  repo: IncidentsRepository
  evidence: EvidenceStore
  /** Decodes a sent photo and returns a fresh, metadata-free JPEG (see photo-intake.ts). */
  normalisePhoto: (body: Buffer, type: PhotoType) => Promise<Buffer>
  idempotency: IdempotencyKeys
  timeZone: string
  now: () => number
}

export const incidentRoutes: FastifyPluginAsyncTypebox<IncidentRoutesOptions> = async (
  app,
  { service, repo, evidence, normalisePhoto, idempotency, timeZone, now },
) => {
  app.addContentTypeParser(
    ['image/jpeg', 'image/png'],
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.post(
    '/api/incidents',
    {
      config: { access: CENTRE },
      schema: { headers: ReportHeaders, body: CreateIncident, response: { 201: Incident, ...ErrorReplies } },
    },
    async (request, reply) => {
      const user = request.user!
      const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER])
      const answer = idempotency.once(`user:${user.id}`, key, request.body, () => ({
        status: 201,
        body: JSON.stringify(service.create(request.body, user)),
      }))
      if (answer.replayed) reply.header('idempotent-replayed', 'true')
      // Always 201: only a created incident is stored, a refused report leaves no key behind.
      return reply.status(201).send(JSON.parse(answer.body) as Incident)
    },
  )

  app.get(
    '/api/incidents',
    { schema: { querystring: IncidentListQuery, response: { 200: IncidentPage, ...ErrorReplies } } },
    async (request) => {
      const user = request.user!
      // Read the sequence first: an event after it may repeat a change the list already shows, never miss one.
      const lastSeq = repo.lastSeq()
      const q = request.query
      const filter: ListFilter = {
        ...(q.stage ? { stage: q.stage } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.community ? { community: q.community } : {}),
        ...(q.open ? { stages: OPEN_STAGES } : {}),
      }
      // A department's list is its own, whatever it asks for.
      const department = user.role === 'department' ? (user.department ?? '-') : q.department
      if (department) filter.department = department
      const limit = q.limit ?? INCIDENT_PAGE_DEFAULT
      const beforeId = q.cursor === undefined ? undefined : decodeCursor(q.cursor)
      // One row more than asked says whether another page follows.
      const rows = repo.list({ ...filter, limit: limit + 1, ...(beforeId === undefined ? {} : { beforeId }) })
      const page = rows.slice(0, limit)
      const next = rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null
      return { incidents: page.map(toIncident), lastSeq, total: repo.count(filter), next }
    },
  )

  app.get(
    '/api/incidents/duplicates',
    {
      config: { access: CENTRE },
      schema: {
        querystring: Type.Object({
          cameraId: Type.String({ maxLength: 64 }),
          category: Type.String({ maxLength: 64 }),
        }),
        response: { 200: IncidentList, ...ErrorReplies },
      },
    },
    async (request) => {
      const camera = app.cameras.get(request.query.cameraId)
      if (!camera) {
        const id = request.query.cameraId
        throw new BadRequestError('camera.unknown', { camera: id }, `cameraId: unknown camera "${id}"`)
      }
      const since = new Date(now() - 30 * 60_000).toISOString()
      const open = repo
        .list({ category: request.query.category, since })
        .map(toIncident)
        .filter((i) => isOpenStage(i.stage))
      return {
        incidents: possibleDuplicates(
          open,
          { cameraId: camera.id, category: request.query.category, location: camera.location },
          now(),
        ) as typeof open,
      }
    },
  )

  app.get(
    '/api/incidents/stats',
    { config: { access: [...CENTRE, 'wall'] }, schema: { response: { 200: IncidentStats, ...ErrorReplies } } },
    async () => {
      const at = now()
      const starts = periodStarts(at, timeZone, zonedTimeToUtc)
      return { today: periodStats(app.db, starts.today, at), month: periodStats(app.db, starts.month, at) }
    },
  )

  app.get(
    '/api/incidents/:id',
    { schema: { params: IdParams, response: { 200: IncidentWithTimeline, ...ErrorReplies } } },
    async (request) => {
      const row = service.visible(request.user!, request.params.id)
      return { ...toIncident(row), timeline: repo.timeline(row.id) }
    },
  )

  app.post(
    '/api/incidents/:id/transitions',
    { schema: { params: IdParams, body: TransitionBody, response: { 200: Incident, ...ErrorReplies } } },
    async (request) => service.transition(request.params.id, request.body, request.user!),
  )

  app.post(
    '/api/incidents/:id/notes',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 200: Incident, ...ErrorReplies },
      },
    },
    async (request) => service.note(request.params.id, request.body.text, request.user!),
  )

  app.post(
    '/api/incidents/:id/photos',
    // Departments report progress with photos, the centre adds its own; the wall only shows.
    {
      config: { access: [...CENTRE, 'department'] },
      schema: { params: IdParams, response: { 200: Incident, ...ErrorReplies } },
    },
    async (request) => {
      service.visible(request.user!, request.params.id) // 404 before any decoding work
      const type = request.headers['content-type']
      if (!Buffer.isBuffer(request.body) || (type !== 'image/jpeg' && type !== 'image/png'))
        throw new BadRequestError(
          'incident.photo-missing',
          {},
          'send the photo as the request body, Content-Type image/jpeg or image/png',
        )
      const jpeg = await normalisePhoto(request.body, type)
      // Re-read: another photo may have been added while this one was decoding.
      const current = service.visible(request.user!, request.params.id)
      const file = `photo-${current.photos + 1}.jpg` as const
      evidence.write(current.id, file, jpeg)
      return service.photoAdded(current.id, file, request.user!)
    },
  )

  app.get(
    '/api/incidents/:id/files/:name',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), name: Type.String({ maxLength: 32 }) }),
        response: { 200: EvidenceFile, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const row = service.visible(request.user!, request.params.id)
      const path = evidence.pathOf(row.id, request.params.name)
      if (!path) {
        const { name } = request.params
        throw new NotFoundError('incident.file-unknown', { name }, `incident ${row.code} has no file "${name}"`)
      }
      const contentType = request.params.name.endsWith('.mp4')
        ? 'video/mp4'
        : request.params.name.endsWith('.png')
          ? 'image/png'
          : 'image/jpeg'
      // Ranges let a <video> seek in the clip without loading all of it first.
      return sendStoredFile(request, reply, { path }, { contentType, cacheControl: 'private, max-age=3600' })
    },
  )
}
