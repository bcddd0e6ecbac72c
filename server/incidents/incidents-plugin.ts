/**
 * Incidents and dispatch: the case loop with its timeline, routing suggestions, SLA escalation on server
 * timers (due times stored), evidence capture, and numbered live events with replay on reconnect.
 */
import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { EscalationWatcher } from './escalation.ts'
import { CLIP_AFTER_MS, CLIP_BEFORE_MS, captureEvidence } from './evidence-capture.ts'
import { recordedEvidenceClip } from '../recording/recorded-clip.ts'
import { RecordingsRepository } from '../recording/recordings-repository.ts'
import { EvidenceStore } from './evidence-store.ts'
import { IdempotencyKeys } from './idempotency.ts'
import { IncidentFeed } from './incident-feed.ts'
import { remuxToProgressiveMp4 } from '../media/mp4/progressive-mp4.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { normalisePhoto } from './photo-intake.ts'
import { incidentRoutes } from './incident-routes.ts'
import { IncidentService } from './incident-service.ts'
import { IncidentsRepository } from './incidents-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    incidents: IncidentService
    /** The store itself, for domains that must write in the same transaction (the case outbox). */
    incidentStore: IncidentsRepository
    /** Idempotent reports, shared with the Open311 endpoint. */
    idempotencyKeys: IdempotencyKeys
  }
}

// A 15 s clip remuxes in well under a second; this bounds a stuck ffmpeg, not a slow machine.
const CLIP_REMUX_TIMEOUT_MS = 30_000

export interface IncidentsOptions {
  config: CameraConfig
  dataDir: string
  timeZone: string
  /** How far before a flag a recorded camera's clip reaches, from its recording (RECORDED_CLIP_BEFORE_S). */
  recordedClipBeforeMs?: number
  /** The clock of deadlines and escalations (tests move it). */
  now?: () => number
  escalationIntervalMs?: number
}

export const incidentsPlugin = fp<IncidentsOptions>(
  async (app, options) => {
    const now = options.now ?? Date.now
    const repo = new IncidentsRepository(app.db, now)
    const feed = new IncidentFeed(repo, app.realtime)
    const evidence = new EvidenceStore(join(options.dataDir, 'evidence'))
    const recordings = new RecordingsRepository(app.db)
    const pending = new Set<Promise<void>>()
    // Photo decoding and clip remuxing run ffmpeg; their own pool, so closing the app waits for them.
    const evidenceProcesses = new ProcessPool({ logger: app.log })
    app.addHook('onClose', async () => evidenceProcesses.closeAll())
    const service: IncidentService = new IncidentService({
      repo,
      feed,
      config: options.config,
      timeZone: options.timeZone,
      now,
      cameras: { get: (id) => app.cameras.get(id) },
      onCreated: (incident) => {
        const capture = captureEvidence(incident, {
          streams: app.streams,
          liveKeyframe: app.liveKeyframe,
          store: evidence,
          incidents: () => service,
          logger: app.log,
          // The clip is cut by the packager's wall clock, whatever clock the deadlines follow.
          now: Date.now,
          cameraSnapshot: (id) => app.cameraSnapshots.fromCamera(id),
          ...(options.recordedClipBeforeMs !== undefined && { recordedClipBeforeMs: options.recordedClipBeforeMs }),
          remux: (job) => remuxToProgressiveMp4(evidenceProcesses, { ...job, timeoutMs: CLIP_REMUX_TIMEOUT_MS }),
          recordedClip: (cameraId, fromMs, toMs, output) =>
            recordedEvidenceClip(
              {
                files: {
                  root: join(options.dataDir, 'recordings'),
                  repository: recordings,
                  recorderOf: (id) => app.recording.recorderOf(id),
                },
                remux: (job) => remuxToProgressiveMp4(evidenceProcesses, { ...job, timeoutMs: CLIP_REMUX_TIMEOUT_MS }),
              },
              cameraId,
              // Only when the recording reaches back further than the memory ring's clip would.
              { fromMs, toMs, wantedFromMs: toMs - CLIP_AFTER_MS - CLIP_BEFORE_MS },
              output,
            ),
        })
        pending.add(capture)
        void capture.finally(() => pending.delete(capture))
      },
    })
    app.decorate('incidents', service)
    app.decorate('incidentStore', repo)
    const idempotency = new IdempotencyKeys(app.db, now)
    app.decorate('idempotencyKeys', idempotency)
    app.onRealtimeConnect(feed.replay)

    await app.register(incidentRoutes, {
      service,
      repo,
      evidence,
      normalisePhoto: (body, type) => normalisePhoto(evidenceProcesses, body, type),
      idempotency,
      timeZone: options.timeZone,
      now,
    })

    const escalation = new EscalationWatcher(app.db, service, now)
    escalation.start(options.escalationIntervalMs)
    app.addHook('preClose', async () => {
      escalation.stop()
      // Evidence being written finishes before the store closes.
      await Promise.all(pending)
    })
  },
  { name: 'incidents', dependencies: ['db', 'auth', 'realtime', 'cameras', 'media', 'recording'] },
)
