/**
 * The wall API: monitors and their state for the wall's browsers and the console's push menu; pushes and
 * clears by the centre's operators. Every push and clear is audited by the repository.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../contracts/api.ts'
import { Id } from '../contracts/camera-config.ts'
import { ErrorReplies } from '../contracts/replies.ts'
import { PushBody, WallMonitorList, WallState } from '../contracts/wall.ts'
import { ForbiddenError, NotFoundError } from '../http/http-errors.ts'
import type { WallService } from './wall-service.ts'

const READERS: readonly Role[] = ['admin', 'supervisor', 'operator', 'wall']
const PUSHERS: readonly Role[] = ['admin', 'supervisor', 'operator']

export const wallRoutes: FastifyPluginAsyncTypebox<{ service: WallService | null }> = async (app, { service }) => {
  const wall = (): WallService => {
    if (!service) throw new NotFoundError('wall.none', {}, 'there is no wall: camera-config/wall.yaml is missing')
    return service
  }

  app.get(
    '/api/wall/monitors',
    { config: { access: READERS }, schema: { response: { 200: WallMonitorList, ...ErrorReplies } } },
    async () => ({ monitors: service?.monitors() ?? [] }),
  )

  app.get(
    '/api/wall/state',
    {
      config: { access: READERS },
      schema: { querystring: Type.Object({ monitor: Id }), response: { 200: WallState, ...ErrorReplies } },
    },
    async (request) => {
      const bound = request.user!.monitor
      if (bound !== undefined && bound !== request.query.monitor)
        throw new ForbiddenError(
          'wall.device-monitor-only',
          { monitor: bound },
          `this wall device shows monitor "${bound}" only`,
        )
      return wall().state(request.query.monitor)
    },
  )

  app.post(
    '/api/wall/push',
    { config: { access: PUSHERS }, schema: { body: PushBody, response: { 200: WallState, ...ErrorReplies } } },
    async (request) => wall().push(request.body, request.user!),
  )

  app.delete(
    '/api/wall/push/:monitor',
    {
      config: { access: PUSHERS },
      schema: {
        params: Type.Object({ monitor: Id }),
        querystring: Type.Object({ zone: Type.Optional(Id) }),
        response: { 200: WallState, ...ErrorReplies },
      },
    },
    async (request) => wall().clear(request.params.monitor, request.query.zone, request.user!),
  )
}
