/**
 * The wall benchmark's figures from its samples: memory at start / middle / end, growth "from hour 1 to
 * hour 8", and the targets (first full paint <= 5 s, growth < 10 %, no manual action). Growth compares the
 * median of the samples in the run's last eighth with the median of those in its first eighth: hour 8
 * against hour 1 of the 8-hour run, minutes 53-60 against 1-7 of an hour compressed with `--minutes`. One
 * sample per minute wanders (the JS heap by a quarter, the renderer by a fifth, with GC timing and segment
 * buffers), so a single sample at each end would report that noise as growth; a median of a window does not.
 */
import type { KioskCpu } from './wall-cpu.ts'
import type { DayResult } from './wall-day-driver.ts'

export interface MemorySample {
  minute: number
  rendererRssBytes: number
  treeRssBytes: number
  jsHeapUsedBytes: number
  domNodes: number
}

export const TARGETS = { firstFullPaintMs: 5000, memoryGrowthPct: 10 }
/** Hour 1 (and hour 8) of the 8 hours the target speaks of. */
const WINDOW_SHARE = 1 / 8

/** The minutes [from, to] a window covers, how many samples fell in it, and their medians. */
export interface MemoryWindow {
  fromMinute: number
  toMinute: number
  samples: number
  rendererRssMedianBytes: number | null
  jsHeapMedianBytes: number | null
}

export interface MemorySummary {
  /** The run's first eighth, at least minute 1: the baseline. */
  firstWindow: MemoryWindow
  /** The run's last eighth, at least its last minute. */
  lastWindow: MemoryWindow
  start: MemorySample | null
  middle: MemorySample | null
  end: MemorySample | null
  /** Last window's median against the first window's, in percent. */
  rendererGrowthPct: number | null
  jsHeapGrowthPct: number | null
}

const growth = (from: number | null, to: number | null): number | null =>
  from !== null && to !== null && from > 0 ? ((to - from) / from) * 100 : null

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const half = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2
}

function memoryWindow(samples: readonly MemorySample[], fromMinute: number, toMinute: number): MemoryWindow {
  const inside = samples.filter((s) => s.minute >= fromMinute && s.minute <= toMinute)
  return {
    fromMinute,
    toMinute,
    samples: inside.length,
    rendererRssMedianBytes: median(inside.map((s) => s.rendererRssBytes)),
    jsHeapMedianBytes: median(inside.map((s) => s.jsHeapUsedBytes)),
  }
}

/**
 * The first eighth is the minutes at or before minutes/8, the last those after 7 x minutes/8: 1-7 and 53-60
 * of 60 minutes, 1-60 and 421-480 of 480. A run too short for an eighth to hold a minute uses its first and
 * last minute.
 */
export function memoryWindows(minutes: number): { first: [number, number]; last: [number, number] } {
  const firstTo = Math.max(1, Math.floor(minutes * WINDOW_SHARE))
  const lastFrom = Math.min(minutes, Math.floor(minutes * (1 - WINDOW_SHARE)) + 1)
  return { first: [1, firstTo], last: [lastFrom, minutes] }
}

export function summarizeMemory(samples: MemorySample[], minutes: number): MemorySummary {
  const windows = memoryWindows(minutes)
  const firstWindow = memoryWindow(samples, ...windows.first)
  const lastWindow = memoryWindow(samples, ...windows.last)
  return {
    firstWindow,
    lastWindow,
    start: samples.find((s) => s.minute >= 1) ?? samples[0] ?? null,
    middle: samples.length === 0 ? null : samples[Math.floor((samples.length - 1) / 2)]!,
    end: samples.at(-1) ?? null,
    rendererGrowthPct: growth(firstWindow.rendererRssMedianBytes, lastWindow.rendererRssMedianBytes),
    jsHeapGrowthPct: growth(firstWindow.jsHeapMedianBytes, lastWindow.jsHeapMedianBytes),
  }
}

export interface TargetVerdicts {
  firstFullPaint: boolean
  memoryGrowth: boolean
  noManualAction: boolean
}

export function evaluateWallTargets(
  firstFullPaintMs: number | null,
  memory: MemorySummary,
  selfHealed: boolean,
): TargetVerdicts {
  const grew = [memory.rendererGrowthPct, memory.jsHeapGrowthPct]
  return {
    firstFullPaint: firstFullPaintMs !== null && firstFullPaintMs <= TARGETS.firstFullPaintMs,
    memoryGrowth: grew.every((g) => g !== null && g < TARGETS.memoryGrowthPct),
    noManualAction: selfHealed,
  }
}

const mib = (bytes: number | null | undefined, digits = 0): string =>
  bytes === undefined || bytes === null ? '-' : `${(bytes / 2 ** 20).toFixed(digits)} MiB`
const windowName = (w: MemoryWindow): string =>
  `${w.fromMinute === w.toMinute ? `minute ${w.fromMinute}` : `minutes ${w.fromMinute}-${w.toMinute}`} (${w.samples} sample${w.samples === 1 ? '' : 's'})`
const pct = (value: number | null): string => (value === null ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`)

/** The tile whose dropped share is largest; undefined when no tile counted a frame. */
export function worstTile(
  quality: ReadonlyArray<{ camera: string; dropped: number; total: number }>,
): { camera: string; dropped: number; total: number } | undefined {
  const share = (q: { dropped: number; total: number }): number => q.dropped / q.total
  return quality
    .filter((q) => q.total > 0)
    .reduce<(typeof quality)[number] | undefined>(
      (worst, q) => (!worst || share(q) > share(worst) ? q : worst),
      undefined,
    )
}

export function wallHumanLine(input: {
  minutes: number
  firstFullPaintMs: number | null
  tiles: number
  memory: MemorySummary
  /** Chromium's CPU over the run; null when the run ended before it was measured. */
  cpu?: KioskCpu | null
  droppedFrames: number
  totalFrames: number
  /** The tile that dropped the largest share of its frames, if any tile counted frames. */
  worstTile?: { camera: string; dropped: number; total: number }
  degradedCleared: number
  /** The working day played meanwhile, or null when the wall was left alone (--idle). */
  day?: DayResult | null
  targets: TargetVerdicts
}): string {
  const { memory } = input
  const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED')
  return [
    `bench:wall ${input.minutes} min at 3840x2160:`,
    `first full paint ${input.firstFullPaintMs === null ? 'never' : `${(input.firstFullPaintMs / 1000).toFixed(2)} s`} (${input.tiles} tiles, target <= 5 s: ${mark(input.targets.firstFullPaint)});`,
    `renderer ${mib(memory.start?.rendererRssBytes)} -> ${mib(memory.middle?.rendererRssBytes)} -> ${mib(memory.end?.rendererRssBytes)} (start, middle, end),`,
    `JS heap ${mib(memory.start?.jsHeapUsedBytes, 1)} -> ${mib(memory.middle?.jsHeapUsedBytes, 1)} -> ${mib(memory.end?.jsHeapUsedBytes, 1)};`,
    `median of ${windowName(memory.lastWindow)} against ${windowName(memory.firstWindow)}:`,
    `renderer ${mib(memory.firstWindow.rendererRssMedianBytes)} -> ${mib(memory.lastWindow.rendererRssMedianBytes)} (${pct(memory.rendererGrowthPct)}),`,
    `JS heap ${mib(memory.firstWindow.jsHeapMedianBytes, 1)} -> ${mib(memory.lastWindow.jsHeapMedianBytes, 1)} (${pct(memory.jsHeapGrowthPct)}); target < 10%: ${mark(input.targets.memoryGrowth)};`,
    `${cpuPhrase(input.cpu ?? null)};`,
    `frames dropped ${input.droppedFrames}/${input.totalFrames}${input.worstTile ? ` (worst tile ${input.worstTile.camera}: ${input.worstTile.dropped}/${input.worstTile.total})` : ''};`,
    `recoveries ${input.degradedCleared}; manual actions 0 (${mark(input.targets.noManualAction)});`,
    input.day ? dayPhrase(input.day) : 'idle (no working day)',
  ].join(' ')
}

/** `Chromium 41% of a core (the wall's renderer 23%)`. */
export function cpuPhrase(cpu: KioskCpu | null): string {
  if (cpu === null) return 'Chromium CPU -'
  const renderer = cpu.rendererPctOfCore === null ? '-' : `${cpu.rendererPctOfCore.toFixed(0)}%`
  return `Chromium ${cpu.chromiumPctOfCore.toFixed(0)}% of a core (the wall's renderer ${renderer})`
}

/** The working day in a phrase: what was done of what was planned. */
export function dayPhrase(day: DayResult): string {
  const { done, planned } = day
  const of = (kind: keyof DayResult['done']): string => `${done[kind]}/${planned[kind]}`
  return (
    `working day: reports ${of('report')}, loop steps ${of('step')}, pushes ${of('push-camera')} cameras + ` +
    `${of('push-incident')} incidents, clears ${of('clear')}, camera drops ${of('camera-offline')} (off and on), ` +
    `${day.failed} failed`
  )
}
