/** Patrol: saved layouts and console state, tours with runs and schedules, the patrol log and coverage. */
import fp from 'fastify-plugin'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { layoutRoutes } from './layout-routes.ts'
import { patrolLogRoutes } from './patrol-log-routes.ts'
import { TourDueNotifier } from './tour-due-notifier.ts'
import { tourRoutes } from './tour-routes.ts'
import { ToursRepository } from './tours-repository.ts'

export interface PatrolOptions {
  config: CameraConfig
  timeZone: string
  /** Seconds on screen without a break before a camera counts as patrolled. */
  minDwellSeconds: number
}

export const patrolPlugin = fp<PatrolOptions>(
  async (app, { config, timeZone, minDwellSeconds }) => {
    const tours = new ToursRepository(app.db)
    await app.register(layoutRoutes)
    await app.register(tourRoutes, { tours, config, timeZone })
    await app.register(patrolLogRoutes, { config, timeZone, minDwellSeconds })
    const notifier = new TourDueNotifier(tours, app.realtime, timeZone)
    notifier.start()
    app.addHook('onClose', async () => notifier.stop())
  },
  { name: 'patrol', dependencies: ['db', 'auth', 'cameras', 'realtime', 'media'] },
)
