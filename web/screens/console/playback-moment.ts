/** Where a tile's playback starts, from what is recorded. Pure. */

export interface TimeRange {
  startMs: number
  endMs: number
}

/** `wanted` if it is recorded, else the end of the last range before it (less a little), else the oldest start. */
export function recordedMomentNear(ranges: readonly TimeRange[], wanted: number): number | null {
  if (ranges.length === 0) return null
  if (ranges.some((r) => r.startMs <= wanted && wanted < r.endMs)) return wanted
  const before = ranges.filter((r) => r.endMs <= wanted).at(-1)
  if (before) return Math.max(before.startMs, before.endMs - 30_000)
  return ranges[0]!.startMs
}
