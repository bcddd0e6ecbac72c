/**
 * Command-line flags of `npm run bench:media`. Pure: argv in, options out, with a clear error for a flag
 * it does not know (a typo must not silently run the 10-minute default).
 */
import type { Quality } from '../../../server/contracts/media.ts'

export type { Quality }

export interface BenchOptions {
  /** Repetitions of each cold and warm measurement (median reported). */
  runs: number
  /** Concurrent stream counts for the CPU and memory part. */
  loadLevels: number[]
  /** Measurement windows per load level (median reported) and their length. */
  loadWindows: number
  windowSeconds: number
  /** Settle time after a level's streams all answered, before measuring. */
  warmupSeconds: number
  /** Playing time before hls.js `latency` is read. */
  latencyWaitSeconds: number
  /** Stream quality for the start-up and latency runs, and for the load. */
  quality: Quality
  loadQuality: Quality
  browser: boolean
  load: boolean
  /** Named hls.js configuration for our stream (see hls-configs.ts). */
  hlsConfig: string
  out: string
  quick: boolean
}

/** Each run takes two fresh (not yet streaming) cameras per GOP from a pool of 30 (see bench-cameras.ts). */
export const MAX_RUNS = 14

export const DEFAULT_OPTIONS: BenchOptions = {
  runs: 5,
  loadLevels: [16, 32, 64, 128],
  loadWindows: 3,
  windowSeconds: 10,
  warmupSeconds: 5,
  latencyWaitSeconds: 10,
  quality: 'main',
  loadQuality: 'main',
  browser: true,
  load: true,
  hlsConfig: 'll-default',
  out: 'test-artifacts/bench-media.json',
  quick: false,
}

/** --quick: one run of everything, two small load levels, short windows: a smoke test of the whole bench. */
const QUICK: Partial<BenchOptions> = {
  runs: 1,
  loadLevels: [4, 8],
  loadWindows: 1,
  windowSeconds: 4,
  warmupSeconds: 3,
  latencyWaitSeconds: 4,
}

export const USAGE = `usage: npm run bench:media -- [--quick] [--runs N] [--load-levels 16,32,64,128] [--load-windows N]
  [--window-s S] [--warmup-s S] [--latency-wait-s S] [--quality main|sub] [--load-quality main|sub]
  [--hls-config NAME] [--no-browser] [--no-load] [--out FILE]`

function positiveInteger(flag: string, value: string | undefined, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${flag} needs a whole number from 1 to ${max}, got "${value ?? ''}"`)
  return n
}

function quality(flag: string, value: string | undefined): Quality {
  if (value !== 'main' && value !== 'sub') throw new Error(`${flag} is main or sub, got "${value ?? ''}"`)
  return value
}

export function parseFlags(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, ...(argv.includes('--quick') ? { ...QUICK, quick: true } : {}) }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    const value = (): string | undefined => argv[++i]
    switch (flag) {
      case '--quick':
        break
      case '--runs':
        options.runs = positiveInteger(flag, value(), MAX_RUNS)
        break
      case '--load-windows':
        options.loadWindows = positiveInteger(flag, value(), 20)
        break
      case '--window-s':
        options.windowSeconds = positiveInteger(flag, value(), 300)
        break
      case '--warmup-s':
        options.warmupSeconds = positiveInteger(flag, value(), 120)
        break
      case '--latency-wait-s':
        options.latencyWaitSeconds = positiveInteger(flag, value(), 120)
        break
      case '--load-levels': {
        const raw = value()
        // At most 128: the benchmark's camera configuration has 130 cameras.
        options.loadLevels = (raw ?? '').split(',').map((n) => positiveInteger(flag, n, 128))
        break
      }
      case '--quality':
        options.quality = quality(flag, value())
        break
      case '--load-quality':
        options.loadQuality = quality(flag, value())
        break
      case '--hls-config':
        options.hlsConfig = value() ?? ''
        break
      case '--no-browser':
        options.browser = false
        break
      case '--no-load':
        options.load = false
        break
      case '--out':
        options.out = value() ?? options.out
        break
      default:
        throw new Error(`unknown flag "${flag}"\n${USAGE}`)
    }
  }
  return options
}
