/**
 * Patrol coverage: which cameras were on someone's screen long enough to be patrolled within a window, by
 * category and community, and how long each operator patrolled (time with at least one camera on screen:
 * sixteen tiles for an hour are one hour of patrol, not sixteen). Pure.
 */
import type { CoverageGroup, CoverageReport } from '../contracts/patrol.ts'

export interface ViewingInterval {
  username: string
  cameraId: string
  startMs: number
  endMs: number | null
}
export interface CoverageCamera {
  id: string
  categories: readonly string[]
  community: string
}

/**
 * The union of intervals clipped to [from, to], as sorted disjoint stretches. Intervals less than `joinGapMs`
 * apart join into one stretch.
 */
export function mergeIntervals(
  intervals: readonly [number, number][],
  from: number,
  to: number,
  joinGapMs = 0,
): [number, number][] {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as const)
    // An empty interval stays: with no minimum dwell, a glance on screen still counts.
    .filter(([a, b]) => b >= a)
    .sort((x, y) => x[0] - y[0])
  const merged: [number, number][] = []
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1]
    if (last && a <= last[1] + joinGapMs) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged
}

/** Total length of the union of intervals, each clipped to [from, to]. */
export function unionMs(intervals: readonly [number, number][], from: number, to: number): number {
  return mergeIntervals(intervals, from, to).reduce((total, [a, b]) => total + b - a, 0)
}

/**
 * A player that reloads (a retry, the switch to the main stream on maximise) ends one viewing session and
 * starts the next a request or two later: a gap this short is the same look at the camera.
 */
export const SAME_LOOK_GAP_MS = 2_000

/**
 * The cameras on some screen for at least `minDwellMs` without a break within [from, to]: a tour's
 * five-second flash past a camera is not a patrol of it.
 */
export function patrolledCameras(
  sessions: readonly ViewingInterval[],
  from: number,
  to: number,
  minDwellMs: number,
): Set<string> {
  const byCamera = new Map<string, [number, number][]>()
  for (const s of sessions) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), [s.startMs, s.endMs ?? to]])
  const patrolled = new Set<string>()
  for (const [cameraId, intervals] of byCamera) {
    const stretches = mergeIntervals(intervals, from, to, SAME_LOOK_GAP_MS)
    if (stretches.some(([a, b]) => b - a >= minDwellMs)) patrolled.add(cameraId)
  }
  return patrolled
}

function groups(
  cameras: readonly CoverageCamera[],
  keysOf: (c: CoverageCamera) => readonly string[],
  order: readonly string[],
  patrolled: ReadonlySet<string>,
): CoverageGroup[] {
  const byKey = new Map<string, string[]>(order.map((id) => [id, []]))
  for (const camera of cameras) for (const key of keysOf(camera)) byKey.get(key)?.push(camera.id)
  return [...byKey.entries()].map(([id, ids]) => ({
    id,
    cameras: ids.length,
    patrolled: ids.filter((c) => patrolled.has(c)).length,
    unpatrolled: ids.filter((c) => !patrolled.has(c)),
  }))
}

export interface CoverageInput {
  sessions: readonly ViewingInterval[]
  cameras: readonly CoverageCamera[]
  categoryOrder: readonly string[]
  communityOrder: readonly string[]
  hours: number
  now: number
  /** Time on screen without a break before a camera counts as patrolled. */
  minDwellMs: number
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const to = input.now
  const from = to - input.hours * 3600_000
  const inWindow = input.sessions.filter((s) => s.startMs < to && (s.endMs ?? to) > from)
  const patrolled = patrolledCameras(inWindow, from, to, input.minDwellMs)
  const byUser = new Map<string, ViewingInterval[]>()
  for (const s of inWindow) byUser.set(s.username, [...(byUser.get(s.username) ?? []), s])
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    hours: input.hours,
    minDwellSeconds: Math.round(input.minDwellMs / 1000),
    byCategory: groups(input.cameras, (c) => c.categories, input.categoryOrder, patrolled),
    byCommunity: groups(input.cameras, (c) => [c.community], input.communityOrder, patrolled),
    operators: [...byUser.entries()]
      .map(([username, list]) => ({
        username,
        patrolSeconds: Math.round(
          unionMs(
            list.map((s) => [s.startMs, s.endMs ?? to]),
            from,
            to,
          ) / 1000,
        ),
        cameras: new Set(list.map((s) => s.cameraId)).size,
      }))
      .sort((a, b) => b.patrolSeconds - a.patrolSeconds || a.username.localeCompare(b.username)),
  }
}
