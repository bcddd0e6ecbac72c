/**
 * `npm run bench:recording`: CPU and disk bandwidth per recorded camera at 8/16/32/64 cameras (`--cameras
 * 8,16` for fewer), the console (the real server recording through its live packagers) against bare
 * `ffmpeg -c copy -f segment` on the same simulated cameras, as ratios. Each way runs a `--seconds` window
 * (15 by default) once every camera is writing; at each count, with the cameras still recording, the
 * console's playback seek-to-playing latency in Chromium (the median of five clicks on the timeline;
 * target 1 s). Then the export time of a 5-minute clip of the main stream
 * (export-timing.ts). Prints one JSON object and one human line on stdout
 * (progress on stderr) and writes the JSON to test-artifacts/bench-recording.json. Everything runs on
 * 127.0.0.1; the server and every ffmpeg it starts are ended on every path.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { startFleet } from '../../fixtures/fleet/fleet.ts'
import { fleetSpecFromConfig } from '../../fixtures/fleet/fleet-spec-from-config.ts'
import { mediaDir } from '../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { loadCameraConfig } from '../../server/config/load-camera-config.ts'
import { makeTempDir } from '../../server/testing/temp-dir.ts'
import { freePort, testCameraPassword, writeTestCameraConfig } from '../../server/testing/test-camera-config.ts'
import { measureExport, type ExportTiming } from './recording/export-timing.ts'
import {
  measureBare,
  measureConsole,
  type ConsoleResult,
  type RunContext,
  type WayResult,
} from './recording/recording-runs.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const began = performance.now()
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`)
}

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback
}

const counts = flag('cameras', '8,16,32,64')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
const windowSeconds = Number(flag('seconds', '15'))
const most = Math.max(...counts)

const configDir = makeTempDir('bench-recording-config')
const ports = { rtspPort: await freePort(), httpPort: await freePort() }
const cameras = writeTestCameraConfig(configDir.path, ports, most)
const fleet = await startFleet(fleetSpecFromConfig(loadCameraConfig(configDir.path, {}), mediaDir, {})!, {
  idleGraceMs: 300,
})
const context: RunContext = {
  configDir: configDir.path,
  cameraIds: cameras.map((c) => c.id),
  rtspUrl: (id) => `rtsp://admin:${testCameraPassword(id)}@127.0.0.1:${ports.rtspPort}/${id}/sub`,
  windowSeconds,
  log,
}

const results: { cameras: number; console: ConsoleResult; bare: WayResult; cpuRatio: number; diskRatio: number }[] = []
const failures: { cameras: number; error: string }[] = []
const load: number[][] = [loadavg()]
try {
  for (const count of counts) {
    let consoleWay: ConsoleResult
    try {
      consoleWay = await measureConsole(context, count)
    } catch (error) {
      // What was measured so far is still reported.
      failures.push({ cameras: count, error: String(error) })
      log(`${count} cameras: ${String(error)}`)
      break
    }
    const bare = await measureBare(context, count)
    load.push(loadavg())
    results.push({
      cameras: count,
      console: consoleWay,
      bare,
      cpuRatio: Math.round((consoleWay.cpuPercent / Math.max(0.01, bare.cpuPercent)) * 100) / 100,
      diskRatio: Math.round((consoleWay.diskBytesPerSecond / Math.max(1, bare.diskBytesPerSecond)) * 100) / 100,
    })
    const seek = consoleWay.seekToPlaying
    log(
      `${count} cameras: console ${consoleWay.cpuPercent}% CPU, bare ffmpeg ${bare.cpuPercent}%, ` +
        `seek to playing ${seek ? `${seek.medianMs} ms` : 'not measured'}`,
    )
  }
} finally {
  await fleet.close()
  configDir.remove()
}

let exportTiming: ExportTiming | undefined
try {
  exportTiming = await measureExport(join(mediaDir, 'colour-bars-main-gop2-h264.mp4'))
  log(`export of a 5-minute clip: ${exportTiming.exportMs} ms`)
} catch (error) {
  failures.push({ cameras: 0, error: `export: ${String(error)}` })
}

function seekText(seek: ConsoleResult['seekToPlaying']): string {
  if (!seek) return 'not measured'
  const fetched = seek.fetched.filter(Boolean).length
  return (
    `median ${seek.medianMs} ms` +
    (seek.fetchedMedianMs === null ? '' : ` (${fetched} reading the files: median ${seek.fetchedMedianMs} ms)`)
  )
}

const report = {
  benchmark: 'recording',
  at: new Date().toISOString(),
  machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavg: load },
  windowSeconds,
  results,
  exportTiming,
  failures,
}
mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true })
writeFileSync(join(ROOT, 'test-artifacts', 'bench-recording.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(JSON.stringify(report))
console.log(
  results
    .map(
      (r) =>
        `${r.cameras} cameras: ${r.console.cpuPercentPerCamera}% CPU/camera (bare ffmpeg ${r.bare.cpuPercentPerCamera}%, x${r.cpuRatio}), ` +
        `${Math.round(r.console.diskBytesPerSecondPerCamera / 1024)} KiB/s/camera (x${r.diskRatio}), ` +
        `playback seek to playing ${seekText(r.console.seekToPlaying)}`,
    )
    .join('; ') +
    (exportTiming
      ? `; export of a ${exportTiming.seconds / 60}-minute clip (${Math.round(exportTiming.storedBytes / 1024 / 1024)} MiB): ${exportTiming.exportMs} ms`
      : ''),
)
