import { afterEach, describe, expect, it } from 'vitest'
import type { StreamSourceResolver } from '../cameras/stream-source.ts'
import { silentLogger } from '../process/logger.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { FakeRunner, FakeTimers } from '../process/testing-fakes.ts'
import { waitFor } from '../testing/wait-for.ts'
import { LivePackager } from './hls/live-packager.ts'
import { StreamManager } from './stream-manager.ts'
import { StoredProbeMemory, type ProbeMemory } from './probe-memory.ts'
import { openDatabase } from '../db/open-database.ts'
import { makeTempDir } from '../testing/temp-dir.ts'

/** Relay tokens handed out and not yet released, as `<camera>#<n>`. */
const held = new Set<string>()
let issued = 0
const resolver: StreamSourceResolver = {
  resolve: async (cameraId) => {
    const token = `${cameraId}#${++issued}`
    held.add(token)
    return {
      url: `rtsp://127.0.0.1:9/${token}`,
      displayUrl: `rtsp://127.0.0.1/${cameraId}`,
      codec: cameraId.startsWith('hevc') ? 'h265' : 'h264',
      release: () => held.delete(token),
    }
  },
  invalidate: () => {},
}

let now = 0
const managers: StreamManager[] = []
function manager(
  limits = { maxCopies: 2, maxTranscodes: 1 },
  probeMemory?: ProbeMemory,
): {
  streams: StreamManager
  runner: FakeRunner
  timers: FakeTimers
} {
  const runner = new FakeRunner()
  // The supervisors' restart back-off runs on this clock, moved by hand.
  const timers = new FakeTimers()
  const streams = new StreamManager({
    processes: new ProcessPool({ logger: silentLogger, runner, timers, parentDeathSignal: false }),
    resolver,
    createPackager: (quickStart) => new LivePackager({ quickStart }),
    outputArgs: ['-f', 'mp4', 'pipe:1'],
    logger: silentLogger,
    limits,
    idleStopMs: 30_000,
    now: () => now,
    ...(probeMemory && { probeMemory }),
  })
  managers.push(streams)
  return { streams, runner, timers }
}
afterEach(async () => {
  for (const m of managers.splice(0)) await m.closeAll()
})
// Streams resolve their source before ffmpeg starts: wait for the spawn rather than for a fixed time.
const spawned = (runner: FakeRunner, count: number) =>
  waitFor(() => runner.children.length >= count, 30_000, `${count} ffmpeg spawned`)

describe('StreamManager', () => {
  it('one stream per camera and quality, however many requests', async () => {
    const { streams, runner } = manager()
    streams.touch('cam-1', 'sub')
    streams.touch('cam-1', 'sub')
    await streams.withStream('cam-1', 'sub', async () => undefined)
    await spawned(runner, 1)
    expect(streams.list()).toHaveLength(1)
    expect(runner.children).toHaveLength(1)
  })

  it('a stream started alone gets short first segments, streams started together the 600 ms lead segment', async () => {
    const { streams } = manager({ maxCopies: 4, maxTranscodes: 1 })
    await streams.withStream('cam-1', 'sub', async () => undefined)
    streams.touch('cam-2', 'sub', 'alone')
    streams.touch('cam-3', 'sub', 'together')
    // The first start decides: joining a running stream does not change how it was cut.
    streams.touch('cam-1', 'sub', 'together')
    const quickStarts = Object.fromEntries(
      streams.list().map((stream) => [stream.cameraId, stream.packager.quickStart]),
    )
    expect(quickStarts).toEqual({ 'cam-1': 'short-segments', 'cam-2': 'short-segments', 'cam-3': 'lead-segment' })
  })

  it('starts without probing, and probes at once a camera whose SDP did not give the picture size', async () => {
    const { streams, runner, timers } = manager()
    streams.touch('cam-1', 'sub')
    await spawned(runner, 1)
    const args = (child: number) => runner.children[child]!.command.args
    expect(args(0)[args(0).indexOf('-probesize') + 1]).toBe('32')
    runner.children[0]!.writeStderr(
      '[rtsp @ 0x55] Could not find codec parameters for stream 0 (Video: h264, none): unspecified size',
    )
    runner.children[0]!.exit({ code: 1, signal: null })
    // At once, without the back-off: the clock has not moved.
    await spawned(runner, 2)
    expect(runner.children).toHaveLength(2)
    expect(args(1)[args(1).indexOf('-probesize') + 1]).toBe('500000')
    // A camera that merely went away keeps the probe it has.
    runner.children[1]!.exit({ code: 1, signal: null })
    expect(runner.children).toHaveLength(2)
    timers.advance(1_500)
    await spawned(runner, 3)
    expect(args(2)[args(2).indexOf('-probesize') + 1]).toBe('500000')
  })

  it('remembers in the store that a camera needs the probe, so its next start (another server too) probes at once', async () => {
    const dir = makeTempDir('probe-memory-streams')
    const db = openDatabase(dir.path)
    try {
      const first = manager(undefined, new StoredProbeMemory(db))
      first.streams.touch('cam-1', 'sub')
      await spawned(first.runner, 1)
      first.runner.children[0]!.writeStderr(
        '[rtsp @ 0x55] Could not find codec parameters for stream 0 (Video: h264, none)',
      )
      first.runner.children[0]!.exit({ code: 1, signal: null })
      await spawned(first.runner, 2)
      await first.streams.closeAll()

      const next = manager(undefined, new StoredProbeMemory(db))
      next.streams.touch('cam-1', 'sub')
      next.streams.touch('cam-1', 'main')
      await spawned(next.runner, 2)
      const probeSizes = next.runner.children.map(({ command: { args } }) => args[args.indexOf('-probesize') + 1])
      // sub was learnt, main was not.
      expect(probeSizes.sort()).toEqual(['32', '500000'])
    } finally {
      db.close()
      dir.remove()
    }
  })

  it('releases the source (its relay token) when the stream stops, and keeps it while ffmpeg restarts', async () => {
    const { streams, runner, timers } = manager()
    streams.touch('cam-9', 'sub')
    await spawned(runner, 1)
    const tokens = (): string[] => [...held].filter((t) => t.startsWith('cam-9#'))
    expect(tokens()).toHaveLength(1)
    const [token] = tokens()
    // The supervisor restarts ffmpeg with the same arguments, so the token must outlive one ffmpeg.
    runner.children[0]!.exit({ code: 1, signal: null })
    timers.advance(1_500)
    await spawned(runner, 2)
    expect(tokens()).toEqual([token])
    await streams.closeAll()
    expect(tokens()).toEqual([])
  })

  it('a copy past the limit is refused with a 503 that says which limit', () => {
    const { streams } = manager()
    streams.touch('cam-1', 'sub')
    streams.touch('cam-2', 'sub')
    expect(() => streams.touch('cam-3', 'sub')).toThrow(
      expect.objectContaining({
        statusCode: 503,
        message: 'the server already restreams 2 cameras, its limit; close some tiles or raise MAX_COPY_STREAMS',
      }),
    )
  })

  it('an H.265 camera is transcoded while the transcode limit allows, then stays a copy it cannot play', async () => {
    const { streams, runner } = manager({ maxCopies: 5, maxTranscodes: 1 })
    streams.touch('hevc-1', 'sub')
    await spawned(runner, 1)
    expect(streams.peek('hevc-1', 'sub')?.mode).toBe('transcode')
    expect(runner.children[0]!.command.args).toContain('libx264')
    streams.touch('hevc-2', 'sub')
    await spawned(runner, 2)
    expect(streams.peek('hevc-2', 'sub')?.mode).toBe('copy')
  })

  it('stops a stream nobody asked for within the idle time, ending its ffmpeg, but never while a request waits', async () => {
    const { streams, runner } = manager()
    now = 1_000
    streams.touch('cam-1', 'sub')
    let release: () => void = () => {}
    const held = streams.withStream(
      'cam-2',
      'sub',
      () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    )
    await spawned(runner, 2)
    now += 31_000
    await streams.stopIdle()
    expect(streams.list().map((s) => s.cameraId)).toEqual(['cam-2'])
    expect(runner.children[0]!.signals).toEqual(['SIGTERM'])
    release()
    await held
    now += 31_000
    await streams.stopIdle()
    expect(streams.list()).toEqual([])
  })

  it('a held stream (the recorder) never idles out, and stops once released and idle', async () => {
    const { streams, runner } = manager()
    now = 1_000
    const { stream, release } = streams.hold('cam-1', 'sub')
    await spawned(runner, 1)
    expect(streams.hold('cam-1', 'sub').stream).toBe(stream)
    now += 3_600_000
    await streams.stopIdle()
    expect(streams.list()).toEqual([stream])
    release()
    release() // a second release does not count twice
    await streams.stopIdle()
    expect(streams.list()).toEqual([stream]) // still held by the second hold
  })
})
