/**
 * The wall display: monitors with presets and schedules from wall.yaml, pushes and rule firings stored so
 * they survive a restart, `wall:state` on every change, kiosk pairing, and the kiosk's tile streams started
 * as soon as it asks for its page. Rules hear incidents and camera health through the in-process
 * `localEvents`, not through the domains themselves.
 */
import fp from 'fastify-plugin'
import type { Role } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { toIncident } from '../incidents/incidents-repository.ts'
import { realTimers } from '../process/timers.ts'
import { pairingPage } from './pairing-page.ts'
import { WallDevicesRepository } from './wall-devices-repository.ts'
import { WallPairing } from './wall-pairing.ts'
import { WallRepository } from './wall-repository.ts'
import { wallRoutes } from './wall-routes.ts'
import { cameraTrigger, incidentTrigger } from './wall-rules.ts'
import { WallService } from './wall-service.ts'
import { firstStreams } from './wall-warmup.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** null: the site has no wall.yaml. */
    wall: WallService | null
    wallPairing: WallPairing
  }
}

const AUDIENCE: readonly Role[] = ['admin', 'supervisor', 'operator', 'wall']
// A device's last_seen_at is written at most this often.
const TOUCH_INTERVAL_MS = 60_000

export interface WallOptions {
  config: CameraConfig
  timeZone: string
  now?: () => number
}

export const wallPlugin = fp<WallOptions>(
  async (app, { config, timeZone, now }) => {
    const clock = now ?? Date.now
    const devices = new WallDevicesRepository(app.db)
    const pairing = new WallPairing({
      wall: config.wall,
      devices,
      users: app.users,
      sessions: app.sessions,
      now: clock,
    })
    app.decorate('wallPairing', pairing)

    // A device account carries its monitor on the session user (GET /api/auth/me, the state route's check).
    const touched = new Map<number, number>()
    app.addHook('onRequest', async (request) => {
      const user = request.user
      if (user?.role !== 'wall') return
      const device = devices.findByUser(user.id)
      if (!device) return
      user.monitor = device.monitor
      if (request.method === 'GET' && request.url.split('?')[0] === '/wall') warmUp(device.monitor)
      const at = clock()
      if (at - (touched.get(user.id) ?? 0) >= TOUCH_INTERVAL_MS) {
        touched.set(user.id, at)
        devices.touch(user.id, at)
      }
    })

    const wall = config.wall
    const service = wall
      ? new WallService({
          wall,
          repo: new WallRepository(app.db),
          timeZone,
          timers: { ...realTimers(), now: clock },
          cameras: config.cameras,
          incident: (id) => {
            const row = app.incidentStore.get(id)
            return row && toIncident(row)
          },
          publish: (state) => app.realtime.publish('wall:state', state, { roles: AUDIENCE }),
        })
      : null
    app.decorate('wall', service)

    /** The kiosk is loading its page: its tiles' streams start now, not when its players ask (wall-warmup.ts). */
    const warmUp = (monitor: string): void => {
      if (!service) return
      try {
        const streams = firstStreams(service.state(monitor), clock())
        const startedAs = streams.length > 1 ? 'together' : 'alone'
        for (const { cameraId, quality } of streams) app.streams.touch(cameraId, quality, startedAs)
      } catch (error) {
        // An unknown monitor or the stream limit: the players ask for themselves and get the reason.
        app.log.debug({ err: error, monitor }, 'wall warm-up skipped')
      }
    }

    if (service) {
      const categories = new Map(config.cameras.map((c) => [c.id, c.categories]))
      const offIncident = app.localEvents.on('incident:event', (event) => {
        const trigger = incidentTrigger(event)
        if (trigger) service.fire(trigger)
      })
      const offCamera = app.localEvents.on('camera:status', (event) => {
        const trigger = cameraTrigger(event, categories.get(event.cameraId) ?? [])
        if (trigger) service.fire(trigger)
      })
      app.addHook('onReady', async () => service.start())
      app.addHook('preClose', async () => {
        offIncident()
        offCamera()
        service.stop()
      })
    }

    await app.register(wallRoutes, { service })
    await app.register(pairingPage, { pairing })
  },
  { name: 'wall', dependencies: ['db', 'auth', 'realtime', 'incidents', 'media'] },
)
