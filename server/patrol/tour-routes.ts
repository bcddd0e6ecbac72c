/**
 * Tours: shared by the room, edited by operators, supervisors and admins; read by every role but
 * departments. Runs record who patrolled with which tour and whether it answered a due time.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { Tour, TourDueList, TourInput, TourList, TourRun } from '../contracts/patrol.ts'
import { ErrorReplies, NoContent } from '../contracts/replies.ts'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../http/http-errors.ts'
import { dueList } from './tour-due-list.ts'
import { expandTour, unknownItems } from './tour-expansion.ts'
import type { StoredTour, ToursRepository } from './tours-repository.ts'

const EDITORS: readonly Role[] = ['admin', 'supervisor', 'operator']
const READERS: readonly Role[] = ['admin', 'supervisor', 'operator', 'wall']
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export interface TourRoutesOptions {
  tours: ToursRepository
  config: CameraConfig
  timeZone: string
}

export const tourRoutes: FastifyPluginAsyncTypebox<TourRoutesOptions> = async (app, { tours, config, timeZone }) => {
  const withCameras = (tour: StoredTour): Tour => ({ ...tour, cameraIds: expandTour(tour.items, app.cameras.list()) })
  const ids = (list: { id: string }[]): Set<string> => new Set(list.map((x) => x.id))
  const known = {
    camera: (id: string) => app.cameras.get(id) !== undefined,
    category: (
      (s) => (id: string) =>
        s.has(id)
    )(ids(config.cameraCategories)),
    community: (
      (s) => (id: string) =>
        s.has(id)
    )(ids(config.communities)),
    grid: (
      (s) => (id: string) =>
        s.has(id)
    )(ids(config.grids)),
  }
  const check = (input: TourInput): void => {
    const problem = unknownItems(input.items, known)
    if (problem) throw new BadRequestError('tour.unknown-items', { items: problem.items }, problem.message)
    if (input.schedule && new Set(input.schedule.times).size !== input.schedule.times.length)
      throw new BadRequestError('tour.duplicate-time', {}, 'schedule.times: each time once')
  }
  const require = (id: number): StoredTour => {
    const tour = tours.get(id)
    if (!tour) throw new NotFoundError('tour.unknown', { id }, `no tour ${id}`)
    return tour
  }

  app.get(
    '/api/tours',
    { config: { access: READERS }, schema: { response: { 200: TourList, ...ErrorReplies } } },
    async () => ({ tours: tours.list().map(withCameras) }),
  )

  app.get(
    '/api/tours/:id',
    { config: { access: READERS }, schema: { params: IdParams, response: { 200: Tour, ...ErrorReplies } } },
    async (request) => withCameras(require(request.params.id)),
  )

  app.post(
    '/api/tours',
    { config: { access: EDITORS }, schema: { body: TourInput, response: { 201: Tour, ...ErrorReplies } } },
    async (request, reply) => {
      check(request.body)
      return reply.status(201).send(withCameras(tours.create(request.body, request.user!.username)))
    },
  )

  app.put(
    '/api/tours/:id',
    {
      config: { access: EDITORS },
      schema: { params: IdParams, body: TourInput, response: { 200: Tour, ...ErrorReplies } },
    },
    async (request) => {
      check(request.body)
      const saved = tours.save(request.params.id, request.body)
      if (!saved) throw new NotFoundError('tour.unknown', { id: request.params.id }, `no tour ${request.params.id}`)
      return withCameras(saved)
    },
  )

  app.delete(
    '/api/tours/:id',
    { config: { access: EDITORS }, schema: { params: IdParams, response: { 204: NoContent, ...ErrorReplies } } },
    async (request, reply) => {
      if (!tours.delete(request.params.id))
        throw new NotFoundError('tour.unknown', { id: request.params.id }, `no tour ${request.params.id}`)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/tours/:id/runs',
    {
      config: { access: EDITORS },
      schema: {
        params: IdParams,
        body: Type.Object(
          { dueAt: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: { 201: TourRun, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      require(request.params.id)
      const dueAt = request.body.dueAt === undefined ? null : new Date(request.body.dueAt).toISOString()
      return reply.status(201).send(tours.startRun(request.params.id, request.user!, dueAt))
    },
  )

  app.post(
    '/api/tour-runs/:id/finish',
    {
      config: { access: EDITORS },
      schema: {
        params: IdParams,
        body: Type.Object({ completed: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: TourRun, ...ErrorReplies },
      },
    },
    async (request) => {
      const run = tours.run(request.params.id)
      if (!run)
        throw new NotFoundError('tour-run.unknown', { id: request.params.id }, `no tour run ${request.params.id}`)
      if (run.username !== request.user!.username)
        throw new ForbiddenError('tour-run.not-yours', {}, 'only the operator who started a run can finish it')
      if (!tours.finish(run.id, request.body.completed))
        throw new ConflictError('tour-run.finished', { id: run.id }, `tour run ${run.id} is already finished`)
      return tours.run(run.id)!
    },
  )

  app.get(
    '/api/tours/due',
    {
      config: { access: READERS },
      schema: {
        querystring: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })) }),
        response: { 200: TourDueList, ...ErrorReplies },
      },
    },
    async (request) => {
      const now = Date.now()
      const from = now - (request.query.hours ?? 24) * 3600_000
      // Two hours ahead: enough to show what comes next on the shift.
      const to = now + 2 * 3600_000
      return {
        due: dueList(
          tours.list(),
          tours.runsStartedSince(new Date(from - 86_400_000).toISOString()),
          from,
          to,
          now,
          timeZone,
        ),
      }
    },
  )
}
