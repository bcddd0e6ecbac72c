/** Every scheduled occurrence of every tour in a window, with what became of it. Pure. */
import type { TourDue, TourRun } from '../contracts/patrol.ts'
import { DEFAULT_GRACE_MINUTES, dueState, occurrences } from './tour-schedule.ts'
import type { StoredTour } from './tours-repository.ts'

export function dueList(
  tours: readonly StoredTour[],
  runs: readonly TourRun[],
  fromMs: number,
  toMs: number,
  now: number,
  timeZone: string,
): TourDue[] {
  const out: TourDue[] = []
  for (const tour of tours) {
    if (!tour.schedule) continue
    const tourRuns = runs
      .filter((r) => r.tourId === tour.id)
      .map((r) => ({
        id: r.id,
        startedAt: Date.parse(r.startedAt),
        dueAt: r.dueAt === null ? null : Date.parse(r.dueAt),
      }))
    for (const at of occurrences(tour.schedule, fromMs, toMs, timeZone)) {
      out.push({
        tourId: tour.id,
        tourName: tour.name,
        dueAt: new Date(at).toISOString(),
        ...dueState(at, tour.schedule.graceMinutes ?? DEFAULT_GRACE_MINUTES, tourRuns, now),
      })
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.tourId - b.tourId)
}
