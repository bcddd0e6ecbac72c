/**
 * GET /api/cameras/:id/snapshot.jpg for every logged-in role: the camera's current picture (see
 * snapshot-service.ts for where it comes from). 404 for an unknown camera, 502/504 with a reason when the
 * camera gives none. The media domain passes `liveKeyframe` (a JPEG of the running stream, or undefined).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { CameraIdParams } from '../../contracts/camera-media.ts'
import { ErrorReplies, mediaReply } from '../../contracts/replies.ts'
import { NotFoundError } from '../../http/http-errors.ts'
import { ProcessPool } from '../../process/process-pool.ts'
import { CameraFailure } from '../camera-failure.ts'
import { sendCameraFailure } from '../camera-failure-reply.ts'
import { probeRtsp } from '../health/rtsp-probe.ts'
import { grabFrame } from './ffmpeg-frame-grab.ts'
import { fetchSnapshot } from './http-snapshot.ts'
import { SnapshotService, UnknownCameraError } from './snapshot-service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cameraSnapshots: SnapshotService
  }
}

export interface SnapshotOptions {
  liveKeyframe?: (cameraId: string) => Promise<Buffer | undefined>
  /** Per source tried (snapshot URI, ffmpeg grab); default 5 s. */
  timeoutMs?: number
  reuseMs?: number
}

const JpegBody = mediaReply('the camera picture now', 'image/jpeg')

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cameras/:id/snapshot.jpg',
    {
      schema: { params: CameraIdParams, response: { 200: JpegBody, ...ErrorReplies } },
    },
    async (request, reply) => {
      const { id } = request.params
      try {
        const snapshot = await app.cameraSnapshots.get(id)
        return reply
          .type('image/jpeg')
          .header('Cache-Control', 'no-store')
          .header('X-Snapshot-Origin', snapshot.origin)
          .send(snapshot.jpeg)
      } catch (error) {
        if (error instanceof UnknownCameraError)
          throw new NotFoundError('camera.unknown', { camera: id }, `no camera "${id}"`)
        if (error instanceof CameraFailure) {
          request.log.warn({ camera: id, kind: error.kind, detail: error.message }, 'snapshot failed')
          return sendCameraFailure(reply, id, error, 'give a picture')
        }
        throw error
      }
    },
  )
}

export const cameraSnapshotsPlugin = fp<SnapshotOptions>(
  async (app, o) => {
    const timeoutMs = o.timeoutMs ?? 5_000
    const pool = new ProcessPool({ logger: app.log })
    app.decorate(
      'cameraSnapshots',
      new SnapshotService({
        sources: app.cameraSources,
        streams: app.streamSources,
        liveKeyframe: o.liveKeyframe ?? (async () => undefined),
        fetchSnapshot: (uri, source) => fetchSnapshot(uri, source.credentials, timeoutMs),
        grabFrame: async (cameraId, url, cameraUrl) => {
          try {
            return await grabFrame(pool, cameraId, url, timeoutMs)
          } catch (error) {
            // ffmpeg's exit code does not say why; a quick OPTIONS/DESCRIBE of the camera itself (not the
            // relay ffmpeg went through) does: refused, 401, 404...
            if (!(error instanceof CameraFailure) || error.timedOut) throw error
            await probeRtsp(cameraUrl, app.cameraSources.get(cameraId)?.credentials ?? null, timeoutMs)
            throw error
          }
        },
        logger: app.log,
        reuseMs: o.reuseMs ?? 1_000,
      }),
    )
    app.addHook('onClose', async () => pool.closeAll())
    await app.register(routes)
  },
  { name: 'camera-snapshots', dependencies: ['auth', 'camera-sources'] },
)
