/**
 * Patrol coverage: which cameras were on someone's screen within a window, by category and community,
 * and how long each operator patrolled (time with at least one camera on screen: sixteen tiles for an
 * hour are one hour of patrol, not sixteen). Pure.
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

/** Total length of the union of intervals, each clipped to [from, to]. */
export function unionMs(intervals: readonly [number, number][], from: number, to: number): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  let total = 0
  let start = -Infinity
  let end = -Infinity
  for (const [a, b] of clipped) {
    if (a > end) {
      if (end > start) total += end - start
      start = a
      end = b
    } else end = Math.max(end, b)
  }
  if (end > start) total += end - start
  return total
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
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const to = input.now
  const from = to - input.hours * 3600_000
  const inWindow = input.sessions.filter((s) => s.startMs < to && (s.endMs ?? to) > from)
  const patrolled = new Set(inWindow.map((s) => s.cameraId))
  const byUser = new Map<string, ViewingInterval[]>()
  for (const s of inWindow) byUser.set(s.username, [...(byUser.get(s.username) ?? []), s])
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    hours: input.hours,
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

const csvCell = (value: string | number): string => {
  const text = String(value)
  // Quote what a spreadsheet would misread; a leading = + - @ is neutralised against formula injection.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** One CSV for the report: a section per table, UTF-8 with a BOM so Excel shows the Chinese names. */
export function coverageCsv(
  report: CoverageReport,
  names: { category: (id: string) => string; community: (id: string) => string },
): string {
  const rows: (string | number)[][] = [['section', 'id', 'name', 'cameras', 'patrolled', 'unpatrolled cameras']]
  for (const g of report.byCategory)
    rows.push(['category', g.id, names.category(g.id), g.cameras, g.patrolled, g.unpatrolled.join(' ')])
  for (const g of report.byCommunity)
    rows.push(['community', g.id, names.community(g.id), g.cameras, g.patrolled, g.unpatrolled.join(' ')])
  rows.push([], ['operator', 'patrol seconds', 'cameras viewed'])
  for (const o of report.operators) rows.push([o.username, o.patrolSeconds, o.cameras])
  rows.push([], ['window', report.from, report.to])
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
