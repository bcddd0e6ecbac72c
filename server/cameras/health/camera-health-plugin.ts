/**
 * Camera health: every camera checked every `intervalSeconds` (0: off), each status change stored
 * (`cameras.status`, `camera_status_history`) and published as `camera:status`. A running stream counts
 * as proof of life: the media domain passes `isStreaming`.
 */
import fp from 'fastify-plugin'
import type { CameraStatusEvent } from '../../contracts/realtime-events.ts'
import { checkCamera } from './camera-health-check.ts'
import { CameraHealthMonitor } from './camera-health-monitor.ts'
import { CameraHealthRepository } from './camera-health-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cameraHealth: CameraHealthMonitor | null
  }
}

export interface CameraHealthOptions {
  /** Seconds between checks of one camera; 0 turns health checking off. */
  intervalSeconds: number
  isStreaming?: (cameraId: string) => boolean
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
        checkCamera(source, { devices: app.onvifDevices, isStreaming, rtspTimeoutMs: o.rtspTimeoutMs ?? 4_000 }),
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
    app.addHook('onReady', async () => {
      monitor.start()
    })
    app.addHook('preClose', async () => {
      await monitor.stop()
    })
  },
  { name: 'camera-health', dependencies: ['db', 'realtime', 'camera-sources'] },
)
