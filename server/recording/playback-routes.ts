/**
 * Playback of recorded video, for the same roles as live viewing; every playlist is in the viewing audit
 * with its range:
 * - GET /api/cameras/:id/recordings?from=&to=   recorded ranges and gaps (31 days at most);
 * - GET /playback/:id/index.m3u8?start=&end=    an HLS VOD playlist over the stored files (12 hours at most);
 * - GET /playback/:id/r<n>.mp4                  a stored file, with Range (what the playlist's byte ranges read);
 * - GET /playback/:id/w<startMs>.mp4            the file being written (its complete fragments), with Range;
 * - GET /api/cameras/:id/frame.jpg?at=          the keyframe at or before `at`, as a JPEG.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { Type } from 'typebox'
import { RecordingsAnswer } from '../contracts/recording.ts'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'
import { NotFoundError } from '../http/http-errors.ts'
import { sendStoredFile } from '../http/stored-file-reply.ts'
import type { ProcessPool } from '../process/process-pool.ts'
import { playlistContentType } from '../media/hls/playlist-renderer.ts'
import type { ViewingAudit } from '../media/viewing-audit.ts'
import { checkRange, parseInstant } from './playback-request.ts'
import { recordedFiles, type RecordedFilesSource } from './recorded-files.ts'
import { gapsBetween, recordedRanges } from './recorded-ranges.ts'
import type { RecordingsRepository } from './recordings-repository.ts'
import { PART_SUFFIX } from './segment-file.ts'
import { keyframeAt } from './recorded-frame.ts'
import { renderVodPlaylist } from './vod-playlist.ts'

export interface PlaybackOptions {
  root: string
  repository: RecordingsRepository
  audit: ViewingAudit
  processes: ProcessPool
  retentionDays: (cameraId: string) => number
  reasonFor: (cameraId: string) => { code: string } | undefined
  /** The camera's recorder while it records: its open file holds the newest minute. */
  recorderOf: RecordedFilesSource['recorderOf']
  now?: () => number
}

const HOUR_MS = 3_600_000
const LIST_MAX_MS = 31 * 24 * HOUR_MS
const PLAYLIST_MAX_MS = 12 * HOUR_MS

const Id = Type.String({ maxLength: 64 })
const RangeQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
})
const PlaylistQuery = Type.Object({
  start: Type.Optional(Type.String({ maxLength: 40 })),
  end: Type.Optional(Type.String({ maxLength: 40 })),
})
const FrameQuery = Type.Object({ at: Type.Optional(Type.String({ maxLength: 40 })) })
const RecordedFile = mediaReply('a stored recording file (byte ranges)', 'video/mp4')
const FILE_NAME = /^([rw])(\d{1,15})\.mp4$/

export const playbackRoutes: FastifyPluginAsyncTypebox<PlaybackOptions> = async (app, options) => {
  const now = options.now ?? Date.now
  const { repository, audit } = options
  const files = (cameraId: string, fromMs: number, toMs: number) =>
    recordedFiles({ root: options.root, repository, recorderOf: options.recorderOf }, cameraId, fromMs, toMs)
  /**
   * Where `w<startMs>.mp4` is: the `.part` while it is written, then the file under its final name (closed
   * since the playlist was read). Undefined when the camera has no such file.
   */
  const writtenFile = (cameraId: string, startMs: number): string[] | undefined => {
    const writing = options.recorderOf(cameraId)?.writing()
    if (writing?.startMs === startMs) {
      const path = join(options.root, writing.relativePath)
      return [path + PART_SUFFIX, path]
    }
    const closed = repository.overlapping(cameraId, startMs, startMs + 1).find((file) => file.startMs === startMs)
    return closed && [join(options.root, closed.path)]
  }
  const knownCamera = (id: string): string => {
    if (!app.cameras.get(id)) throw new NotFoundError('camera.unknown', { camera: id }, `no camera "${id}"`)
    return id
  }
  const viewer = (request: { user?: { id: number; username: string } | null; ip: string }) => ({
    userId: request.user!.id,
    username: request.user!.username,
    ip: request.ip,
  })

  app.get(
    '/api/cameras/:id/recordings',
    {
      schema: {
        params: Type.Object({ id: Id }),
        querystring: RangeQuery,
        response: { 200: RecordingsAnswer, ...ErrorReplies },
      },
    },
    async (request) => {
      const cameraId = knownCamera(request.params.id)
      const { fromMs, toMs } = checkRange(
        ['from', 'to'],
        parseInstant('from', request.query.from),
        parseInstant('to', request.query.to),
        { nowMs: now(), retentionDays: options.retentionDays(cameraId), maxLengthMs: LIST_MAX_MS },
      )
      const ranges = recordedRanges(await files(cameraId, fromMs, toMs), fromMs, toMs)
      const iso = (ms: number): string => new Date(ms).toISOString()
      const toIso = (r: { startMs: number; endMs: number }) => ({ start: iso(r.startMs), end: iso(r.endMs) })
      return {
        cameraId,
        from: iso(fromMs),
        to: iso(toMs),
        ranges: ranges.map(toIso),
        gaps: gapsBetween(ranges, fromMs, toMs).map(toIso),
        reasonCode: options.reasonFor(cameraId)?.code ?? null,
      }
    },
  )

  app.get(
    '/playback/:id/index.m3u8',
    {
      schema: {
        params: Type.Object({ id: Id }),
        querystring: PlaylistQuery,
        response: {
          200: mediaReply('an HLS VOD playlist over the stored files', playlistContentType),
          ...ErrorReplies,
        },
      },
    },
    async (request, reply) => {
      const cameraId = knownCamera(request.params.id)
      const { fromMs, toMs } = checkRange(
        ['start', 'end'],
        parseInstant('start', request.query.start),
        parseInstant('end', request.query.end),
        { nowMs: now(), retentionDays: options.retentionDays(cameraId), maxLengthMs: PLAYLIST_MAX_MS },
      )
      const recorded = await files(cameraId, fromMs, toMs)
      if (recorded.length === 0)
        throw new NotFoundError(
          'playback.nothing-recorded',
          { camera: cameraId },
          `nothing of camera ${cameraId} is recorded between ${request.query.start} and ${request.query.end}`,
        )
      audit.playback(viewer(request), cameraId, recorded[0]!.quality, fromMs, toMs)
      return reply
        .header('Cache-Control', 'no-store')
        .type(playlistContentType)
        .send(renderVodPlaylist(recorded, fromMs, toMs))
    },
  )

  app.get(
    '/playback/:id/:name',
    {
      schema: {
        params: Type.Object({ id: Id, name: Type.String({ maxLength: 32 }) }),
        response: { 200: RecordedFile, 206: RecordedFile, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const cameraId = knownCamera(request.params.id)
      const { name } = request.params
      const match = FILE_NAME.exec(name)
      const indexed = match?.[1] === 'r' ? repository.byId(Number(match[2])) : undefined
      const paths =
        match?.[1] === 'w'
          ? writtenFile(cameraId, Number(match[2]))
          : indexed?.cameraId === cameraId
            ? [join(options.root, indexed.path)]
            : undefined
      if (!paths)
        throw new NotFoundError('playback.unknown-file', { name }, `no recording "${name}" of camera ${cameraId}`)
      // The file being written grows: its fragments never change, but a cached whole answer would be short.
      const cacheControl = match?.[1] === 'w' ? 'no-store' : 'private, max-age=3600'
      for (const path of paths) {
        try {
          return await sendStoredFile(request, reply, { path }, { contentType: 'video/mp4', cacheControl })
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
      }
      throw new NotFoundError('playback.unknown-file', { name }, `recording "${name}" is no longer stored`)
    },
  )

  app.get(
    '/api/cameras/:id/frame.jpg',
    {
      schema: {
        params: Type.Object({ id: Id }),
        querystring: FrameQuery,
        response: { 200: mediaReply('the recorded keyframe at or before `at`', 'image/jpeg'), ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const cameraId = knownCamera(request.params.id)
      const atMs = parseInstant('at', request.query.at)
      checkRange(['at', 'at'], atMs - 1, atMs, {
        nowMs: now(),
        retentionDays: options.retentionDays(cameraId),
        maxLengthMs: HOUR_MS,
      })
      const file = (await files(cameraId, atMs, atMs + 1))[0]
      if (!file)
        throw new NotFoundError(
          'playback.nothing-recorded',
          { camera: cameraId },
          `nothing of camera ${cameraId} is recorded at ${request.query.at}`,
        )
      const jpeg = await keyframeAt(options.processes, file.path, { ...file, cameraId }, atMs, open)
      if (!jpeg)
        throw new NotFoundError('playback.unknown-file', { name: file.path }, 'the recording could not be decoded')
      audit.playback(viewer(request), cameraId, file.quality, atMs, atMs)
      return reply.type('image/jpeg').header('Cache-Control', 'private, max-age=3600').send(jpeg)
    },
  )
}
