/**
 * `npm run bench:media`: the live-video benchmark. Starts the real server (with the simulated fleet as its
 * child) and measures, against bare `ffmpeg -c copy -f hls` on the same cameras: cold start (HTTP and
 * Chromium), warm join, hls.js latency, and CPU/memory at 16-128 streams. Prints one JSON object and one
 * human line on stdout (progress goes to stderr) and writes the JSON to test-artifacts/bench-media.json.
 * Everything runs on 127.0.0.1; everything it starts it ends, by handle or PID, on every path.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { Baseline } from './media/baseline.ts'
import { BenchBrowser } from './media/bench-browser.ts'
import { startBenchServer, type BenchServer } from './media/bench-server.ts'
import { parseFlags, USAGE, type BenchOptions } from './media/flags.ts'
import { BASELINE_CONFIG, ourConfig } from './media/hls-configs.ts'
import { measureLoad } from './media/load-runs.ts'
import { evaluateTargets, humanLine, summarize, type RawResults } from './media/report.ts'
import { measureStarts } from './media/start-runs.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const began = performance.now()
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`)
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000 }).split('\n')[0]!.trim()
  } catch {
    return 'unknown'
  }
}

function machineInfo(): Record<string, unknown> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    ffmpeg: version('ffmpeg', ['-version']),
    hlsJs: version(process.execPath, ['-p', 'require("hls.js/package.json").version']),
  }
}

async function run(options: BenchOptions): Promise<void> {
  const config = ourConfig(options.hlsConfig)
  const started = new Date()
  const load: Record<string, number[]> = { atStart: loadavg() }
  const raw: RawResults = { cores: cpus().length, starts: [], load: [] }
  const closers: Array<() => Promise<unknown>> = []
  const out = resolve(ROOT, options.out)
  mkdirSync(dirname(out), { recursive: true })
  // A long run on a shared machine may be cut short: what was measured so far is kept on disk.
  const savePartial = (): void =>
    writeFileSync(out, `${JSON.stringify({ benchmark: 'media', partial: true, options, samples: raw }, null, 2)}\n`)
  // Ctrl-C still ends the server, the browser and every ffmpeg: the finally below runs before exit.
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => reject(new Error(`interrupted by ${signal}`)))
  })
  interrupted.catch(() => undefined)
  let chromium = 'not used'
  try {
    await Promise.race([
      interrupted,
      (async () => {
        log('starting the server and the simulated fleet (130 cameras)')
        const server: BenchServer = await startBenchServer()
        closers.push(() => server.close())
        const baseline = new Baseline()
        closers.push(() => baseline.close())
        await baseline.listen()
        {
          const browser = options.browser ? await BenchBrowser.launch() : undefined
          if (browser) {
            closers.push(() => browser.close())
            chromium = await browser.version()
          }
          for (const gop of [1, 2] as const) {
            log(`start-up and latency, ${gop} s GOP (${options.runs} runs)`)
            raw.starts.push(
              await measureStarts(
                {
                  server,
                  baseline,
                  browser,
                  quality: options.quality,
                  runs: options.runs,
                  latencyWaitMs: options.latencyWaitSeconds * 1000,
                  ourConfig: config,
                  log,
                },
                gop,
              ),
            )
            savePartial()
          }
          load.afterStarts = loadavg()
        }
        if (options.load) {
          log(`CPU and memory at ${options.loadLevels.join(', ')} streams`)
          raw.load = await measureLoad({
            server,
            baseline,
            quality: options.loadQuality,
            levels: options.loadLevels,
            windows: options.loadWindows,
            windowSeconds: options.windowSeconds,
            warmupSeconds: options.warmupSeconds,
            log,
          })
          load.afterLoad = loadavg()
        }
      })(),
    ])
  } finally {
    for (const close of closers.reverse()) await close().catch((error: unknown) => log(`cleanup: ${String(error)}`))
  }

  const targets = evaluateTargets(raw)
  const report = {
    benchmark: 'media',
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: { ...machineInfo(), chromium, loadAverage: load },
    options,
    hlsConfig: { ours: config, baseline: BASELINE_CONFIG },
    summary: summarize(raw),
    targets,
    samples: raw,
  }
  const json = JSON.stringify(report, null, 2)
  writeFileSync(out, `${json}\n`)
  process.stdout.write(`${json}\n${humanLine(raw, targets)}\n`)
}

let options: BenchOptions
try {
  options = parseFlags(process.argv.slice(2))
} catch (error) {
  log(error instanceof Error ? error.message : String(error))
  log(USAGE)
  process.exit(2)
}
run(options).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench:media failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
