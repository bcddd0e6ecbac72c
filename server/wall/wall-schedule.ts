/**
 * Which preset a monitor shows at an instant, from its schedule in the site's time zone, and when that may
 * next change. Pure: the instant is passed in.
 */
import type { WallMonitor } from '../contracts/wall.ts'
import { localParts, zonedTimeToUtc } from '../patrol/tour-schedule.ts'

const DAY_MS = 86_400_000

const clockOf = (hour: number, minute: number): string =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`

/** The first schedule entry covering `atMs` (from inclusive, to exclusive) wins; none: the default preset. */
export function presetInForce(monitor: WallMonitor, atMs: number, timeZone: string): string {
  const local = localParts(atMs, timeZone)
  const clock = clockOf(local.hour, local.minute)
  const entry = monitor.schedule?.find(
    (e) => (!e.days || e.days.includes(local.weekday)) && e.from <= clock && clock < e.to,
  )
  return entry?.preset ?? monitor.defaultPreset
}

/** The next instant after `afterMs` at which any schedule entry starts or ends (null: no schedule). */
export function nextScheduleBoundary(monitor: WallMonitor, afterMs: number, timeZone: string): number | null {
  let next: number | null = null
  // Today and the next seven local days cover every weekly pattern.
  for (let dayMs = afterMs; dayMs < afterMs + 8 * DAY_MS; dayMs += DAY_MS) {
    const day = localParts(dayMs, timeZone)
    for (const entry of monitor.schedule ?? []) {
      if (entry.days && !entry.days.includes(day.weekday)) continue
      for (const clock of [entry.from, entry.to]) {
        const [hh, mm] = clock.split(':').map(Number) as [number, number]
        const at = zonedTimeToUtc(day.year, day.month, day.day, hh, mm, timeZone)
        if (at > afterMs && (next === null || at < next)) next = at
      }
    }
    if (next !== null && next < dayMs) break
  }
  return next
}
