/**
 * POST /api/cameras/:id/exports {start, end, incidentId}: a recorded range exported as evidence of an
 * incident. The stored fragments from the keyframe at or before `start` to the end are remuxed (no
 * re-encoding) into a progressive MP4 (moov first, timestamps from 0), saved as the incident's
 * `export-<n>.mp4` (served with Range by the incident files route), its SHA-256 written to the incident's
 * timeline with the camera and the range (chain of custody), the range locked from retention while the
 * incident is open, and the export in the viewing audit.
 *
 * A range with gaps (the camera dropped, recording was off) exports the recorded parts, played one after
 * the other, and the answer lists the gaps: refusing would leave the user nothing to attach, and the
 * timeline's entry says what the file holds. Exports run one at a time: each is an ffmpeg copying up to a
 * gigabyte, and numbering `export-<n>` needs no race handling that way.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { dirname } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Type } from 'typebox'
import type { Quality } from '../contracts/media.ts'
import { ExportAnswer, ExportRequest } from '../contracts/recording.ts'
import { ErrorReplies } from '../contracts/replies.ts'
import { BadRequestError, HttpError, NotFoundError } from '../http/http-errors.ts'
import type { EvidenceStore } from '../incidents/evidence-store.ts'
import type { IncidentService } from '../incidents/incident-service.ts'
import { remuxToProgressiveMp4, type ProcessStarter } from '../media/mp4/progressive-mp4.ts'
import type { ViewingAudit } from '../media/viewing-audit.ts'
import { checkRange, parseInstant } from './playback-request.ts'
import { remuxRecordedRuns } from './recorded-clip.ts'
import { cutRecording, runsBytes } from './recorded-cut.ts'
import { recordedFiles, type RecordedFilesSource } from './recorded-files.ts'
import { gapsBetween, recordedRanges } from './recorded-ranges.ts'
import type { RecordingsRepository } from './recordings-repository.ts'

export interface ExportOptions {
  files: RecordedFilesSource
  repository: Pick<RecordingsRepository, 'lock'>
  incidents: IncidentService
  evidence: EvidenceStore
  processes: ProcessStarter
  audit: ViewingAudit
  retentionDays: (cameraId: string) => number
  limits?: Partial<ExportLimits>
  now?: () => number
}

export interface ExportLimits {
  maxMs: number
  maxBytes: number
}

export const EXPORT_LIMITS: ExportLimits = { maxMs: 30 * 60_000, maxBytes: 1024 ** 3 }
// A 1 GiB copy remux takes well under a minute; this bounds a stuck ffmpeg, not a slow disk.
const EXPORT_REMUX_TIMEOUT_MS = 5 * 60_000
const MB = 1024 * 1024

export const exportRoutes: FastifyPluginAsyncTypebox<ExportOptions> = async (app, options) => {
  const now = options.now ?? Date.now
  const limits = { ...EXPORT_LIMITS, ...options.limits }
  let queue: Promise<unknown> = Promise.resolve()
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => {})
    return run
  }

  app.post(
    '/api/cameras/:id/exports',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: ExportRequest,
        response: { 201: ExportAnswer, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const cameraId = request.params.id
      if (!app.cameras.get(cameraId))
        throw new NotFoundError('camera.unknown', { camera: cameraId }, `no camera "${cameraId}"`)
      const startMs = parseInstant('start', request.body.start)
      const endMs = parseInstant('end', request.body.end)
      const maxMinutes = Math.round(limits.maxMs / 60_000)
      if (endMs - startMs > limits.maxMs)
        throw new BadRequestError(
          'export.too-long',
          { field: 'end', maxMinutes },
          `end: an export is at most ${maxMinutes} minutes long`,
        )
      const { fromMs, toMs } = checkRange(['start', 'end'], startMs, endMs, {
        nowMs: now(),
        retentionDays: options.retentionDays(cameraId),
        maxLengthMs: limits.maxMs,
      })
      const user = request.user!
      const incident = options.incidents.visible(user, request.body.incidentId)

      let quality: Quality = 'sub'
      const answer = await oneAtATime(async () => {
        const files = await recordedFiles(options.files, cameraId, fromMs, toMs)
        const runs = cutRecording(files, fromMs, toMs)
        if (runs.length === 0)
          throw new NotFoundError(
            'playback.nothing-recorded',
            { camera: cameraId },
            `nothing of camera ${cameraId} is recorded between ${request.body.start} and ${request.body.end}`,
          )
        quality = files[0]?.quality ?? 'sub'
        const bytes = runsBytes(runs)
        if (bytes > limits.maxBytes) {
          const sizes = { maxMegabytes: Math.floor(limits.maxBytes / MB), megabytes: Math.ceil(bytes / MB) }
          throw new HttpError(
            413,
            'export.too-large',
            sizes,
            `the range holds ${sizes.megabytes} MB of video; an export is at most ${sizes.maxMegabytes} MB`,
          )
        }
        const file = options.evidence.nextExportName(incident.id)
        const output = options.evidence.pathFor(incident.id, file)
        const remuxed = await remuxRecordedRuns({
          runs,
          workRoot: dirname(output),
          output,
          name: `export ${incident.code} ${file}`,
          remux: (job) => remuxToProgressiveMp4(options.processes, { ...job, timeoutMs: EXPORT_REMUX_TIMEOUT_MS }),
        })
        const ranges = recordedRanges(files, fromMs, toMs)
        const iso = (ms: number): string => new Date(ms).toISOString()
        return {
          incidentId: incident.id,
          incidentCode: incident.code,
          cameraId,
          file,
          start: iso(runs[0]!.startMs),
          end: iso(runs.at(-1)!.endMs),
          seconds: Math.round(runs.reduce((sum, run) => sum + run.endMs - run.startMs, 0) / 100) / 10,
          bytes: remuxed.bytes,
          sha256: await sha256Of(output),
          gaps: gapsBetween(ranges, fromMs, toMs).map((gap) => ({ start: iso(gap.startMs), end: iso(gap.endMs) })),
        }
      })

      if (incident.stage !== 'archived') options.repository.lock({ incidentId: incident.id, cameraId, fromMs, toMs })
      const { incidentId: _id, incidentCode: _code, ...entry } = answer
      options.incidents.evidenceAdded(incident.id, user, 'export', entry)
      options.audit.playback(
        { userId: user.id, username: user.username, ip: request.ip },
        cameraId,
        quality,
        fromMs,
        toMs,
      )
      return reply.status(201).send(answer)
    },
  )
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}
