/**
 * A working day of the monitoring room, as the wall sees it, laid out on the benchmark's run: operators
 * report incidents (one in ten urgent, which a rule puts into the alarm zone) and take them through the
 * case loop with the departments; operators push cameras and incidents onto the wall and clear it; cameras
 * fail and come back. The day's counts are those of 8 hours; a shorter run (--minutes) holds the same day,
 * each step at the same fraction of the run, so a compressed run does a whole day's work. Pure.
 */
import type { Action, CloseReason, Severity } from '../../../server/contracts/incidents.ts'

/** One working day (8 hours) of the street office's monitoring room. */
export const WORKING_DAY = {
  minutes: 480,
  /** Incidents reported from the console's cameras. */
  reports: 120,
  /** Every tenth report is urgent: the `incident-urgent` rule shows it in the alarm zone. */
  urgentEvery: 10,
  /** Every twelfth report is rejected at acceptance; every sixth stays with its department at the day's end. */
  rejectEvery: 12,
  leftOpenEvery: 6,
  /** Pushes to the wall (上墙); every third is an incident, the others a camera; every fourth is cleared early. */
  pushes: 32,
  pushSeconds: 60,
  /** Cameras of the trouble-spot kind that go offline for a while (the `camera-down` rule). */
  cameraDrops: 8,
  cameraDownMinutes: 3,
} as const

/**
 * When each step of an incident's loop comes, in minutes of the day after its report: the centre accepts
 * and dispatches, the lead department acknowledges, starts and handles, the centre verifies and closes, a
 * supervisor archives.
 */
export const LOOP_MINUTES: ReadonlyArray<{ action: Action; after: number }> = [
  { action: 'accept', after: 2 },
  { action: 'dispatch', after: 4 },
  { action: 'acknowledge', after: 9 },
  { action: 'start', after: 15 },
  { action: 'handle', after: 50 },
  { action: 'verify', after: 60 },
  { action: 'close', after: 65 },
  { action: 'archive', after: 90 },
]
/** A report left open stops here: dispatched and acknowledged, never handled (it goes overdue). */
const LEFT_OPEN_AFTER: Action = 'acknowledge'

export type DayEvent =
  | { atMs: number; kind: 'report'; report: number; camera: string; category: string; severity: Severity }
  | { atMs: number; kind: 'step'; report: number; action: Action; closeReason?: CloseReason }
  | { atMs: number; kind: 'push-camera'; camera: string; seconds: number }
  | { atMs: number; kind: 'push-incident'; report: number; seconds: number }
  | { atMs: number; kind: 'clear' }
  | { atMs: number; kind: 'camera-offline'; camera: string; offline: boolean }

export interface DayInputs {
  /** The run's length; the day is laid out on it. */
  minutes: number
  /** Cameras of the configuration, in order; reports and pushes take them in turn. */
  cameras: readonly string[]
  /** Cameras that may go offline (the trouble spots). */
  dropCameras: readonly string[]
  /** Event categories of the configuration. */
  categories: readonly string[]
}

/**
 * The day's events in time order. The day starts after the run's first minute (its first sixteenth in a
 * run under 16 minutes) and ends at seven eighths of the run; a loop step, a clear or a camera coming back
 * may follow until a minute (a sixteenth) before the end, so the run ends on a wall that should be whole.
 * Loop steps that would fall after that are left out: those incidents stay open, as some do at the end of
 * a real day.
 */
export function planWorkingDay(inputs: DayInputs): DayEvent[] {
  const runMs = inputs.minutes * 60_000
  const marginMs = Math.min(60_000, runMs / 16)
  const dayMs = runMs * (7 / 8) - marginMs
  const scale = dayMs / (WORKING_DAY.minutes * 60_000)
  const lastMs = runMs - marginMs
  const at = (fraction: number): number => Math.round(marginMs + fraction * dayMs)
  const events: DayEvent[] = []
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!

  for (let report = 0; report < WORKING_DAY.reports; report++) {
    const reportedAt = at(report / WORKING_DAY.reports)
    const severity: Severity = report % WORKING_DAY.urgentEvery === WORKING_DAY.urgentEvery - 1 ? 'urgent' : 'normal'
    // A stride through the list so consecutive reports come from cameras across the district.
    const camera = pick(inputs.cameras, report * 37)
    events.push({
      atMs: reportedAt,
      kind: 'report',
      report,
      camera,
      category: pick(inputs.categories, report),
      severity,
    })
    for (const step of loopOf(report)) {
      const atMs = Math.round(reportedAt + step.after * 60_000 * scale)
      if (atMs > lastMs) break
      events.push({
        atMs,
        kind: 'step',
        report,
        action: step.action,
        ...(step.action === 'close' && { closeReason: 'resolved' }),
      })
    }
  }

  for (let push = 0; push < WORKING_DAY.pushes; push++) {
    // Between two reports, so an incident push names one already reported.
    const atMs = at((push + 0.5) / WORKING_DAY.pushes)
    const seconds = WORKING_DAY.pushSeconds
    if (push % 3 === 2) {
      const report = Math.max(0, Math.floor(((push + 0.5) / WORKING_DAY.pushes) * WORKING_DAY.reports) - 1)
      events.push({ atMs, kind: 'push-incident', report, seconds })
    } else events.push({ atMs, kind: 'push-camera', camera: pick(inputs.cameras, push * 53 + 11), seconds })
    if (push % 4 === 3) events.push({ atMs: Math.min(atMs + (seconds * 1000) / 2, lastMs), kind: 'clear' })
  }

  const downMs = Math.min(WORKING_DAY.cameraDownMinutes * 60_000, dayMs / WORKING_DAY.cameraDrops / 2)
  for (let drop = 0; drop < WORKING_DAY.cameraDrops && inputs.dropCameras.length > 0; drop++) {
    const atMs = at((drop + 0.25) / WORKING_DAY.cameraDrops)
    const camera = pick(inputs.dropCameras, drop * 5 + 1)
    events.push({ atMs, kind: 'camera-offline', camera, offline: true })
    events.push({ atMs: Math.min(atMs + downMs, lastMs), kind: 'camera-offline', camera, offline: false })
  }
  return events.sort((a, b) => a.atMs - b.atMs)
}

/** The loop steps a report goes through: none after a rejection, up to acknowledgement when left open. */
function loopOf(report: number): ReadonlyArray<{ action: Action; after: number }> {
  if (report % WORKING_DAY.rejectEvery === WORKING_DAY.rejectEvery - 1) return [{ action: 'reject', after: 2 }]
  if (report % WORKING_DAY.leftOpenEvery === WORKING_DAY.leftOpenEvery - 2) {
    const end = LOOP_MINUTES.findIndex((step) => step.action === LEFT_OPEN_AFTER)
    return LOOP_MINUTES.slice(0, end + 1)
  }
  return LOOP_MINUTES
}

/** What a day's events come to, for the report. */
export function dayCounts(events: readonly DayEvent[]): Record<DayEvent['kind'], number> {
  const counts = { report: 0, step: 0, 'push-camera': 0, 'push-incident': 0, clear: 0, 'camera-offline': 0 }
  for (const event of events) counts[event.kind]++
  return counts
}
