/**
 * The incidents API: report, list, read with timeline, move through the case loop, notes, photos,
 * evidence files, duplicates and statistics. Departments see only incidents sent to them (others: 404).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../contracts/api.ts'
import { CreateIncident, Incident, IncidentWithTimeline, Stage, TransitionBody } from '../contracts/incidents.ts'
import { BadRequestError, NotFoundError } from '../http/http-errors.ts'
import { zonedTimeToUtc } from '../patrol/tour-schedule.ts'
import { possibleDuplicates } from './duplicates.ts'
import type { EvidenceStore } from './evidence-store.ts'
import type { IncidentService } from './incident-service.ts'
import { periodStarts, periodStats } from './incident-stats.ts'
import { OPEN_STAGES } from './incident-workflow.ts'
import { toIncident, type IncidentsRepository } from './incidents-repository.ts'

const CENTRE: readonly Role[] = ['admin', 'supervisor', 'operator']
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const MAX_PHOTO_BYTES = 8 * 1024 * 1024

export interface IncidentRoutesOptions {
  service: IncidentService
  repo: IncidentsRepository
  evidence: EvidenceStore
  timeZone: string
  now: () => number
}

export const incidentRoutes: FastifyPluginAsyncTypebox<IncidentRoutesOptions> = async (
  app,
  { service, repo, evidence, timeZone, now },
) => {
  app.addContentTypeParser(
    ['image/jpeg', 'image/png'],
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.post(
    '/api/incidents',
    { config: { access: CENTRE }, schema: { body: CreateIncident, response: { 201: Incident } } },
    async (request, reply) => reply.status(201).send(service.create(request.body, request.user!)),
  )

  app.get(
    '/api/incidents',
    {
      schema: {
        querystring: Type.Object({
          stage: Type.Optional(Stage),
          category: Type.Optional(Type.String({ maxLength: 64 })),
          department: Type.Optional(Type.String({ maxLength: 64 })),
          community: Type.Optional(Type.String({ maxLength: 64 })),
          open: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ incidents: Type.Array(Incident), lastSeq: Type.Integer() }) },
      },
    },
    async (request) => {
      const user = request.user!
      // Read the sequence first: an event after it may repeat a change the list already shows, never miss one.
      const lastSeq = repo.lastSeq()
      const q = request.query
      // A department's list is its own, whatever it asks for.
      const department = user.role === 'department' ? (user.department ?? '-') : q.department
      const rows = repo
        .list({
          ...(q.stage ? { stage: q.stage } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(department ? { department } : {}),
          ...(q.community ? { community: q.community } : {}),
        })
        .filter((r) => service.canSee(user, r) && (!q.open || OPEN_STAGES.includes(r.stage)))
      return { incidents: rows.map(toIncident), lastSeq }
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
        response: { 200: Type.Object({ incidents: Type.Array(Incident) }) },
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
        .filter((i) => OPEN_STAGES.includes(i.stage))
      return {
        incidents: possibleDuplicates(
          open,
          { cameraId: camera.id, category: request.query.category, location: camera.location },
          now(),
        ) as typeof open,
      }
    },
  )

  app.get('/api/incidents/stats', { config: { access: [...CENTRE, 'wall'] } }, async () => {
    const starts = periodStarts(now(), timeZone, zonedTimeToUtc)
    return { today: periodStats(app.db, starts.today), month: periodStats(app.db, starts.month) }
  })

  app.get(
    '/api/incidents/:id',
    { schema: { params: IdParams, response: { 200: IncidentWithTimeline } } },
    async (request) => {
      const row = service.visible(request.user!, request.params.id)
      return { ...toIncident(row), timeline: repo.timeline(row.id) }
    },
  )

  app.post(
    '/api/incidents/:id/transitions',
    { schema: { params: IdParams, body: TransitionBody, response: { 200: Incident } } },
    async (request) => service.transition(request.params.id, request.body, request.user!),
  )

  app.post(
    '/api/incidents/:id/notes',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 200: Incident },
      },
    },
    async (request) => service.note(request.params.id, request.body.text, request.user!),
  )

  app.post(
    '/api/incidents/:id/photos',
    { schema: { params: IdParams, response: { 200: Incident } } },
    async (request) => {
      const row = service.visible(request.user!, request.params.id)
      const type = request.headers['content-type']
      if (!Buffer.isBuffer(request.body) || (type !== 'image/jpeg' && type !== 'image/png'))
        throw new BadRequestError(
          'incident.photo-missing',
          {},
          'send the photo as the request body, Content-Type image/jpeg or image/png',
        )
      const body = request.body
      const looksRight =
        type === 'image/jpeg'
          ? body.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))
          : body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      if (!looksRight)
        throw new BadRequestError('incident.photo-not-image', { type }, `the body is not a ${type} image`)
      const file = `photo-${row.photos + 1}.${type === 'image/jpeg' ? 'jpg' : 'png'}` as const
      evidence.write(row.id, file, body)
      return service.photoAdded(row.id, file, request.user!)
    },
  )

  app.get(
    '/api/incidents/:id/files/:name',
    { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), name: Type.String({ maxLength: 32 }) }) } },
    async (request, reply) => {
      const row = service.visible(request.user!, request.params.id)
      const data = evidence.read(row.id, request.params.name)
      if (!data) {
        const { name } = request.params
        throw new NotFoundError('incident.file-unknown', { name }, `incident ${row.code} has no file "${name}"`)
      }
      const type = request.params.name.endsWith('.mp4')
        ? 'video/mp4'
        : request.params.name.endsWith('.png')
          ? 'image/png'
          : 'image/jpeg'
      return reply.header('Cache-Control', 'private, max-age=3600').type(type).send(data)
    },
  )
}
