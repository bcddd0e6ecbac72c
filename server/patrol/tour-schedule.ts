/**
 * When scheduled tours are due, in the site's time zone (times of day are local; instants are UTC), and
 * what became of each occurrence. Pure: a clock is passed in.
 */
import type { TourDue, TourSchedule } from '../contracts/patrol.ts'
import { zoneClock } from '../contracts/zone-clock.ts'

export const DEFAULT_GRACE_MINUTES = 30

export interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  weekday: number
}

export function localParts(utcMs: number, timeZone: string): LocalParts {
  const { year, month, day, hour, minute, weekday } = zoneClock(utcMs, timeZone)
  return { year, month, day, hour, minute, weekday }
}

/** The UTC instant of a local wall-clock time (for a time skipped by a DST change: the instant after it). */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  let guess = asUtc
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timeZone)
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - guess
    guess = asUtc - offset
  }
  return guess
}

/** Every due time of a schedule in [fromMs, toMs), in order. */
export function occurrences(schedule: TourSchedule, fromMs: number, toMs: number, timeZone: string): number[] {
  const out: number[] = []
  // Walk local days from the day before `from` (time zones) to the day after `to`.
  for (let dayMs = fromMs - 86_400_000; dayMs < toMs + 86_400_000; dayMs += 86_400_000) {
    const day = localParts(dayMs, timeZone)
    if (schedule.weekdays && !schedule.weekdays.includes(day.weekday)) continue
    for (const time of schedule.times) {
      const [hh, mm] = time.split(':').map(Number) as [number, number]
      const at = zonedTimeToUtc(day.year, day.month, day.day, hh, mm, timeZone)
      if (at >= fromMs && at < toMs && !out.includes(at)) out.push(at)
    }
  }
  return out.sort((a, b) => a - b)
}

export interface RunForDue {
  id: number
  startedAt: number
  dueAt: number | null
}

/** What became of one occurrence: run (a run answered it), due (in its grace period), missed, upcoming. */
export function dueState(
  dueAt: number,
  graceMinutes: number,
  runs: readonly RunForDue[],
  now: number,
): Pick<TourDue, 'state' | 'runId'> {
  const graceEnd = dueAt + graceMinutes * 60_000
  const run =
    runs.find((r) => r.dueAt === dueAt) ??
    runs.find((r) => r.dueAt === null && r.startedAt >= dueAt && r.startedAt < graceEnd)
  if (run) return { state: 'run', runId: run.id }
  if (now < dueAt) return { state: 'upcoming', runId: null }
  return { state: now < graceEnd ? 'due' : 'missed', runId: null }
}
