/**
 * Announces scheduled tours as they become due (`tour:due` to operators, supervisors and admins). It
 * announces only what falls due while it runs: a time missed while the server was down shows as missed
 * in the due list instead of a burst of stale reminders at start.
 */
import type { RealtimePublisher } from '../realtime/realtime-plugin.ts'
import { repeat } from '../process/timers.ts'
import { occurrences } from './tour-schedule.ts'
import type { ToursRepository } from './tours-repository.ts'

export class TourDueNotifier {
  private lastCheck: number
  /** Stops the periodic check. */
  stop: () => void = () => {}

  constructor(
    private readonly tours: ToursRepository,
    private readonly realtime: RealtimePublisher,
    private readonly timeZone: string,
    private readonly now: () => number = Date.now,
  ) {
    this.lastCheck = now()
  }

  start(intervalMs = 15_000): void {
    this.stop = repeat(() => this.check(), intervalMs)
  }

  /** Publishes every due time in (lastCheck, now]; returns how many. */
  check(): number {
    const now = this.now()
    let sent = 0
    for (const tour of this.tours.list()) {
      if (!tour.schedule) continue
      for (const at of occurrences(tour.schedule, this.lastCheck + 1, now + 1, this.timeZone)) {
        this.realtime.publish(
          'tour:due',
          { tourId: tour.id, tourName: tour.name, dueAt: new Date(at).toISOString() },
          { roles: ['operator', 'supervisor', 'admin'] },
        )
        sent++
      }
    }
    this.lastCheck = now
    return sent
  }
}
