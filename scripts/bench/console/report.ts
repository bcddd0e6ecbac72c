/**
 * The console benchmark's result: raw samples in; medians, ratios, pass/fail per target and one human
 * line out. Pure, so the arithmetic and the wording are unit-tested apart from the slow measuring.
 */
import { median, round } from '../media/stats.ts'
import type { LayoutSamples } from './layout-runs.ts'
import type { MemorySample, MemorySamples } from './memory-run.ts'
import type { TourModeSamples, TourSamples } from './tour-runs.ts'
import { growth } from './timing.ts'

export interface ConsoleRaw {
  layout: LayoutSamples | null
  tours: TourSamples | null
  memory: MemorySamples | null
}

export interface Target {
  name: string
  limit: string
  measured: number | null
  pass: boolean | null
}

const mib = (bytes: number | null): number | null => (bytes === null ? null : round(bytes / 2 ** 20, 1))
const ms = (samples: readonly number[]): number | null => round(median(samples), 0)

function summarizeMode(s: TourModeSamples): Record<string, unknown> {
  return {
    pageFirstFrameMs: ms(s.pageFrameMs),
    pageMovingMs: ms(s.pageAdvanceMs),
    tileFirstFrameMs: ms(s.tileFrameMs),
    pages: s.pageFrameMs.length,
    failures: s.failures.length,
  }
}

/** The medians of one minute's readings (memory-run.ts takes several at the first and the last minute). */
function minuteMedians(samples: readonly MemorySample[], minute: number) {
  const of = samples.filter((s) => s.minute === minute)
  const med = (pick: (s: MemorySample) => number): number | null => median(of.map(pick))
  return {
    minute,
    readings: of.length,
    usedBytes: med((s) => s.usedBytes),
    rendererRssBytes: med((s) => s.rendererRssBytes),
    treeRssBytes: med((s) => s.treeRssBytes),
    nodes: med((s) => s.nodes),
    listeners: med((s) => s.listeners),
    tilesPlaying: med((s) => s.tilesPlaying),
  }
}

/** Compiled code and everything else in the heap snapshots of the first and the last minute (not judged). */
function compositionEnds(compositions: MemorySamples['compositions']): Record<string, number | null> | null {
  const first = compositions[0]
  const last = compositions.at(-1)
  if (!first || !last || last === first) return null
  return {
    firstMinute: first.minute,
    lastMinute: last.minute,
    firstCodeMiB: mib(first.codeBytes),
    lastCodeMiB: mib(last.codeBytes),
    firstOtherMiB: mib(first.otherBytes),
    lastOtherMiB: mib(last.otherBytes),
    codeGrowth: round(growth(first.codeBytes, last.codeBytes), 3),
    otherGrowth: round(growth(first.otherBytes, last.otherBytes), 3),
  }
}

/** The first (minute 1) and the last minute of the memory tour (medians of their readings), and the growth between. */
export function memoryEnds(memory: MemorySamples): Record<string, unknown> | null {
  const firstMinute = memory.samples[0]?.minute
  const lastMinute = memory.samples.at(-1)?.minute
  if (firstMinute === undefined || lastMinute === undefined || lastMinute === firstMinute) return null
  const first = minuteMedians(memory.samples, firstMinute)
  const last = minuteMedians(memory.samples, lastMinute)
  const pick = (s: typeof first): Record<string, unknown> => ({
    minute: s.minute,
    readings: s.readings,
    heapMiB: mib(s.usedBytes),
    rendererRssMiB: mib(s.rendererRssBytes),
    browserRssMiB: mib(s.treeRssBytes),
    nodes: s.nodes,
    listeners: s.listeners,
    tilesPlaying: s.tilesPlaying,
  })
  return {
    devtools: memory.devtools,
    first: pick(first),
    last: pick(last),
    composition: compositionEnds(memory.compositions),
    heapGrowth: round(growth(first.usedBytes, last.usedBytes), 3),
    rendererRssGrowth: round(growth(first.rendererRssBytes, last.rendererRssBytes), 3),
    browserRssGrowth: round(growth(first.treeRssBytes, last.treeRssBytes), 3),
    nodesGrowth: round(growth(first.nodes, last.nodes), 3),
  }
}

export function summarize(raw: ConsoleRaw): Record<string, unknown> {
  const tours = raw.tours
  return {
    layout16: raw.layout && {
      coldAllPlayingMs: ms(raw.layout.coldMs),
      coldAllFirstFrameMs: ms(raw.layout.coldFirstFrameMs),
      warmAllPlayingMs: ms(raw.layout.warmMs),
      warmAllFirstFrameMs: ms(raw.layout.warmFirstFrameMs),
      runs: raw.layout.coldMs.length,
      failures: raw.layout.failures.length,
    },
    tourSwitch: tours && {
      prefetch: summarizeMode(tours.prefetch),
      noPrefetch: summarizeMode(tours.noPrefetch),
      // How much of the switch the prefetch saves: 1 - with / without.
      prefetchSaving: (() => {
        const w = median(tours.prefetch.pageFrameMs)
        const wo = median(tours.noPrefetch.pageFrameMs)
        return w === null || wo === null || wo <= 0 ? null : round(1 - w / wo, 2)
      })(),
    },
    memory: raw.memory && memoryEnds(raw.memory),
  }
}

const check = (name: string, limit: string, measured: number | null, ok: (m: number) => boolean): Target => ({
  name,
  limit,
  measured,
  pass: measured === null ? null : ok(measured),
})

export function evaluateTargets(raw: ConsoleRaw): Target[] {
  const targets: Target[] = []
  if (raw.layout)
    targets.push(check('16 tiles playing (cold, median)', '<= 4000 ms', ms(raw.layout.coldMs), (m) => m <= 4000))
  if (raw.tours)
    targets.push(
      check(
        'tour page switch to first frame, with prefetch (median page)',
        '<= 500 ms',
        ms(raw.tours.prefetch.pageFrameMs),
        (m) => m <= 500,
      ),
    )
  if (raw.memory) {
    const ends = memoryEnds(raw.memory)
    const heap = ends ? (ends['heapGrowth'] as number | null) : null
    const lastMinute = raw.memory.samples.at(-1)?.minute ?? '?'
    targets.push(
      check(
        `JS heap growth, minute 1 -> ${lastMinute} (medians of each end's readings)`,
        '< 20%',
        heap === null ? null : round(heap * 100, 1),
        (m) => m < 20,
      ),
    )
    // Judged only without DevTools attached: with it, the renderer grows by DevTools' own records.
    const rss = ends && raw.memory.devtools === 'detached' ? (ends['rendererRssGrowth'] as number | null) : null
    targets.push(
      check(
        `renderer RSS growth, minute 1 -> ${lastMinute} (DevTools detached)`,
        '< 20%',
        rss === null ? null : round(rss * 100, 1),
        (m) => m < 20,
      ),
    )
  }
  return targets
}

const fmt = (value: number | null, unit: string): string => (value === null ? 'n/a' : `${value}${unit}`)

export function humanLine(raw: ConsoleRaw, targets: readonly Target[]): string {
  const parts: string[] = []
  if (raw.layout)
    parts.push(`16 tiles playing ${fmt(ms(raw.layout.coldMs), ' ms')} cold / ${fmt(ms(raw.layout.warmMs), ' ms')} warm`)
  if (raw.tours) {
    parts.push(
      `tour switch ${fmt(ms(raw.tours.prefetch.pageFrameMs), ' ms')} with prefetch / ${fmt(ms(raw.tours.noPrefetch.pageFrameMs), ' ms')} without (page, first frame)`,
    )
  }
  if (raw.memory) {
    const ends = memoryEnds(raw.memory)
    if (ends) {
      const pct = (key: string): string => {
        const v = ends[key] as number | null
        return v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`
      }
      const first = ends['first'] as Record<string, number>
      const last = ends['last'] as Record<string, number>
      const composition = ends['composition'] as Record<string, number | null> | null
      const made = composition
        ? ` [snapshots: compiled code ${composition['firstCodeMiB']} -> ${composition['lastCodeMiB']} MiB, other ${composition['firstOtherMiB']} -> ${composition['lastOtherMiB']} MiB]`
        : ''
      parts.push(
        `heap ${first['heapMiB']} -> ${last['heapMiB']} MiB (${pct('heapGrowth')})${made}, renderer RSS ${first['rendererRssMiB']} -> ${last['rendererRssMiB']} MiB (${pct('rendererRssGrowth')}) over minutes ${first['minute']}-${last['minute']} (DevTools ${raw.memory.devtools})`,
      )
    } else parts.push('memory: not enough samples')
  }
  const judged = targets.filter((t) => t.pass !== null)
  const missed = judged.filter((t) => t.pass === false).map((t) => t.name)
  const unjudged = targets.length - judged.length
  parts.push(
    `targets ${judged.length - missed.length}/${targets.length} met${missed.length > 0 ? ` (missed: ${missed.join('; ')})` : ''}${unjudged > 0 ? ` (${unjudged} not measured)` : ''}`,
  )
  return `console bench: ${parts.join('; ')}`
}
