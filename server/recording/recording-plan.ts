/**
 * What should be recording at an instant: recording.yaml's rules applied to the cameras, in the site's
 * time zone. Pure: the instant is passed in. Rule order is priority: a camera belongs to the first rule
 * that picks it (whether or not that rule's schedule is open now), and a lower `priority` number matters more.
 */
import type { CameraDefinition } from '../contracts/camera-config.ts'
import type { Quality } from '../contracts/media.ts'
import type { RecordingRule, RecordingSchedule, RecordingSettings } from '../contracts/recording.ts'
import { localParts } from '../patrol/tour-schedule.ts'

export interface CameraRecording {
  cameraId: string
  quality: Quality
  ruleId: string
  /** The rule's position in recording.yaml: 0 is the most important. */
  priority: number
  retentionDays: number
  schedule: RecordingSchedule
}

type CameraFacts = Pick<CameraDefinition, 'id' | 'categories' | 'community'>

function picks(rule: RecordingRule, camera: CameraFacts): boolean {
  return (
    (rule.cameras?.includes(camera.id) ?? false) ||
    (rule.categories?.some((c) => camera.categories.includes(c)) ?? false) ||
    (rule.communities?.includes(camera.community) ?? false)
  )
}

/** Each camera that some rule picks, with that (first) rule's terms. */
export function cameraRecordings(settings: RecordingSettings, cameras: readonly CameraFacts[]): CameraRecording[] {
  const out: CameraRecording[] = []
  for (const camera of cameras) {
    const priority = settings.rules.findIndex((rule) => picks(rule, camera))
    const rule = settings.rules[priority]
    if (!rule) continue
    out.push({
      cameraId: camera.id,
      quality: rule.quality,
      ruleId: rule.id,
      priority,
      retentionDays: rule.retentionDays,
      schedule: rule.schedule,
    })
  }
  return out
}

const clockOf = (hour: number, minute: number): string =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`

/** Whether the schedule records at `atMs`: `always`, or a window with that weekday, from inclusive, to exclusive. */
export function scheduleOpen(schedule: RecordingSchedule, atMs: number, timeZone: string): boolean {
  if (schedule === 'always') return true
  const local = localParts(atMs, timeZone)
  const clock = clockOf(local.hour, local.minute)
  return schedule.some((w) => w.days.includes(local.weekday) && w.from <= clock && clock < w.to)
}
