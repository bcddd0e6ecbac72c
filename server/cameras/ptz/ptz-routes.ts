/**
 * PTZ for the people who patrol: POST /api/cameras/:id/ptz (move, stop, preset) and
 * GET /api/cameras/:id/ptz/presets, for operator, supervisor and admin. 404 unknown camera or preset, 409 a camera
 * without PTZ, 502/504 when the camera does not carry the command out.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { CameraIdParams, PtzCommand, PtzPresetList } from '../../contracts/camera-media.ts'
import { ErrorReplies, NoContent } from '../../contracts/replies.ts'
import { ConflictError, NotFoundError } from '../../http/http-errors.ts'
import { CameraFailure } from '../camera-failure.ts'
import { sendCameraFailure } from '../camera-failure-reply.ts'
import { NoPtzError, PtzService, PtzUnknownCameraError, PtzUnknownPresetError } from './ptz-service.ts'

const PTZ_ROLES = ['operator', 'supervisor', 'admin'] as const

/** Domain errors to their HTTP answers; anything else goes to the shared error handler. */
function answer(reply: FastifyReply, id: string, doing: string, error: unknown): FastifyReply {
  if (error instanceof PtzUnknownCameraError) throw new NotFoundError('camera.unknown', { camera: id }, error.message)
  if (error instanceof NoPtzError) throw new ConflictError('camera.no-ptz', { camera: id }, error.message)
  if (error instanceof PtzUnknownPresetError)
    throw new NotFoundError('camera.unknown-preset', error.params, error.message)
  if (error instanceof CameraFailure) return sendCameraFailure(reply, id, error, doing)
  throw error
}

const routes =
  (ptz: PtzService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/cameras/:id/ptz',
      {
        config: { access: PTZ_ROLES },
        schema: { params: CameraIdParams, body: PtzCommand, response: { 204: NoContent, ...ErrorReplies } },
      },
      async (request, reply) => {
        const { id } = request.params
        try {
          await ptz.command(id, request.body)
        } catch (error) {
          return answer(reply, id, 'carry out the PTZ command', error)
        }
        request.log.info({ camera: id, action: request.body.action, user: request.user?.username }, 'PTZ command')
        return reply.status(204).send(null)
      },
    )

    app.get(
      '/api/cameras/:id/ptz/presets',
      {
        config: { access: PTZ_ROLES },
        schema: { params: CameraIdParams, response: { 200: PtzPresetList, ...ErrorReplies } },
      },
      async (request, reply) => {
        const { id } = request.params
        try {
          return { presets: await ptz.presets(id) }
        } catch (error) {
          return answer(reply, id, 'list its presets', error)
        }
      },
    )
  }

export const cameraPtzPlugin = fp(
  async (app) => {
    const ptz = new PtzService(app.cameraSources, app.streamSources, app.onvifDevices, app.log)
    app.addHook('onClose', async () => {
      ptz.close()
    })
    await app.register(routes(ptz))
  },
  { name: 'camera-ptz', dependencies: ['auth', 'camera-sources'] },
)
