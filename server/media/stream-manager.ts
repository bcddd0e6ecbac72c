/**
 * On-demand streams: the first request for (camera, quality) starts it, later ones join it, and it stops
 * once nobody requested it for `idleStopMs`. Copies and transcodes are capped separately, since a
 * transcode costs ~20 times a copy; a request past a cap gets a clear 503.
 */
import type { ProbeMemory } from './probe-memory.ts'
import type { Observation } from '../cameras/health/camera-health-state.ts'
import type { StreamSourceResolver } from '../cameras/stream-source.ts'
import { HttpError } from '../http/http-errors.ts'
import type { Logger } from '../process/logger.ts'
import type { LivePackager } from './hls/live-packager.ts'
import type { QuickStart } from './hls/segmenter.ts'
import { LiveStream, type ProcessStarter } from './live-stream.ts'
import type { Quality } from '../contracts/media.ts'

export interface StreamLimits {
  maxCopies: number
  maxTranscodes: number
}

export interface StreamManagerDeps {
  processes: ProcessStarter
  resolver: StreamSourceResolver
  createPackager: (quickStart: QuickStart) => LivePackager
  outputArgs: readonly string[]
  logger: Logger
  limits: StreamLimits
  idleStopMs: number
  stallTimeoutMs?: number
  probeMemory?: ProbeMemory
  now?: () => number
}

export class CapacityError extends HttpError {
  constructor(streams: number, message: string) {
    super(503, 'server.stream-limit', { streams }, message)
  }
}

/**
 * How a stream is started decides its quick start (hls/segmenter.ts): a camera opened `alone` gets short
 * first segments (a single cold start: 0.87 s to playing instead of 1.73 s at a 1 s GOP); streams started
 * `together` by one prefetch (a layout, a tour page) get the 600 ms lead segment, with which 16 tiles
 * played in 3.07 s instead of 4.76 s (median of 5 each, docs/benchmarks.md).
 */
export type StartedAs = 'alone' | 'together'

/** `pending`: requests being held (blocking reloads): a stream is never idle while one waits. */
interface Entry {
  stream: LiveStream
  lastRequestAt: number
  pending: number
}

export class StreamManager {
  private readonly streams = new Map<string, Entry>()
  private readonly healthListeners = new Set<(cameraId: string, observation: Observation) => void>()
  private readonly now: () => number
  private readonly reaper: NodeJS.Timeout

  constructor(private readonly deps: StreamManagerDeps) {
    this.now = deps.now ?? Date.now
    this.reaper = setInterval(() => void this.stopIdle(), Math.min(5000, Math.max(250, deps.idleStopMs / 4)))
    this.reaper.unref()
  }

  /** Runs `use` with the stream, started if needed; the stream stays alive while `use` runs. */
  async withStream<T>(cameraId: string, quality: Quality, use: (stream: LiveStream) => Promise<T>): Promise<T> {
    return this.held(this.entryFor(cameraId, quality, 'alone'), use)
  }

  /** Like withStream for a stream that already runs (media requests never start one); undefined if none. */
  async withRunning<T>(
    cameraId: string,
    quality: Quality,
    use: (stream: LiveStream) => Promise<T>,
  ): Promise<T | undefined> {
    const entry = this.streams.get(`${cameraId}/${quality}`)
    return entry ? this.held(entry, use) : undefined
  }

  /**
   * Keeps the stream running, started if needed, until `release` is called: the recorder holds the streams
   * it writes as a viewer would, so they share the camera connection and never idle out while held.
   */
  hold(cameraId: string, quality: Quality): { stream: LiveStream; release: () => void } {
    const entry = this.entryFor(cameraId, quality, 'alone')
    entry.pending++
    let released = false
    return {
      stream: entry.stream,
      release: () => {
        if (released) return
        released = true
        entry.pending--
        entry.lastRequestAt = this.now()
      },
    }
  }

  /** Starts the stream if needed and counts a request, without waiting for anything (prefetch). */
  touch(cameraId: string, quality: Quality, startedAs: StartedAs = 'alone'): void {
    this.entryFor(cameraId, quality, startedAs).lastRequestAt = this.now()
  }

  private async held<T>(entry: Entry, use: (stream: LiveStream) => Promise<T>): Promise<T> {
    entry.pending++
    entry.lastRequestAt = this.now()
    try {
      return await use(entry.stream)
    } finally {
      entry.pending--
      entry.lastRequestAt = this.now()
    }
  }

  private entryFor(cameraId: string, quality: Quality, startedAs: StartedAs): Entry {
    const key = `${cameraId}/${quality}`
    const existing = this.streams.get(key)
    if (existing) return existing
    const copies = this.count('copy')
    if (copies >= this.deps.limits.maxCopies) {
      throw new CapacityError(
        copies,
        `the server already restreams ${copies} cameras, its limit; close some tiles or raise MAX_COPY_STREAMS`,
      )
    }
    const stream = new LiveStream(cameraId, quality, {
      processes: this.deps.processes,
      resolver: this.deps.resolver,
      packager: this.deps.createPackager(startedAs === 'alone' ? 'short-segments' : 'lead-segment'),
      outputArgs: this.deps.outputArgs,
      logger: this.deps.logger,
      now: this.now,
      mayTranscode: () => this.count('transcode') < this.deps.limits.maxTranscodes,
      ...(this.deps.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: this.deps.stallTimeoutMs }),
      ...(this.deps.probeMemory && { probeMemory: this.deps.probeMemory }),
      onHealth: (observation) => {
        for (const listener of this.healthListeners) listener(cameraId, observation)
      },
    })
    const entry: Entry = { stream, lastRequestAt: this.now(), pending: 0 }
    this.streams.set(key, entry)
    this.deps.logger.info({ stream: key }, 'stream starting')
    stream.begin()
    return entry
  }

  /** The stream if it runs, without counting as a request (for snapshots and health). */
  peek(cameraId: string, quality: Quality): LiveStream | undefined {
    return this.streams.get(`${cameraId}/${quality}`)?.stream
  }

  list(): LiveStream[] {
    return [...this.streams.values()].map((e) => e.stream)
  }

  /**
   * Calls `listener` whenever a stream learns something of its camera (it went live, or why it cannot):
   * camera health takes it as a finding, so the camera's status agrees with what viewers see.
   */
  onStreamHealth(listener: (cameraId: string, observation: Observation) => void): () => void {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }

  /**
   * What the camera's streams say of it now: ok when one is live, the newest failure when none is, and
   * undefined when none runs or all are still starting (a health check must then ask the camera itself).
   */
  streamObservation(cameraId: string): Observation | undefined {
    let failure: Observation | undefined
    for (const { stream } of this.streams.values()) {
      if (stream.cameraId !== cameraId) continue
      if (stream.state === 'live') return { ok: true }
      if (stream.health && !stream.health.ok) failure = stream.health
    }
    return failure
  }

  isStreaming(cameraId: string): boolean {
    for (const { stream } of this.streams.values())
      if (stream.cameraId === cameraId && stream.state === 'live') return true
    return false
  }

  async stopIdle(): Promise<void> {
    const cutoff = this.now() - this.deps.idleStopMs
    const idle = [...this.streams.entries()].filter(([, e]) => e.pending === 0 && e.lastRequestAt <= cutoff)
    for (const [key] of idle) this.streams.delete(key)
    await Promise.all(
      idle.map(async ([key, { stream }]) => {
        this.deps.logger.info({ stream: key }, 'stream idle, stopping')
        await stream.stop()
      }),
    )
  }

  async closeAll(): Promise<void> {
    clearInterval(this.reaper)
    const all = [...this.streams.values()]
    this.streams.clear()
    await Promise.all(all.map((e) => e.stream.stop()))
  }

  private count(mode: 'copy' | 'transcode'): number {
    let n = 0
    for (const { stream } of this.streams.values()) if (stream.mode === mode) n++
    return n
  }
}
