/**
 * The console benchmark's command line: how many runs, how long the memory tour lasts, which parts run.
 * Pure, so the bounds are unit-tested.
 */
import { parseArgs } from 'node:util'

export interface ConsoleBenchOptions {
  /** Cold 16-tile opens (median reported); each is followed by one warm open. */
  layoutRuns: number
  /** Tours per mode (with and without prefetch); each gives `tourPages - 1` page switches. */
  tourRuns: number
  /** Dwell per page of the switch tours, seconds (the prefetch starts 2 s before the switch). */
  tourDwellS: number
  /** Length of the 16-tile memory tour, minutes (the first sample is at minute 1). */
  minutes: number
  /** Dwell per page of the memory tour, seconds. */
  memoryDwellS: number
  /**
   * `detached` (default): the memory tour runs in a Chromium that playwright connects to only to act and to
   * sample (plain-chromium.ts); `attached`: in the browser playwright drives throughout, whose DevTools
   * network agent grows the renderer by itself.
   */
  memoryDevtools: 'detached' | 'attached'
  /**
   * Heap snapshots at the first and the last minute (what the heap is made of). Off by default: a snapshot
   * can change the heap that later readings measure (seen once: after the minute-1 snapshot the heap read
   * 8.1-8.5 MiB instead of 7.5 and the page kept 7,130 DOM nodes instead of 4,300 for the rest of the run;
   * a second run showed no such jump), so the judged run takes none.
   */
  heapSnapshots: boolean
  parts: { layout: boolean; tour: boolean; memory: boolean }
  quick: boolean
  out: string
}

export const DEFAULT_OPTIONS: ConsoleBenchOptions = {
  layoutRuns: 5,
  tourRuns: 2,
  tourDwellS: 6,
  minutes: 30,
  memoryDwellS: 20,
  memoryDevtools: 'detached',
  heapSnapshots: false,
  parts: { layout: true, tour: true, memory: true },
  quick: false,
  out: 'test-artifacts/bench-console.json',
}

/** --quick: a smoke run of every part (3-minute memory tour). */
const QUICK: Partial<ConsoleBenchOptions> = { layoutRuns: 2, tourRuns: 1, minutes: 3, quick: true }

export const USAGE = `usage: npm run bench:console -- [--quick] [--minutes N] [--layout-runs N] [--tour-runs N]
  [--tour-dwell-s S] [--memory-dwell-s S] [--memory-devtools detached|attached] [--heap-snapshots] [--only layout,tour,memory]
  [--out FILE]`

function whole(flag: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value)
  if (value === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${flag} needs a whole number from ${min} to ${max}, got "${value ?? ''}"`)
  return n
}

export function parseConsoleFlags(argv: readonly string[]): ConsoleBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      minutes: { type: 'string' },
      'layout-runs': { type: 'string' },
      'tour-runs': { type: 'string' },
      'tour-dwell-s': { type: 'string' },
      'memory-dwell-s': { type: 'string' },
      'memory-devtools': { type: 'string' },
      'heap-snapshots': { type: 'boolean' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
  })
  const options: ConsoleBenchOptions = {
    ...DEFAULT_OPTIONS,
    ...(values.quick ? QUICK : {}),
    parts: { ...DEFAULT_OPTIONS.parts },
  }
  if (values.minutes !== undefined) options.minutes = whole('minutes', values.minutes, 2, 240)
  if (values['layout-runs'] !== undefined) options.layoutRuns = whole('layout-runs', values['layout-runs'], 1, 20)
  if (values['tour-runs'] !== undefined) options.tourRuns = whole('tour-runs', values['tour-runs'], 1, 10)
  // Above the 2 s prefetch lead with room for the prefetch to matter; the server's minimum is 3 s.
  if (values['tour-dwell-s'] !== undefined) options.tourDwellS = whole('tour-dwell-s', values['tour-dwell-s'], 3, 60)
  if (values['memory-dwell-s'] !== undefined)
    options.memoryDwellS = whole('memory-dwell-s', values['memory-dwell-s'], 3, 600)
  if (values['memory-devtools'] !== undefined) {
    const mode = values['memory-devtools']
    if (mode !== 'detached' && mode !== 'attached')
      throw new Error(`--memory-devtools takes detached or attached, got "${mode}"`)
    options.memoryDevtools = mode
  }
  if (values.only !== undefined) {
    const names = values.only.split(',').map((name) => name.trim())
    const unknown = names.filter((name) => name !== 'layout' && name !== 'tour' && name !== 'memory')
    if (unknown.length > 0 || names.length === 0)
      throw new Error(`--only takes layout, tour, memory; got "${values.only}"`)
    options.parts = { layout: names.includes('layout'), tour: names.includes('tour'), memory: names.includes('memory') }
  }
  if (values['heap-snapshots']) options.heapSnapshots = true
  if (values.out !== undefined) options.out = values.out
  return options
}
