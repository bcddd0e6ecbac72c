/**
 * LL-HLS over HTTP: `/live/:cameraId/:quality/index.m3u8` and the init, parts and segments it names,
 * all from memory. Any logged-in role may watch; each request is a viewing-audit heartbeat.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { ErrorBody } from '../contracts/errors.ts'
import { PrefetchInput, PrefetchStarted } from '../contracts/patrol.ts'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'
import { BadRequestError, type CodedProblem, NotFoundError } from '../http/http-errors.ts'
import { mediaContentType } from './hls/live-packager.ts'
import { playlistContentType } from './hls/playlist-renderer.ts'
import { isQuality, StreamList, type Quality } from '../contracts/media.ts'
import type { StreamManager } from './stream-manager.ts'
import type { ViewingAudit } from './viewing-audit.ts'
import type { RecordingStatusSlot } from './media-plugin.ts'

export interface LiveRoutesOptions {
  streams: StreamManager
  audit: ViewingAudit
  recordingStatus: RecordingStatusSlot
}

const Params = Type.Object({ cameraId: Type.String({ maxLength: 64 }), quality: Type.String({ maxLength: 8 }) })
const ResourceParams = Type.Object({
  cameraId: Type.String({ maxLength: 64 }),
  quality: Type.String({ maxLength: 8 }),
  name: Type.String({ maxLength: 64 }),
})
const PlaylistQuery = Type.Object({
  _HLS_msn: Type.Optional(Type.Integer({ minimum: 0 })),
  _HLS_part: Type.Optional(Type.Integer({ minimum: 0 })),
  _HLS_skip: Type.Optional(Type.String({ maxLength: 8 })),
})

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-cache, no-store')
}

export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (
  app,
  { streams, audit, recordingStatus },
) => {
  const checkStream = (cameraId: string, quality: string): Quality => {
    if (!isQuality(quality))
      throw new NotFoundError('stream.unknown-quality', { quality }, `no quality "${quality}": use main or sub`)
    // A running stream's camera was looked up when it started: players' polling skips the store.
    if (streams.peek(cameraId, quality)) return quality
    if (!app.cameras.get(cameraId))
      throw new NotFoundError('camera.unknown', { camera: cameraId }, `no camera "${cameraId}"`)
    return quality
  }

  app.get(
    '/live/:cameraId/:quality/index.m3u8',
    {
      schema: {
        params: Params,
        querystring: PlaylistQuery,
        response: { 200: mediaReply('the LL-HLS media playlist', playlistContentType), ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const { cameraId } = request.params
      const quality = checkStream(cameraId, request.params.quality)
      const user = request.user!
      audit.seen({ userId: user.id, username: user.username, ip: request.ip }, cameraId, quality)
      const query: { msn?: number; part?: number } = {}
      if (request.query._HLS_msn !== undefined) query.msn = request.query._HLS_msn
      if (request.query._HLS_part !== undefined) query.part = request.query._HLS_part
      return streams.withStream(cameraId, quality, async (stream) => {
        // Held until it can answer: a blocking reload until its part exists, a first request until the first
        // segment exists (hls.js does not retry a 404 on the playlist), at most three target durations;
        // answered at once when the camera refuses us.
        const holdMs = stream.packager.blockingTimeoutMs()
        let unsubscribe = (): void => {}
        const failed = new Promise<{ status: 'failed'; reason: CodedProblem }>((resolve) => {
          unsubscribe = stream.onFailure((reason) => resolve({ status: 'failed', reason }))
        })
        const answer = await Promise.race([stream.packager.answerPlaylist(query, holdMs), failed]).finally(unsubscribe)
        switch (answer.status) {
          case 'ok':
            return noStore(reply).type(playlistContentType).send(answer.body)
          case 'bad-request':
            throw new BadRequestError(
              'request.invalid',
              { field: 'querystring', problem: answer.reason },
              answer.reason,
            )
          case 'gone':
            throw new NotFoundError('stream.stopped', {}, `camera ${cameraId} ${quality}: the stream was stopped`)
          case 'failed':
          case 'timeout': {
            const seconds = Math.round(holdMs / 1000)
            const why: CodedProblem =
              'reason' in answer
                ? answer.reason
                : (stream.reason ?? {
                    code: 'stream.not-live',
                    params: { seconds },
                    message: `no video from the camera within ${seconds} s`,
                  })
            const body: ErrorBody = {
              statusCode: 503,
              error: 'Service Unavailable',
              code: why.code,
              params: why.params,
              message: `camera ${cameraId}: ${why.message}`,
            }
            return noStore(reply).status(503).header('Retry-After', '2').send(body)
          }
        }
      })
    },
  )

  // Instant replay: the last ~30 s of a running stream as a VOD playlist, for a camera that is not recorded.
  // Its segments are the live ones (same names, same memory); the player loads them within seconds.
  app.get(
    '/live/:cameraId/:quality/replay.m3u8',
    {
      schema: {
        params: Params,
        response: {
          200: mediaReply('a VOD playlist of the stream held in memory', playlistContentType),
          ...ErrorReplies,
        },
      },
    },
    async (request, reply) => {
      const { cameraId } = request.params
      const quality = checkStream(cameraId, request.params.quality)
      const user = request.user!
      const body = await streams.withRunning(
        cameraId,
        quality,
        async (stream) => stream.packager.replayPlaylist() ?? null,
      )
      if (body === undefined)
        throw new NotFoundError(
          'stream.not-started',
          {},
          `camera ${cameraId} ${quality} is not streaming: instant replay offers what a running stream holds`,
        )
      if (body === null)
        throw new NotFoundError('replay.nothing-held', { camera: cameraId }, `camera ${cameraId}: no video held yet`)
      audit.seen({ userId: user.id, username: user.username, ip: request.ip }, cameraId, quality)
      return noStore(reply).type(playlistContentType).send(body)
    },
  )

  const resourceSchema = {
    params: ResourceParams,
    response: { 200: mediaReply('an fMP4 init section, part or segment', mediaContentType), ...ErrorReplies },
  }
  app.get('/live/:cameraId/:quality/:name', { schema: resourceSchema }, async (request, reply) => {
    const { cameraId, name } = request.params
    const quality = checkStream(cameraId, request.params.quality)
    const user = request.user!
    const found = await streams.withRunning(cameraId, quality, async (stream) => ({
      resource: await stream.packager.resource(name, stream.packager.blockingTimeoutMs()),
    }))
    if (!found)
      throw new NotFoundError(
        'stream.not-started',
        {},
        `camera ${cameraId} ${quality} is not streaming; load index.m3u8 first`,
      )
    audit.seen({ userId: user.id, username: user.username, ip: request.ip }, cameraId, quality)
    const { resource } = found
    if (!resource)
      throw new NotFoundError(
        'stream.segment-gone',
        { name },
        `no "${name}" in this stream (it may have left the live window)`,
      )
    // Parts and segments never change once named; the browser may keep them for their short life.
    return reply.header('Cache-Control', 'max-age=60').type(resource.contentType).send(resource.body)
  })

  // Warm up streams a tour is about to show: started (or kept) on the server, not counted as viewing.
  app.post(
    '/api/streams/prefetch',
    {
      config: { access: ['admin', 'supervisor', 'operator', 'wall'] },
      schema: { body: PrefetchInput, response: { 202: PrefetchStarted, ...ErrorReplies } },
    },
    async (request, reply) => {
      const unknown = request.body.streams.filter((s) => !app.cameras.get(s.cameraId)).map((s) => s.cameraId)
      if (unknown.length > 0)
        throw new NotFoundError(
          'camera.unknown',
          { camera: unknown.join(', ') },
          `no camera ${unknown.map((id) => `"${id}"`).join(', ')}`,
        )
      const startedAs = request.body.streams.length > 1 ? 'together' : 'alone'
      for (const { cameraId, quality } of request.body.streams) streams.touch(cameraId, quality, startedAs)
      return reply.status(202).send({ started: request.body.streams.length })
    },
  )

  app.get('/api/streams', { schema: { response: { 200: StreamList, ...ErrorReplies } } }, async () => {
    const recordings = recordingStatus.list()
    return {
      ...(recordings && { recordings }),
      streams: streams.list().map((s) => {
        const stats = s.packager.stats()
        return {
          cameraId: s.cameraId,
          quality: s.quality,
          state: s.state,
          viewers: audit.viewers(s.cameraId, s.quality),
          startedAt: new Date(s.startedAt).toISOString(),
          restarts: s.restarts,
          bitrateBps: Math.round(stats.bitrateBps),
          mode: s.mode,
          codec: stats.codec ?? null,
          lastError: s.lastError,
          reasonCode: s.reason?.code ?? null,
          reasonParams: s.reason?.params ?? {},
        }
      }),
    }
  })
}
