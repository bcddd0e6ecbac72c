/** Cameras: synchronised from the configuration at start, listed to every logged-in role. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { CameraList } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { ErrorReplies } from '../contracts/replies.ts'
import { CamerasRepository } from './cameras-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cameras: CamerasRepository
  }
}

const cameraRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/cameras', { schema: { response: { 200: CameraList, ...ErrorReplies } } }, async () => ({
    cameras: app.cameras.list(),
  }))
}

export const camerasPlugin = fp<{ config: CameraConfig }>(
  async (app, { config }) => {
    const cameras = new CamerasRepository(app.db)
    const result = cameras.sync(config.cameras)
    app.log.info({ ...result, total: config.cameras.length }, 'cameras synchronised from configuration')
    app.decorate('cameras', cameras)
    // The recording domain announces its problems; the camera list carries them to every screen.
    const offRecording = app.localEvents.on('camera:recording', (event) =>
      cameras.setRecordingProblem(event.cameraId, event.problem),
    )
    app.addHook('onClose', async () => offRecording())
    await app.register(cameraRoutes)
  },
  { name: 'cameras', dependencies: ['db', 'auth', 'realtime'] },
)
