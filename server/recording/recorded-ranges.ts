/**
 * Recorded ranges and gaps of one camera over [from, to): files that follow each other (a roll-over
 * within one stream run) merge into one range; anything between them is a gap. Pure.
 */
export interface TimeRange {
  startMs: number
  endMs: number
}

/** Files closer than this are one range: their boundary is a roll-over, not a loss of video. */
export const CONTIGUOUS_MS = 500

export function recordedRanges(files: readonly TimeRange[], fromMs: number, toMs: number): TimeRange[] {
  const ranges: TimeRange[] = []
  for (const file of [...files].sort((a, b) => a.startMs - b.startMs)) {
    const startMs = Math.max(file.startMs, fromMs)
    const endMs = Math.min(file.endMs, toMs)
    if (endMs <= startMs) continue
    const last = ranges.at(-1)
    if (last && startMs - last.endMs <= CONTIGUOUS_MS) last.endMs = Math.max(last.endMs, endMs)
    else ranges.push({ startMs, endMs })
  }
  return ranges
}

export function gapsBetween(ranges: readonly TimeRange[], fromMs: number, toMs: number): TimeRange[] {
  const gaps: TimeRange[] = []
  let cursor = fromMs
  for (const range of ranges) {
    if (range.startMs > cursor) gaps.push({ startMs: cursor, endMs: range.startMs })
    cursor = Math.max(cursor, range.endMs)
  }
  if (cursor < toMs) gaps.push({ startMs: cursor, endMs: toMs })
  return gaps
}
