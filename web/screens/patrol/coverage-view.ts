/**
 * The coverage report as the patrol screen shows it: groups labelled from the config, their share
 * patrolled, the cameras nobody looked at by name, operators by patrol time. Pure.
 */
import type { CameraView } from '../../../server/contracts/api.ts'
import type { CoverageGroup, CoverageReport, PatrolLogEntry } from '../../../server/contracts/patrol.ts'
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

/** `datetime-local` input value (site-zone-less local time of the browser) <-> UTC ISO. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function fromLocalInput(value: string): string | null {
  if (value === '') return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
