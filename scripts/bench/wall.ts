/**
 * `npm run bench:wall`: the wall display as a kiosk runs it, in Debian's Chromium at 3840x2160 against the
 * real server, the shipped configuration (320 cameras, the demo wall.yaml) and the simulated fleet, for
 * --minutes (480 by default: a working day). Unless --idle, a working day's events are played against the
 * server meanwhile (wall/wall-day.ts: reports and the case loop, urgent incidents, pushes, camera drops),
 * laid out on the run so that a shorter run does the whole day's work. The kiosk signs in through the link
 * `npm run wall -- pair main` prints and is never touched again. Measures the first full paint (navigation
 * to every wall tile's video advancing), the renderer's memory and the JS heap each minute (read over a bare
 * DevTools connection, see console/raw-cdp.ts), frames dropped per tile, and the wall's own recoveries;
 * --faults restarts the server at the middle and takes a tile's camera offline for 30 s at three quarters;
 * --heap-snapshots takes a heap snapshot at the end of the first eighth, at the middle (before --faults'
 * restart) and at the end, splits each into V8's code, strings, the page's objects and Blink's, and prints
 * what grew from each earlier snapshot to the end (heap-diff.ts) on stderr. Prints one JSON object and one
 * human line on stdout (progress on stderr), writes the JSON to test-artifacts/bench-wall.json, and ends the
 * server, its fleet and the browser on every path, Ctrl-C included.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { readHeap, type HeapCommand } from './console/console-browser.ts'
import { RawCdp } from './console/raw-cdp.ts'
import { readChromiumMemory } from './console/renderer-memory.ts'
import {
  compositionLine,
  diffHeaps,
  heapComposition,
  heapDiffReport,
  parseHeap,
  type HeapComposition,
  type HeapDiff,
} from './wall/heap-diff.ts'
import { takeHeapSnapshot } from './wall/take-heap-snapshot.ts'
import { parseWallFlags, WALL_USAGE, type WallBenchOptions } from './wall/wall-flags.ts'
import {
  allTilesPlayingExpression,
  type FullPaint,
  TILE_QUALITY_EXPRESSION,
  WALL_STATUS_EXPRESSION,
  type TileQuality,
  type WallStatus,
} from './wall/wall-probes.ts'
import { kioskCpu, markCpu, type KioskCpu } from './wall/wall-cpu.ts'
import { RecoveryCounter } from './wall/wall-recoveries.ts'
import { PAINT_TIMELINE_EXPRESSION, timelineLine, type PaintTimeline } from './wall/wall-timeline.ts'
import {
  evaluateWallTargets,
  memoryWindows,
  summarizeMemory,
  TARGETS,
  wallHumanLine,
  worstTile,
  type MemorySample,
} from './wall/wall-report.ts'
import { startWallKiosk, type WallBenchServer } from './wall/wall-server.ts'
import { WorkingDay, type DayResult } from './wall/wall-day-driver.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const DEVICE = 'bench-kiosk'
/** A tile of the overview preset's first zone (camera-config/wall.yaml), for the --faults camera drop. */
const FAULT_CAMERA = 'cam-0002'
const STATUS_EVERY_MS = 2000
const began = performance.now()
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(5)} s] ${message}\n`)
}
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/** Polls `probe` until it returns true or the deadline passes; errors while the page navigates count as no. */
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true
    await sleep(250)
  }
  return false
}

interface Measured {
  firstFullPaint: FullPaint | null
  timeline: PaintTimeline | null
  memory: MemorySample[]
  quality: TileQuality[]
  faults: string[]
  recoveries: ReturnType<RecoveryCounter['result']> | null
  selfHealed: boolean
  lastStatus: WallStatus | null
  heapSnapshots: Array<{ minute: number; file: string; usedBytes: number; composition: HeapComposition }>
  day: DayResult | null
  cpu: KioskCpu | null
}

/** `--out`'s path without `.json`, so the snapshots of a run lie beside its report. */
const snapshotFile = (out: string, minute: number): string =>
  resolve(ROOT, `${out.replace(/\.json$/, '')}-heap-minute-${minute}.heapsnapshot`)

async function measure(
  options: WallBenchOptions,
  server: WallBenchServer,
  cdp: RawCdp,
  browserPid: number,
  measured: Measured,
): Promise<void> {
  const link = await server.pairingLink(DEVICE)
  log(`paired ${DEVICE} to monitor main; opening the link`)
  await cdp.send('Page.navigate', { url: link })
  const onWall = await until(
    async () => (await cdp.evaluate<string>('location.pathname + location.search')) === '/wall?monitor=main',
    60_000,
  )
  if (!onWall) throw new Error('the pairing link did not lead to /wall?monitor=main within 60 s')
  measured.firstFullPaint = await cdp.evaluate(allTilesPlayingExpression(120_000), 130_000)
  log(`first full paint: ${JSON.stringify(measured.firstFullPaint)}`)
  measured.timeline = await cdp.evaluate<PaintTimeline>(PAINT_TIMELINE_EXPRESSION)
  log(`where it went (s since navigation): ${timelineLine(measured.timeline)}`)

  const day = options.idle ? null : new WorkingDay(server, options.minutes, log)
  await day?.prepare()
  await cdp.send('Performance.enable')
  const send = (method: HeapCommand): Promise<unknown> => cdp.send(method)
  const counter = new RecoveryCounter()
  const runStart = Date.now()
  const cpuFrom = markCpu(readChromiumMemory(browserPid).rendererPid, runStart)
  const dayDone = day?.run(runStart)
  const faultAt = { restart: (options.minutes * 60_000) / 2, drop: (options.minutes * 60_000 * 3) / 4 }
  let nextMinute = 1
  let restarted = !options.faults
  let dropped = !options.faults
  // The end of hour 1, the middle (before --faults' restart) and the end: growth early and growth late.
  const snapshotMinutes = options.heapSnapshots
    ? [memoryWindows(options.minutes).first[1], Math.floor(options.minutes / 2), options.minutes]
    : []
  const snapshot = async (minute: number): Promise<void> => {
    const file = snapshotFile(options.out, minute)
    mkdirSync(dirname(file), { recursive: true })
    const taken = await takeHeapSnapshot(cdp, file)
    const composition = heapComposition(parseHeap(taken.text))
    measured.heapSnapshots.push({ minute, file, usedBytes: taken.usedBytes, composition })
    log(
      `heap snapshot at minute ${minute}: ${file} (heap used ${(taken.usedBytes / 2 ** 20).toFixed(2)} MiB: ${compositionLine(composition)})`,
    )
  }
  try {
    // Until the last minute's memory sample: the run ends on it.
    while (nextMinute <= options.minutes) {
      const elapsed = Date.now() - runStart
      const status = await cdp.evaluate<WallStatus>(WALL_STATUS_EXPRESSION).catch(() => null)
      if (status) {
        counter.add(status)
        measured.lastStatus = status
      }
      if (elapsed >= nextMinute * 60_000) {
        const heap = await readHeap(send)
        const chromium = readChromiumMemory(browserPid)
        measured.memory.push({
          minute: nextMinute,
          rendererRssBytes: chromium.rendererRssBytes,
          treeRssBytes: chromium.treeRssBytes,
          jsHeapUsedBytes: heap.usedBytes,
          domNodes: heap.nodes,
        })
        log(
          `minute ${nextMinute}: renderer ${(chromium.rendererRssBytes / 2 ** 20).toFixed(0)} MiB, heap ${(heap.usedBytes / 2 ** 20).toFixed(1)} MiB`,
        )
        // After the minute's sample, so the snapshot's own work is not in it.
        if (snapshotMinutes.includes(nextMinute))
          await snapshot(nextMinute).catch((error: unknown) =>
            log(`heap snapshot at minute ${nextMinute} failed: ${String(error)}`),
          )
        nextMinute++
      }
      if (!restarted && elapsed >= faultAt.restart) {
        restarted = true
        log('fault: restarting the server')
        measured.faults.push(`server restarted at ${(elapsed / 60_000).toFixed(1)} min`)
        await server.restart()
      }
      if (!dropped && elapsed >= faultAt.drop) {
        dropped = true
        log(`fault: ${FAULT_CAMERA} offline for 30 s`)
        measured.faults.push(`${FAULT_CAMERA} offline for 30 s at ${(elapsed / 60_000).toFixed(1)} min`)
        await server.setCameraOffline(FAULT_CAMERA, true)
        setTimeout(
          () => void server.setCameraOffline(FAULT_CAMERA, false).catch((e: unknown) => log(String(e))),
          30_000,
        )
      }
      await sleep(STATUS_EVERY_MS)
    }
  } finally {
    // Also when the loop fails: the day's requests would otherwise go on against a server being closed.
    day?.stop()
    await dayDone
  }
  measured.cpu = kioskCpu(cpuFrom, markCpu(null), browserPid)
  log(`Chromium's CPU over the run: ${JSON.stringify(measured.cpu)}`)
  measured.day = day?.result() ?? null
  if (measured.day) log(`working day done: ${JSON.stringify(measured.day)}`)
  // No hand touched the wall: it must be on its monitor, not degraded, and every tile playing by itself.
  const playing = await cdp.evaluate(allTilesPlayingExpression(90_000), 100_000)
  const final = await cdp.evaluate<WallStatus>(WALL_STATUS_EXPRESSION)
  // After the check: a camera dropped near the end (--faults) is playing again, with a fresh video.
  measured.quality = await cdp.evaluate<TileQuality[]>(TILE_QUALITY_EXPRESSION)
  counter.add(final)
  measured.lastStatus = final
  measured.recoveries = counter.result()
  measured.selfHealed = playing !== null && final.path === '/wall' && !final.degraded
}

async function run(options: WallBenchOptions): Promise<void> {
  const started = new Date()
  const measured: Measured = {
    firstFullPaint: null,
    timeline: null,
    memory: [],
    quality: [],
    faults: [],
    recoveries: null,
    selfHealed: false,
    lastStatus: null,
    heapSnapshots: [],
    day: null,
    cpu: null,
  }
  const closers: Array<() => Promise<unknown>> = []
  const errors: string[] = []
  const load: Record<string, number[]> = { atStart: loadavg() }
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => reject(new Error(`interrupted by ${signal}`)))
  })
  interrupted.catch(() => undefined)
  let chromiumVersion = 'unknown'
  try {
    await Promise.race([
      interrupted,
      (async () => {
        log('building the web app if needed; the server with the shipped configuration (320 cameras) and the fleet')
        const chromiumFlags = options.jsFlags ? [`--js-flags=${options.jsFlags}`] : []
        const { server, chromiumPid, cdp } = await startWallKiosk(closers, chromiumFlags)
        chromiumVersion = (await cdp.send<{ product: string }>('Browser.getVersion')).product
        log(
          `wall for ${options.minutes} min${options.idle ? ', idle' : ', a working day'}${options.faults ? ' with faults' : ''}`,
        )
        await measure(options, server, cdp, chromiumPid, measured)
      })(),
    ])
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error))
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    for (const close of closers.reverse()) await close().catch((error: unknown) => log(`cleanup: ${String(error)}`))
  }
  load['atEnd'] = loadavg()
  const heapDiffs = diffHeapSnapshots(measured.heapSnapshots)

  const memory = summarizeMemory(measured.memory, options.minutes)
  const firstFullPaintMs = measured.firstFullPaint ? Math.round(measured.firstFullPaint.atMs) : null
  const targets = evaluateWallTargets(firstFullPaintMs, memory, measured.selfHealed)
  const droppedFrames = measured.quality.reduce((sum, q) => sum + q.dropped, 0)
  const totalFrames = measured.quality.reduce((sum, q) => sum + q.total, 0)
  const report = {
    benchmark: 'wall',
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      chromium: chromiumVersion,
      loadAverage: load,
    },
    options,
    viewport: '3840x2160',
    targets: { ...TARGETS, met: targets },
    firstFullPaint: {
      ms: firstFullPaintMs,
      tiles: measured.firstFullPaint?.tiles ?? 0,
      firstMovedMs: measured.firstFullPaint?.firstMovedMs ?? [],
      timeline: measured.timeline,
    },
    memory,
    cpu: measured.cpu,
    framesDroppedPerTile: measured.quality,
    recoveries: measured.recoveries,
    workingDay: measured.day,
    faults: measured.faults,
    manualActions: 0,
    selfHealed: measured.selfHealed,
    lastStatus: measured.lastStatus,
    heapSnapshots: measured.heapSnapshots,
    heapDiffs,
    errors,
    memorySamples: measured.memory,
  }
  const json = JSON.stringify(report, null, 2)
  const out = resolve(ROOT, options.out)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${json}\n`)
  process.stdout.write(
    `${json}\n${wallHumanLine({
      minutes: options.minutes,
      firstFullPaintMs,
      tiles: measured.firstFullPaint?.tiles ?? 0,
      memory,
      cpu: measured.cpu,
      droppedFrames,
      totalFrames,
      worstTile: worstTile(measured.quality),
      degradedCleared: measured.recoveries?.degradedCleared ?? 0,
      day: measured.day,
      targets,
    })}\n`,
  )
  if (errors.length > 0) process.exitCode = 1
}

/**
 * What grew from the first snapshot to the end and from the middle one to the end, as rows for the JSON;
 * the tables go to stderr. Read back from the files so an hour's run does not hold a snapshot in memory.
 */
function diffHeapSnapshots(snapshots: Measured['heapSnapshots']): Array<HeapDiff & { from: number; to: number }> {
  const end = snapshots.at(-1)
  if (!end || snapshots.length < 2) return []
  return snapshots.slice(0, -1).map((from) => {
    const diff = diffHeaps(readFileSync(from.file, 'utf8'), readFileSync(end.file, 'utf8'))
    log(`heap from minute ${from.minute} to minute ${end.minute}:`)
    process.stderr.write(heapDiffReport(diff))
    return { from: from.minute, to: end.minute, ...diff }
  })
}

let options: WallBenchOptions
try {
  options = parseWallFlags(process.argv.slice(2))
} catch (error) {
  log(error instanceof Error ? error.message : String(error))
  log(WALL_USAGE)
  process.exit(2)
}
run(options).then(
  () => process.exit(),
  (error: unknown) => {
    log(`bench:wall failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
