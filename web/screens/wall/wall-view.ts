/**
 * The wall's decisions as pure functions: where a zone sits in the grid, what a zone shows now (its own
 * content or an override), a tour's next page (the page of the moment is server/contracts/wall-paging.ts,
 * shared with the server's warm-up), the health counts, the ticker's order and flags, the map's colours,
 * and the burn-in shift. `now` is always a parameter.
 */
import { isCameraDown, type CameraStatus, type CameraView } from '../../../server/contracts/api.ts'
import type { Incident } from '../../../server/contracts/incidents.ts'
import { zonePage, type TilesContent } from '../../../server/contracts/wall-paging.ts'
import type { WallOverride, WallState, WallZone } from '../../../server/contracts/wall.ts'
import { slaOf } from '../../lib/incidents/sla.ts'

/** CSS grid placement of a zone (1-based lines; spans default to one cell). */
export function zoneArea(zone: Pick<WallZone, 'row' | 'col' | 'rows' | 'cols'>): string {
  return `grid-row: ${zone.row + 1} / span ${zone.rows ?? 1}; grid-column: ${zone.col + 1} / span ${zone.cols ?? 1}`
}

/** The newest override of a zone still in force at `now` (the server drops expired ones; a late event may not). */
export function overrideFor(state: WallState, zoneId: string, now: number): WallOverride | null {
  let found: WallOverride | null = null
  for (const override of state.overrides) {
    if (override.zone !== zoneId || Date.parse(override.until) <= now) continue
    if (!found || Date.parse(override.until) > Date.parse(found.until)) found = override
  }
  return found
}

/** How long before a tour's page switch its next page's streams are started on the server. */
export const TOUR_PREFETCH_MS = 4_000

/**
 * The cameras of the page coming next, while the switch is less than TOUR_PREFETCH_MS away and they differ
 * from the page shown; otherwise nothing. Started ahead, the next page shows picture at once, not black.
 */
export function upcomingCameras(
  zone: Pick<WallZone, 'id'> & { content: TilesContent },
  tours: WallState['tours'],
  now: number,
): string[] {
  if (!zone.content.tour) return []
  const shown = zonePage(zone, tours, now)
  const next = zonePage(zone, tours, now + TOUR_PREFETCH_MS)
  if (next.page === shown.page) return []
  return next.cameras.filter((id) => !shown.cameras.includes(id))
}

/** Columns for a square split: 1, 2, 3, 4; a layout push of 5 cameras gets 3 columns. */
export function columnsFor(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(count)))
}

export type HealthCounts = Record<CameraStatus, number>

export function healthCounts(cameras: readonly CameraView[]): HealthCounts {
  const counts: HealthCounts = { online: 0, offline: 0, unreachable: 0, 'auth-failed': 0, unknown: 0 }
  for (const camera of cameras) counts[camera.status] += 1
  return counts
}

/** Cameras down, the longest down first (those need a technician most). */
export function camerasDown(cameras: readonly CameraView[]): CameraView[] {
  return cameras
    .filter((camera) => isCameraDown(camera.status))
    .sort((a, b) => (a.statusSince ?? '').localeCompare(b.statusSince ?? '') || a.id.localeCompare(b.id))
}

export interface TickerItem {
  incident: Incident
  overdue: boolean
  /** Seconds since it was reported. */
  ageSeconds: number
}

/**
 * Rows the ticker renders at most: more than a ticker the wall's full height shows at 4K. A wall never
 * scrolls, so rows past the panel's foot are never seen; a backlog of hundreds of open incidents (a day's
 * grid reports, say) would otherwise be hundreds of rows redrawn every second. The panel shows the total.
 */
export const TICKER_ROWS = 40

/** The newest open incidents (at most `rows`), newest first, each flagged when past its due time. */
export function tickerItems(open: readonly Incident[], now: number, rows = TICKER_ROWS): TickerItem[] {
  return [...open]
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt) || b.id - a.id)
    .slice(0, rows)
    .map((incident) => ({
      incident,
      overdue: slaOf(incident, now)?.overdue ?? false,
      ageSeconds: Math.max(0, Math.floor((now - Date.parse(incident.reportedAt)) / 1000)),
    }))
}

export const STATUS_COLOURS: Record<CameraStatus, string> = {
  online: '#3fb950',
  offline: '#f85149',
  unreachable: '#f85149',
  'auth-failed': '#e3a008',
  unknown: '#8b98a8',
}

export interface IncidentMarkerStyle {
  colour: string
  /** Urgent incidents pulse. */
  pulse: boolean
}

/** Urgent: pulsing red; overdue or escalated: red; high: orange; waiting for the centre: blue; being handled: cyan. */
export function incidentMarkerStyle(incident: Incident, now: number): IncidentMarkerStyle {
  if (incident.severity === 'urgent') return { colour: '#ff3b30', pulse: true }
  if (incident.escalated || slaOf(incident, now)?.overdue) return { colour: '#ff6b6b', pulse: false }
  if (incident.severity === 'high') return { colour: '#ff9f0a', pulse: false }
  if (incident.stage === 'reported' || incident.stage === 'accepted' || incident.stage === 'returned')
    return { colour: '#4c9aff', pulse: false }
  return { colour: '#39c5cf', pulse: false }
}

/** A calm palette the 55 grids' communities cycle through, told apart at a glance on the dark map. */
export const COMMUNITY_COLOURS = [
  '#2f6fb0',
  '#2f9e8f',
  '#7a5cc2',
  '#b07a2f',
  '#4f8f3a',
  '#a8497a',
  '#3a7f9e',
  '#8a8f2f',
]

export function communityColour(communityIds: readonly string[], id: string): string {
  const index = Math.max(0, communityIds.indexOf(id))
  return COMMUNITY_COLOURS[index % COMMUNITY_COLOURS.length]!
}

// Burn-in guard: static chrome moves a few pixels along this loop, one step every few minutes, so no edge
// stays on the same pixels for hours; small enough that no one notices a step.
const SHIFT_STEPS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [2, 0],
  [4, 1],
  [4, 3],
  [2, 4],
  [0, 4],
  [-2, 3],
  [-2, 1],
]
export const SHIFT_STEP_MS = 3 * 60_000

export function burnInShift(now: number): { x: number; y: number } {
  const [x, y] = SHIFT_STEPS[Math.floor(now / SHIFT_STEP_MS) % SHIFT_STEPS.length]!
  return { x, y }
}

/** An age read from across the room: whole minutes, hours and minutes, or days (never seconds, no flicker). */
export function formatAge(seconds: number, language: 'zh-CN' | 'en'): string {
  const minutes = Math.max(1, Math.floor(seconds / 60))
  const zh = language === 'zh-CN'
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return zh ? `${hours} 小时 ${minutes % 60} 分` : `${hours} h ${minutes % 60} min`
  const days = Math.floor(hours / 24)
  return zh ? `${days} 天` : `${days} d`
}
