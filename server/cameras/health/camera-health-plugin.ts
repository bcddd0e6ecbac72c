/**
 * Camera health: every camera checked every `intervalSeconds` (0: off), each status change stored
 * (`cameras.status`, `camera_status_history`) and published as `camera:status`. A running stream counts
 * as proof of life, and a watched stream's failure (auth refused, unreachable, stalled) changes the status
 * at once through the same states: the media domain passes `isStreaming`, `streamObservation` and
 * `onStreamHealth`.
 */
import fp from 'fastify-plugin'
import type { CameraStatusEvent } from '../../contracts/realtime-events.ts'
import { checkCamera } from './camera-health-check.ts'
import { CameraHealthMonitor } from './camera-health-monitor.ts'
import { CameraHealthRepository } from './camera-health-repository.ts'
import type { Observation } from './camera-health-state.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cameraHealth: CameraHealthMonitor | null
  }
}

export interface CameraHealthOptions {
  /** Seconds between checks of one camera; 0 turns health checking off. */
  intervalSeconds: number
  isStreaming?: (cameraId: string) => boolean
  /** What a watched stream says of its camera now (media's StreamManager.streamObservation). */
  streamObservation?: (cameraId: string) => Observation | undefined
  /** Subscribes to watched streams' findings, so a failing stream changes the status within seconds. */
  onStreamHealth?: (listener: (cameraId: string, observation: Observation) => void) => () => void
  concurrency?: number
  /** Failed checks in a row before an online camera is reported down (default 2). */
  failuresToLeaveOnline?: number
  /** Re-check of a suspect online camera (default 5 s, never more than the interval). */
  confirmDelayMs?: number
  firstRoundDelayMs?: number
  rtspTimeoutMs?: number
}

export const cameraHealthPlugin = fp<CameraHealthOptions>(
  async (app, o) => {
    if (o.intervalSeconds <= 0) {
      app.decorate('cameraHealth', null)
      app.log.info('camera health checks are off (CAMERA_HEALTH_INTERVAL_S=0)')
      return
    }
    const repository = new CameraHealthRepository(app.db)
    const isStreaming = o.isStreaming ?? (() => false)
    const intervalMs = o.intervalSeconds * 1000
    const monitor = new CameraHealthMonitor({
      // Push cameras are not polled: whether they publish is known to the media domain's ingest.
      cameras: app.cameraSources.pulled(),
      stored: repository.all(),
      check: (source) =>
        checkCamera(source, {
          devices: app.onvifDevices,
          isStreaming,
          ...(o.streamObservation ? { streamObservation: o.streamObservation } : {}),
          rtspTimeoutMs: o.rtspTimeoutMs ?? 4_000,
        }),
      onChange: (event: CameraStatusEvent) => {
        repository.record(event.cameraId, event.status, event.since, event.detail)
        app.realtime.publish('camera:status', event)
      },
      logger: app.log,
      intervalMs,
      concurrency: o.concurrency ?? 16,
      confirmDelayMs: Math.min(o.confirmDelayMs ?? 5_000, intervalMs),
      firstRoundDelayMs: o.firstRoundDelayMs ?? 1_000,
      policy: { failuresToLeaveOnline: o.failuresToLeaveOnline ?? 2 },
    })
    app.decorate('cameraHealth', monitor)
    const unsubscribe = o.onStreamHealth?.((cameraId, observation) => monitor.observe(cameraId, observation))
    app.addHook('onReady', async () => {
      monitor.start()
    })
    app.addHook('preClose', async () => {
      unsubscribe?.()
      await monitor.stop()
    })
  },
  { name: 'camera-health', dependencies: ['db', 'realtime', 'camera-sources'] },
)
