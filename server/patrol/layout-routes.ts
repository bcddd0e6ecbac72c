/** Saved layouts and the console state, each user's own; any logged-in role. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConsoleState, ConsoleStateReply, LayoutInput, LayoutList, SavedLayout } from '../contracts/patrol.ts'
import { ErrorReplies, NoContent } from '../contracts/replies.ts'
import { BadRequestError, coded, ConflictError, NotFoundError } from '../http/http-errors.ts'
import { layoutProblem } from './layout-rules.ts'
import { LayoutsRepository } from './layouts-repository.ts'

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const layoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const layouts = new LayoutsRepository(app.db)
  const known = (id: string): boolean => app.cameras.get(id) !== undefined
  const check = (input: { kind: LayoutInput['kind']; cameras: (string | null)[] }): void => {
    const problem = layoutProblem(input.kind, input.cameras, known)
    if (problem) throw new BadRequestError(...coded(problem))
  }
  const checkName = (userId: number, name: string, except?: number): void => {
    const existing = layouts.idByName(userId, name)
    if (existing !== undefined && existing !== except)
      throw new ConflictError('layout.name-taken', { name }, `you already have a layout named "${name}"`)
  }

  app.get('/api/layouts', { schema: { response: { 200: LayoutList, ...ErrorReplies } } }, async (request) => ({
    layouts: layouts.layouts(request.user!.id),
  }))

  app.post(
    '/api/layouts',
    { schema: { body: LayoutInput, response: { 201: SavedLayout, ...ErrorReplies } } },
    async (request, reply) => {
      check(request.body)
      checkName(request.user!.id, request.body.name)
      return reply.status(201).send(layouts.create(request.user!.id, request.body))
    },
  )

  app.put(
    '/api/layouts/:id',
    { schema: { params: IdParams, body: LayoutInput, response: { 200: SavedLayout, ...ErrorReplies } } },
    async (request) => {
      check(request.body)
      checkName(request.user!.id, request.body.name, request.params.id)
      const saved = layouts.save(request.user!.id, request.params.id, request.body)
      if (!saved)
        throw new NotFoundError('layout.unknown', { id: request.params.id }, `you have no layout ${request.params.id}`)
      return saved
    },
  )

  app.delete(
    '/api/layouts/:id',
    { schema: { params: IdParams, response: { 204: NoContent, ...ErrorReplies } } },
    async (request, reply) => {
      if (!layouts.delete(request.user!.id, request.params.id))
        throw new NotFoundError('layout.unknown', { id: request.params.id }, `you have no layout ${request.params.id}`)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/api/console-state',
    { schema: { response: { 200: ConsoleStateReply, ...ErrorReplies } } },
    async (request) => ({ state: layouts.state(request.user!.id) }),
  )

  app.put(
    '/api/console-state',
    { schema: { body: ConsoleState, response: { 204: NoContent, ...ErrorReplies } } },
    async (request, reply) => {
      check(request.body)
      layouts.saveState(request.user!.id, request.body)
      return reply.status(204).send(null)
    },
  )
}
