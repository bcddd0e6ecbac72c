/**
 * `npm run bench:console`: the operator console in Debian's Chromium against the real server and the
 * simulated fleet. Measures (1) a 16-tile deep link, navigation start to every tile's picture moving, cold
 * and warm; (2) tour page switches to each new tile's first frame, with and without the prefetch; (3) the
 * JS heap and Chromium's memory over a long 16-tile tour (--minutes, 30 by default; --quick: 3).
 * Prints one JSON object and one human line on stdout (progress goes to stderr) and writes the JSON to
 * test-artifacts/bench-console.json. Loopback only; the server and the browser are ended on every path.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { ensureWebBuilt } from '../../server/testing/web-build.ts'
import { ConsoleBrowser } from './console/console-browser.ts'
import { IDLE_STOP_S, startConsoleBenchServer } from './console/console-server.ts'
import { parseConsoleFlags, USAGE, type ConsoleBenchOptions } from './console/flags.ts'
import { measureLayout } from './console/layout-runs.ts'
import { measureMemory } from './console/memory-run.ts'
import { evaluateTargets, humanLine, summarize, type ConsoleRaw } from './console/report.ts'
import { measureTours } from './console/tour-runs.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
/** 48: three sets of 16 for the cold 16-tile runs, and the memory tour's three pages. */
const CAMERA_COUNT = 48
const began = performance.now()
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(5)} s] ${message}\n`)
}

function hlsJsVersion(): string {
  try {
    return execFileSync(process.execPath, ['-p', 'require("hls.js/package.json").version'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10_000,
    }).trim()
  } catch {
    return 'unknown'
  }
}

async function run(options: ConsoleBenchOptions): Promise<void> {
  const started = new Date()
  const load: Record<string, number[]> = { atStart: loadavg() }
  const raw: ConsoleRaw = { layout: null, tours: null, memory: null }
  const closers: Array<() => Promise<unknown>> = []
  const errors: string[] = []
  // Ctrl-C still ends the browser, the server and every ffmpeg: the finally below runs before exit.
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => reject(new Error(`interrupted by ${signal}`)))
  })
  interrupted.catch(() => undefined)
  let chromium = 'unknown'
  try {
    await Promise.race([
      interrupted,
      (async () => {
        log('building the console if needed')
        await ensureWebBuilt()
        log(`starting the server and the simulated fleet (${CAMERA_COUNT} cameras)`)
        const server = await startConsoleBenchServer(CAMERA_COUNT)
        closers.push(() => server.close())
        const browser = await ConsoleBrowser.launch(server.url, server.username, server.password)
        closers.push(() => browser.close())
        chromium = browser.launched.browser.version()
        // A part that fails is reported and the next one still runs: a 30-minute run keeps what it measured.
        const part = async (name: string, measure: () => Promise<void>): Promise<void> => {
          try {
            await measure()
          } catch (error) {
            errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
            log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
          }
          load[`after-${name}`] = loadavg()
        }
        if (options.parts.layout) {
          log(`16 tiles: ${options.layoutRuns} cold runs, each followed by a warm one`)
          await part('layout', async () => {
            raw.layout = await measureLayout({
              server,
              browser,
              cameraCount: CAMERA_COUNT,
              runs: options.layoutRuns,
              log,
            })
          })
        }
        if (options.parts.tour) {
          log(
            `tour page switches: ${options.tourRuns} tours each with and without prefetch, ${options.tourDwellS} s dwell`,
          )
          await part('tour', async () => {
            raw.tours = await measureTours({
              server,
              browser,
              runs: options.tourRuns,
              dwellS: options.tourDwellS,
              firstCamera: 16,
              log,
            })
          })
        }
        if (options.parts.memory) {
          log(
            `memory: a ${options.minutes}-minute 16-tile tour, ${options.memoryDwellS} s dwell, DevTools ${options.memoryDevtools}`,
          )
          await part('memory', async () => {
            raw.memory = await measureMemory({
              server,
              browser,
              minutes: options.minutes,
              dwellS: options.memoryDwellS,
              cameraCount: CAMERA_COUNT,
              devtools: options.memoryDevtools,
              heapSnapshots: options.heapSnapshots,
              log,
            })
          })
        }
      })(),
    ])
  } finally {
    for (const close of closers.reverse()) await close().catch((error: unknown) => log(`cleanup: ${String(error)}`))
  }

  const targets = evaluateTargets(raw)
  const report = {
    benchmark: 'console',
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      chromium,
      hlsJs: hlsJsVersion(),
      loadAverage: load,
    },
    options,
    server: { cameras: CAMERA_COUNT, liveIdleStopS: IDLE_STOP_S },
    summary: summarize(raw),
    targets,
    errors,
    failures: [
      ...(raw.layout?.failures ?? []),
      ...(raw.tours?.prefetch.failures ?? []),
      ...(raw.tours?.noPrefetch.failures ?? []),
      ...(raw.memory?.failures ?? []),
    ],
    samples: raw,
  }
  const json = JSON.stringify(report, null, 2)
  const out = resolve(ROOT, options.out)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${json}\n`)
  process.stdout.write(`${json}\n${humanLine(raw, targets)}\n`)
}

let options: ConsoleBenchOptions
try {
  options = parseConsoleFlags(process.argv.slice(2))
} catch (error) {
  log(error instanceof Error ? error.message : String(error))
  log(USAGE)
  process.exit(2)
}
run(options).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench:console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
