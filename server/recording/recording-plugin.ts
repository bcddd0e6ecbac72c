/**
 * Recording and playback: the cameras recording.yaml picks are written to DATA_DIR/recordings while their
 * schedules are open (sharing the live streams), indexed in SQLite, kept by retention and the quota
 * (never deleting what an open incident's evidence needs), and played back as HLS VOD. At start the index
 * and the files are reconciled, so a crash leaves nothing broken to serve.
 */
import fp from 'fastify-plugin'
import { join } from 'node:path'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { parseByteSize } from '../contracts/recording.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { playbackRoutes } from './playback-routes.ts'
import { reconcileRecordings } from './reconcile.ts'
import { cameraRecordings } from './recording-plan.ts'
import { RecordingService } from './recording-service.ts'
import { RecordingsRepository } from './recordings-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    recording: RecordingService
  }
}

export interface RecordingOptions {
  config: CameraConfig
  dataDir: string
  timeZone: string
  /** false: nothing new is recorded (what is stored still plays back). */
  enabled: boolean
  segmentSeconds: number
  now?: () => number
}

/** An incident on a recorded camera keeps this much either side of its flag. */
export const EVIDENCE_LOCK_MS = 5 * 60_000
const EVALUATE_MS = 1000
const SWEEP_MS = 60_000

export const recordingPlugin = fp<RecordingOptions>(
  async (app, options) => {
    const root = join(options.dataDir, 'recordings')
    const repository = new RecordingsRepository(app.db)
    const report = reconcileRecordings(root, repository)
    if (report.repaired + report.dropped + report.indexed + report.forgotten > 0)
      app.log.warn(report, 'recordings reconciled with the files on disk')

    const settings = options.config.recording ?? null
    const kept = settings ? cameraRecordings(settings, options.config.cameras) : []
    const plan = options.enabled ? kept : []
    const processes = new ProcessPool({ logger: app.log })
    const service = new RecordingService({
      root,
      plan,
      kept,
      quotaBytes: settings ? (parseByteSize(settings.quota) ?? Infinity) : Infinity,
      quotaText: settings?.quota ?? 'none',
      segmentMs: options.segmentSeconds * 1000,
      timeZone: options.timeZone,
      repository,
      streams: app.streams,
      logger: app.log,
      alert: (event) => app.realtime.publish('recording:alert', event, { roles: ['supervisor', 'admin'] }),
      // Everyone sees it where the camera's state shows: its tile, its details.
      problemChanged: (cameraId, problem) =>
        app.realtime.publish('camera:recording', {
          cameraId,
          problem: problem ? { code: problem.code, params: problem.params } : null,
        }),
      ...(options.now && { now: options.now }),
    })
    app.decorate('recording', service)
    if (settings && options.enabled) app.recordingStatus.list = () => service.status()

    // Evidence: an incident flagged on a camera locks the minutes around the flag until it is archived.
    const offIncidents = app.localEvents.on('incident:event', (event) => {
      const { incident } = event
      if (event.kind === 'created' && incident.cameraId !== null) {
        const flagMs = Date.parse(incident.reportedAt)
        repository.lock({
          incidentId: incident.id,
          cameraId: incident.cameraId,
          fromMs: flagMs - EVIDENCE_LOCK_MS,
          toMs: flagMs + EVIDENCE_LOCK_MS,
        })
      } else if (incident.stage === 'archived') {
        repository.unlock(incident.id)
      }
    })

    await app.register(playbackRoutes, {
      root,
      repository,
      audit: app.viewingAudit,
      processes,
      retentionDays: (cameraId) => service.retentionDays(cameraId),
      reasonFor: (cameraId) => service.reasonFor(cameraId),
      recorderOf: (cameraId) => service.recorderOf(cameraId),
      ...(options.now && { now: options.now }),
    })

    const timers: NodeJS.Timeout[] = []
    app.addHook('onReady', async () => {
      service.evaluate()
      void service.sweep()
      timers.push(setInterval(() => service.evaluate(), EVALUATE_MS))
      timers.push(setInterval(() => void service.sweep(), SWEEP_MS))
      for (const timer of timers) timer.unref()
    })
    app.addHook('preClose', async () => {
      for (const timer of timers) clearInterval(timer)
      offIncidents()
      await service.stopAll()
      await processes.closeAll()
    })
  },
  { name: 'recording', dependencies: ['db', 'auth', 'realtime', 'cameras', 'media'] },
)
