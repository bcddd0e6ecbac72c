/**
 * Small numeric helpers for the media benchmark: medians of runs, rounding for the report, and CPU time
 * expressed as a share of one core or of the whole machine. Pure.
 */

/** The median of the samples (mean of the middle two for an even count); null for none. */
export function median(samples: readonly number[]): number | null {
  const sorted = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Rounds to `digits` decimals, keeping null (a measurement that did not happen) as null. */
export function round(value: number | null, digits = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** CPU seconds spent over a wall-clock window, as a percentage of one core (200% = two cores busy). */
export function percentOfCore(cpuSeconds: number, wallSeconds: number): number {
  return wallSeconds > 0 ? (cpuSeconds / wallSeconds) * 100 : 0
}

/** The same CPU as a percentage of the whole machine (all cores). */
export function percentOfMachine(cpuSeconds: number, wallSeconds: number, cores: number): number {
  return percentOfCore(cpuSeconds, wallSeconds) / Math.max(1, cores)
}

/** ours / baseline, or null when the baseline is zero or missing (no meaningful ratio). */
export function ratio(ours: number | null, baseline: number | null): number | null {
  if (ours === null || baseline === null || baseline <= 0) return null
  return ours / baseline
}
