/**
 * The coverage report as the patrol screen shows it: groups labelled from the config, their share
 * patrolled, the cameras nobody looked at by name, operators by patrol time. Pure.
 */
import type { CameraView } from '../../../server/contracts/api.ts'
import type { CoverageGroup, CoverageReport, PatrolLogEntry } from '../../../server/contracts/patrol.ts'
import { zoneClock } from '../../../server/contracts/zone-clock.ts'
import { percent } from '../../lib/format.ts'
import type { Language } from '../../lib/i18n/translate.ts'
import { labelOf, type Named } from '../console/camera-groups.ts'

export interface CoverageRow {
  id: string
  label: string
  cameras: number
  patrolled: number
  percent: number
  /** Unpatrolled cameras as "name (id)", in the report's order. */
  unpatrolled: Array<{ id: string; name: string }>
  /** Colour band for the bar: full, partial, poor (under half). */
  band: 'full' | 'partial' | 'poor'
}

export function coverageRows(
  groups: readonly CoverageGroup[],
  names: readonly Named[],
  cameras: readonly CameraView[],
  language: Language,
): CoverageRow[] {
  const byId = new Map(cameras.map((camera) => [camera.id, camera.name]))
  return groups.map((group) => {
    const named = names.find((item) => item.id === group.id)
    const share = percent(group.patrolled, group.cameras)
    return {
      id: group.id,
      label: named ? labelOf(named, language) : group.id,
      cameras: group.cameras,
      patrolled: group.patrolled,
      percent: share,
      unpatrolled: group.unpatrolled.map((id) => ({ id, name: byId.get(id) ?? id })),
      band: share >= 100 ? 'full' : share >= 50 ? 'partial' : 'poor',
    }
  })
}

/** Overall share patrolled, counting each camera once (a camera in two categories is one camera). */
export function overallCoverage(report: CoverageReport): { cameras: number; patrolled: number; percent: number } {
  const cameras = report.byCommunity.reduce((sum, group) => sum + group.cameras, 0)
  const patrolled = report.byCommunity.reduce((sum, group) => sum + group.patrolled, 0)
  return { cameras, patrolled, percent: percent(patrolled, cameras) }
}

/** The console showing one camera alone (its main stream), for a look at a camera nobody patrolled. */
export function consoleLinkFor(cameraId: string): string {
  return `/console?layout=1&cameras=${encodeURIComponent(cameraId)}`
}

/** Operators, most patrol time first. */
export function operatorsByTime(report: CoverageReport): CoverageReport['operators'] {
  return [...report.operators].sort((a, b) => b.patrolSeconds - a.patrolSeconds || a.username.localeCompare(b.username))
}

/** Distinct usernames and cameras in a log, for the filter's suggestions. */
export function logFacets(entries: readonly PatrolLogEntry[]): { usernames: string[]; cameraIds: string[] } {
  return {
    usernames: [...new Set(entries.map((entry) => entry.username))].sort(),
    cameraIds: [...new Set(entries.map((entry) => entry.cameraId))].sort(),
  }
}

/** The wall-clock time in `timeZone` at an instant, read as if it were UTC (for offset arithmetic). */
function wallClockMs(utcMs: number, timeZone: string): number {
  const c = zoneClock(utcMs, timeZone)
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute)
}

/**
 * A `datetime-local` input's value in the site's zone (the room reads every time in it, whatever zone the
 * browser is set to) <-> UTC ISO.
 */
export function toZonedInput(iso: string, timeZone: string): string {
  return new Date(wallClockMs(Date.parse(iso), timeZone)).toISOString().slice(0, 16)
}

export function fromZonedInput(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value)
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  // The zone's offset at the guess, then again at the corrected instant (right across a DST change).
  let utc = wall - (wallClockMs(wall, timeZone) - wall)
  utc = wall - (wallClockMs(utc, timeZone) - utc)
  return Number.isNaN(utc) ? null : new Date(utc).toISOString()
}
