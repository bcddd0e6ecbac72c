/**
 * The wall benchmark's command line: `--minutes N` (480: a working day), `--faults`, `--heap-snapshots`,
 * `--idle`, `--js-flags <V8 flags>`, `--out <file>`.
 */
import { parseArgs } from 'node:util'
import { KIOSK_JS_FLAGS } from '../../../server/wall/kiosk-browser.ts'

export interface WallBenchOptions {
  minutes: number
  faults: boolean
  heapSnapshots: boolean
  /** Without the working day (wall-day.ts): the wall left alone with its tours. */
  idle: boolean
  /** V8 flags for the kiosk's Chromium (`--js-flags=...`): the kiosk's own by default, empty for V8's defaults. */
  jsFlags: string
  out: string
}

export const WALL_USAGE = `usage: npm run bench:wall -- [--minutes N (default 480)] [--faults] [--heap-snapshots] [--idle] [--js-flags=FLAGS] [--out test-artifacts/bench-wall.json]
  --minutes         the run's length; a working day's events (reports, the case loop, pushes, camera drops) are
                    laid out on it, so a shorter run does the same day's work faster
  --faults          restarts the server once at the middle and takes a tile's camera offline for 30 s at three quarters
  --heap-snapshots  takes a heap snapshot after a forced GC at the end of the first eighth, at the middle and at
                    the end, next to --out (<out>-heap-minute-N.heapsnapshot), and prints which kinds and holders
                    grew from each to the end
  --idle            without the working day: the wall alone with its tours
  --js-flags=FLAGS  V8 flags for the kiosk's Chromium (default ${KIOSK_JS_FLAGS}, as README.md's kiosk command runs
                    the wall: V8 without its JIT); --js-flags= for V8's defaults, with the JIT`

export function parseWallFlags(argv: string[]): WallBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '480' },
      faults: { type: 'boolean', default: false },
      'heap-snapshots': { type: 'boolean', default: false },
      idle: { type: 'boolean', default: false },
      'js-flags': { type: 'string', default: KIOSK_JS_FLAGS },
      out: { type: 'string', default: 'test-artifacts/bench-wall.json' },
    },
  })
  const minutes = Number(values.minutes)
  if (!Number.isInteger(minutes) || minutes < 2)
    throw new Error(`--minutes: a whole number of minutes, at least 2 (got "${values.minutes}")`)
  return {
    minutes,
    faults: values.faults,
    heapSnapshots: values['heap-snapshots'],
    idle: values.idle,
    jsFlags: values['js-flags'],
    out: values.out,
  }
}
