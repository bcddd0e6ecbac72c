/**
 * The playback timeline's geometry, pure: which stretch of wall-clock time the bar shows (a view), where a
 * moment falls on the bar and back, zooming around the pointer from 24 hours down to 2 minutes, and the
 * recorded ranges, gaps and markers laid out as pixel spans. Times are epoch milliseconds.
 */
import { zoneClockAsUtcMs } from '../../../server/contracts/zone-clock.ts'

export interface TimelineView {
  startMs: number
  endMs: number
}

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
/** The closest zoom: two minutes across the bar, seconds apart by a few pixels. */
export const MIN_SPAN_MS = 2 * MINUTE_MS
/** The widest: a day, what an operator scans for "when did it happen". */
export const MAX_SPAN_MS = DAY_MS

export const spanOf = (view: TimelineView): number => view.endMs - view.startMs

/** The x (0..width) of a moment; outside the view it falls outside 0..width. */
export function xOf(ms: number, view: TimelineView, width: number): number {
  return ((ms - view.startMs) / spanOf(view)) * width
}

/** The moment under x, clamped to the view. */
export function timeAt(x: number, view: TimelineView, width: number): number {
  const fraction = width > 0 ? Math.min(1, Math.max(0, x / width)) : 0
  return Math.round(view.startMs + fraction * spanOf(view))
}

/**
 * The view that shows `spanMs` with `anchorMs` at the same place on the bar as before (the pointer, or the
 * playhead for the buttons), never reaching past `nowMs`: there is nothing to see in the future.
 */
export function zoomed(view: TimelineView, factor: number, anchorMs: number, nowMs: number): TimelineView {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, Math.round(spanOf(view) * factor)))
  const fraction = (anchorMs - view.startMs) / spanOf(view)
  const startMs = Math.round(anchorMs - fraction * span)
  return clampToNow({ startMs, endMs: startMs + span }, nowMs)
}

/** The same span moved by `deltaMs`, never past now. */
export function panned(view: TimelineView, deltaMs: number, nowMs: number): TimelineView {
  return clampToNow({ startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs }, nowMs)
}

function clampToNow(view: TimelineView, nowMs: number): TimelineView {
  if (view.endMs <= nowMs) return view
  return { startMs: nowMs - spanOf(view), endMs: nowMs }
}

/** A view of `spanMs` that shows `atMs` a quarter from the right edge (room ahead to play into), or ends now. */
export function viewAround(atMs: number, spanMs: number, nowMs: number): TimelineView {
  const startMs = Math.round(atMs - spanMs * 0.75)
  return clampToNow({ startMs, endMs: startMs + spanMs }, nowMs)
}

/** Keeps the playhead on the bar: when it runs off either edge, the view pages along with it. */
export function following(view: TimelineView, playheadMs: number, nowMs: number): TimelineView {
  if (playheadMs >= view.startMs && playheadMs <= view.endMs) return view
  return viewAround(playheadMs, spanOf(view), nowMs)
}

export interface Span {
  left: number
  width: number
}

/** Ranges as pixel spans within 0..width: clipped to the view, at least 1 px so a short range still shows. */
export function layoutRanges(
  ranges: readonly { startMs: number; endMs: number }[],
  view: TimelineView,
  width: number,
): Span[] {
  const spans: Span[] = []
  for (const range of ranges) {
    if (range.endMs <= view.startMs || range.startMs >= view.endMs) continue
    const left = Math.max(0, xOf(range.startMs, view, width))
    const right = Math.min(width, xOf(range.endMs, view, width))
    spans.push({ left, width: Math.max(1, right - left) })
  }
  return spans
}

/** Tick steps a reader counts in: seconds to hours. */
const TICK_STEPS_MS = [
  10_000,
  30_000,
  MINUTE_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
]

/**
 * Tick moments at least `minGapPx` apart, on round local times: `offsetMs` is the site zone's offset from
 * UTC (Asia/Shanghai +8 h), so an hourly tick falls on 14:00 there rather than on a UTC hour.
 */
export function ticks(view: TimelineView, width: number, minGapPx: number, offsetMs: number): number[] {
  const span = spanOf(view)
  const step = TICK_STEPS_MS.find((s) => (s / span) * width >= minGapPx) ?? 12 * HOUR_MS
  const first = Math.ceil((view.startMs + offsetMs) / step) * step - offsetMs
  const out: number[] = []
  for (let t = first; t <= view.endMs; t += step) out.push(t)
  return out
}

/** The site zone's offset from UTC at a moment, in ms (Intl, so summer time is right where a zone has it). */
export function zoneOffsetMs(atMs: number, timeZone: string): number {
  return zoneClockAsUtcMs(atMs, timeZone) - Math.floor(atMs / 1000) * 1000
}

/** `14:05:09` (or `14:05` for tick labels) in the site's zone: the played moment on the tile and the bar. */
export function clockText(ms: number, timeZone: string, withSeconds = true): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds && { second: '2-digit' }),
  }).format(new Date(ms))
}
