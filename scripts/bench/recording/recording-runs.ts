/**
 * One measurement of recording N cameras, each way: the console (the real server in a child process,
 * recording N sub streams through its live packagers) and the baseline (N bare `ffmpeg -c copy -f segment`
 * writing fMP4 files). CPU is the process tree's ticks over the window; disk is the growth of the
 * recordings directory. The fleet runs in the benchmark's own process and is counted in neither. After
 * the console's window, with the N cameras still recording, playback's seek-to-playing is timed in
 * Chromium (seek-timing.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { startTestServer } from '../../../server/testing/test-server.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { snapshotProcesses, ticksBetween, treeOf } from '../media/proc-stat.ts'
import { bareCameraCopyArgs } from '../bare-ffmpeg.ts'
import { measureSeek, type SeekTiming } from './seek-timing.ts'

const CLOCK_TICKS = 100

export interface WayResult {
  cpuPercent: number
  cpuPercentPerCamera: number
  diskBytesPerSecond: number
  diskBytesPerSecondPerCamera: number
}

export interface ConsoleResult extends WayResult {
  /** Seek-to-playing in the console's playback, timed after the CPU window; null when it failed (why in the log). */
  seekToPlaying: SeekTiming | null
}

export interface RunContext {
  configDir: string
  cameraIds: string[]
  rtspUrl: (cameraId: string) => string
  windowSeconds: number
  log: (message: string) => void
}

/** Bytes of every file under dir, recursively. */
function bytesUnder(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size
  }
  return total
}

function filesUnder(dir: string, suffix: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && e.name.endsWith(suffix),
    ).length
  } catch {
    return 0
  }
}

async function measure(root: number, dir: string, cameras: number, seconds: number): Promise<WayResult> {
  const before = snapshotProcesses()
  const bytesBefore = bytesUnder(dir)
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const elapsed = (performance.now() - started) / 1000
  const after = snapshotProcesses()
  const ticks = ticksBetween(before, after, treeOf(after, root))
  const cpuPercent = (ticks / CLOCK_TICKS / elapsed) * 100
  const diskBytesPerSecond = (bytesUnder(dir) - bytesBefore) / elapsed
  return {
    cpuPercent: round(cpuPercent),
    cpuPercentPerCamera: round(cpuPercent / cameras),
    diskBytesPerSecond: Math.round(diskBytesPerSecond),
    diskBytesPerSecondPerCamera: Math.round(diskBytesPerSecond / cameras),
  }
}

const round = (value: number): number => Math.round(value * 100) / 100

export async function measureConsole(context: RunContext, count: number): Promise<ConsoleResult> {
  const cameras = context.cameraIds.slice(0, count)
  writeFileSync(
    join(context.configDir, 'recording.yaml'),
    stringify({
      recording: {
        quota: '100GiB',
        rules: [{ id: 'bench', cameras, quality: 'sub', schedule: 'always', retentionDays: 1 }],
      },
    }),
  )
  const data = makeTempDir('bench-recording-console')
  const server = await startTestServer({
    cameraConfigDir: context.configDir,
    dataDir: data.path,
    env: { RECORDING: 'on', CAMERA_HEALTH_INTERVAL_S: '0', MAX_COPY_STREAMS: '200' },
  })
  try {
    const recordings = join(data.path, 'recordings')
    // A ceiling for cameras that never start, not a speed limit: a loaded machine starts 32 streams slowly.
    await waitFor(() => filesUnder(recordings, '.part') >= count, 180_000, `${count} cameras recording`)
    context.log(`console: ${count} cameras recording; measuring ${context.windowSeconds} s`)
    const way = await measure(server.pid, recordings, count, context.windowSeconds)
    // After the window: Chromium's own CPU would count in neither way, but it would load the machine.
    context.log(`console: ${count} cameras recording; seeking in playback in Chromium`)
    const seekToPlaying = await measureSeek({ ...server, cookie: await server.login() }, cameras[0]!).catch(
      (error: unknown) => {
        context.log(`seek timing failed: ${String(error)}`)
        return null
      },
    )
    return { ...way, seekToPlaying }
  } finally {
    await server.close()
    data.remove()
  }
}

/** The baseline's ffmpeg: copy the camera's stream into fMP4 files of a minute, as the recorder does. */
export function bareSegmentArgs(rtspUrl: string, dir: string): string[] {
  return [
    ...bareCameraCopyArgs(rtspUrl),
    '-f',
    'segment',
    '-segment_time',
    '60',
    '-segment_format',
    'mp4',
    '-segment_format_options',
    'movflags=+frag_keyframe+empty_moov+default_base_moof',
    '-reset_timestamps',
    '1',
    join(dir, '%05d.mp4'),
  ]
}

export async function measureBare(context: RunContext, count: number): Promise<WayResult> {
  const data = makeTempDir('bench-recording-bare')
  const children: ChildProcess[] = []
  try {
    for (const id of context.cameraIds.slice(0, count)) {
      const dir = join(data.path, id)
      mkdirSync(dir, { recursive: true })
      children.push(spawn('ffmpeg', bareSegmentArgs(context.rtspUrl(id), dir), { stdio: 'ignore' }))
    }
    await waitFor(() => filesUnder(data.path, '.mp4') >= count, 180_000, `${count} bare ffmpeg writing`)
    context.log(`bare ffmpeg: ${count} cameras recording; measuring ${context.windowSeconds} s`)
    const before = snapshotProcesses()
    const bytesBefore = bytesUnder(data.path)
    const started = performance.now()
    await new Promise((resolve) => setTimeout(resolve, context.windowSeconds * 1000))
    const elapsed = (performance.now() - started) / 1000
    const after = snapshotProcesses()
    const pids = children.map((c) => c.pid!).filter((pid) => pid !== undefined)
    const ticks = ticksBetween(before, after, pids)
    const cpuPercent = (ticks / CLOCK_TICKS / elapsed) * 100
    const diskBytesPerSecond = (bytesUnder(data.path) - bytesBefore) / elapsed
    return {
      cpuPercent: round(cpuPercent),
      cpuPercentPerCamera: round(cpuPercent / count),
      diskBytesPerSecond: Math.round(diskBytesPerSecond),
      diskBytesPerSecondPerCamera: Math.round(diskBytesPerSecond / count),
    }
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)),
      ),
    )
    data.remove()
  }
}
