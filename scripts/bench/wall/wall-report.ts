/**
 * The wall benchmark's figures from its samples: memory at start / middle / end, growth from the baseline
 * to the end, and the targets (first full paint <= 5 s, growth < 10 %, no manual action). The baseline is
 * the end of the run's first eighth: hour 1 of the 8-hour run, and the same share of a run compressed with
 * `--minutes` (minute 8 of an hour), so start-up caches have settled before growth is counted.
 */
export interface MemorySample {
  minute: number
  rendererRssBytes: number
  treeRssBytes: number
  jsHeapUsedBytes: number
  domNodes: number
}

export const TARGETS = { firstFullPaintMs: 5000, memoryGrowthPct: 10 }
/** Hour 1 of the 8 hours the target speaks of. */
const BASELINE_SHARE = 1 / 8

export interface MemorySummary {
  baselineMinute: number
  start: MemorySample | null
  middle: MemorySample | null
  end: MemorySample | null
  rendererGrowthPct: number | null
  jsHeapGrowthPct: number | null
}

const growth = (from: number, to: number): number | null => (from > 0 ? ((to - from) / from) * 100 : null)

export function summarizeMemory(samples: MemorySample[], minutes: number): MemorySummary {
  const baselineMinute = Math.max(1, Math.round(minutes * BASELINE_SHARE))
  const start = samples.find((s) => s.minute >= 1) ?? samples[0] ?? null
  const baseline = samples.find((s) => s.minute >= baselineMinute) ?? start
  const end = samples.at(-1) ?? null
  const middle = samples.length === 0 ? null : samples[Math.floor((samples.length - 1) / 2)]!
  return {
    baselineMinute: baseline?.minute ?? baselineMinute,
    start,
    middle,
    end,
    rendererGrowthPct: baseline && end ? growth(baseline.rendererRssBytes, end.rendererRssBytes) : null,
    jsHeapGrowthPct: baseline && end ? growth(baseline.jsHeapUsedBytes, end.jsHeapUsedBytes) : null,
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

const mib = (bytes: number | undefined): string => (bytes === undefined ? '-' : `${(bytes / 2 ** 20).toFixed(0)} MiB`)
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
  droppedFrames: number
  totalFrames: number
  /** The tile that dropped the largest share of its frames, if any tile counted frames. */
  worstTile?: { camera: string; dropped: number; total: number }
  degradedCleared: number
  targets: TargetVerdicts
}): string {
  const { memory } = input
  const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED')
  return [
    `bench:wall ${input.minutes} min at 3840x2160:`,
    `first full paint ${input.firstFullPaintMs === null ? 'never' : `${(input.firstFullPaintMs / 1000).toFixed(2)} s`} (${input.tiles} tiles, target <= 5 s: ${mark(input.targets.firstFullPaint)});`,
    `renderer ${mib(memory.start?.rendererRssBytes)} -> ${mib(memory.middle?.rendererRssBytes)} -> ${mib(memory.end?.rendererRssBytes)} (start, middle, end; ${pct(memory.rendererGrowthPct)} from minute ${memory.baselineMinute}),`,
    `JS heap ${mib(memory.start?.jsHeapUsedBytes)} -> ${mib(memory.middle?.jsHeapUsedBytes)} -> ${mib(memory.end?.jsHeapUsedBytes)} (${pct(memory.jsHeapGrowthPct)}; target < 10%: ${mark(input.targets.memoryGrowth)});`,
    `frames dropped ${input.droppedFrames}/${input.totalFrames}${input.worstTile ? ` (worst tile ${input.worstTile.camera}: ${input.worstTile.dropped}/${input.worstTile.total})` : ''};`,
    `recoveries ${input.degradedCleared}; manual actions 0 (${mark(input.targets.noManualAction)})`,
  ].join(' ')
}
