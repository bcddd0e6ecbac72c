/**
 * One camera stream (camera x quality) restreamed by one supervised ffmpeg into one in-memory packager,
 * shared by every viewer. It resolves its source, starts ffmpeg, watches for stalls (a camera that keeps
 * the socket open but sends nothing) and switches to transcoding when the camera turns out not to be H.264.
 */
import type { ResolvedStream, StreamSourceResolver } from '../cameras/stream-source.ts'
import { StreamSourceError } from '../cameras/stream-source.ts'
import type { Logger } from '../process/logger.ts'
import type { CodedProblem } from '../http/http-errors.ts'
import type { PoolStartOptions } from '../process/process-pool.ts'
import type { SupervisedProcess } from '../process/supervisor.ts'
import { LivePackager } from './hls/live-packager.ts'
import type { FailureKind } from '../cameras/camera-failure.ts'
import type { Observation } from '../cameras/health/camera-health-state.ts'
import { AUTH_FAILED, explainFfmpegFailure, needsFullProbe } from './ffmpeg-errors.ts'
import type { Quality } from '../contracts/media.ts'
import { buildRestreamArgs, type RestreamMode } from './restream-args.ts'
import type { ProbeMemory } from './probe-memory.ts'

// ffmpeg writes one fragment per frame: the init segment is in the first chunk or two; this many without a
// codec means something is wrong, and the stream goes on unchecked rather than hang.
const PROBE_MAX_CHUNKS = 50

export type StreamState = 'starting' | 'live' | 'retrying' | 'failed' | 'stopped'

const SOURCE_FAILURE_CODES = {
  'unknown-camera': 'camera.unknown',
  'auth-failed': 'camera.auth-failed',
  unreachable: 'camera.unreachable',
  'no-stream': 'camera.offline',
} as const

/** Why a source could not be resolved, as a catalog code with the resolver's own words. */
function sourceProblem(error: unknown, cameraId: string): CodedProblem {
  const message = error instanceof Error ? error.message : String(error)
  if (!(error instanceof StreamSourceError)) return { code: 'stream.unavailable', params: {}, message }
  const code = SOURCE_FAILURE_CODES[error.kind]
  return code === 'camera.unknown' ? { code, params: { camera: cameraId }, message } : { code, params: {}, message }
}

export interface ProcessStarter {
  start(options: PoolStartOptions): SupervisedProcess
}

export interface LiveStreamDeps {
  processes: ProcessStarter
  resolver: StreamSourceResolver
  packager: LivePackager
  outputArgs: readonly string[]
  logger: Logger
  ffmpegPath?: string
  now?: () => number
  /** Asked before switching to transcoding: false when the transcode cap is reached. */
  mayTranscode: () => boolean
  /** No media this long while running: the child is presumed stuck and restarted. */
  stallTimeoutMs?: number
  /** A source that could not be resolved is tried again after this long. */
  resolveRetryMs?: number
  /** What the stream learns of its camera (live, or why not), each time that changes: camera health. */
  onHealth?: (observation: Observation) => void
  /** Streams known to need the probe start with it; one found to need it is remembered. */
  probeMemory?: ProbeMemory
}

export class LiveStream {
  state: StreamState = 'starting'
  mode: RestreamMode = 'copy'
  /** Why the stream is not live: a catalog code for the screens, an English message for logs and the API. */
  reason: CodedProblem | null = null
  /** What the stream last learnt of its camera: live (ok), or the failure; undefined while starting. */
  health: Observation | undefined
  readonly startedAt: number
  restarts = 0
  private process: SupervisedProcess | null = null
  /** The source the current ffmpeg pulls: its relay token is released once that ffmpeg has ended. */
  private source: ResolvedStream | null = null
  private childStartedAt = 0
  private watchdog: NodeJS.Timeout | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private stopped = false
  /** A child has run before: the next one starts a new fMP4 stream in the packager. */
  private hasRun = false
  /** Which run() is current: output of earlier ones is dropped. */
  private generation = 0
  private probe: { packager: LivePackager; chunks: Buffer[] } | null = null
  private inputProbe: 'quick' | 'full' = 'quick'
  private probeFailed = false
  private failureListeners: Array<(reason: CodedProblem) => void> = []
  /**
   * Why the camera refused the last try, when no video has come since the stream (re)started: players are
   * told at once while the supervisor retries, rather than held until their timeout.
   */
  private refusal: CodedProblem | null = null
  /** The health kind of the failure ffmpeg last named, reported when it exits. */
  private lastFailureKind: FailureKind | undefined
  private readonly now: () => number

  constructor(
    readonly cameraId: string,
    readonly quality: Quality,
    private readonly deps: LiveStreamDeps,
  ) {
    this.now = deps.now ?? Date.now
    this.startedAt = this.now()
    if (deps.probeMemory?.needsFullProbe(cameraId, quality)) this.inputProbe = 'full'
  }

  /** Why the stream is not live, in words an operator can act on. */
  get lastError(): string | null {
    return this.reason?.message ?? null
  }

  get packager(): LivePackager {
    return this.deps.packager
  }

  /**
   * Calls `listener` with the reason when the stream fails in a way waiting will not fix soon (the camera
   * refuses our credentials, or refused the last try before any video), so a waiting player is answered at
   * once instead of after its timeout.
   * Returns the unsubscribe, which every caller must call: thousands of requests a minute pass by here.
   */
  onFailure(listener: (reason: CodedProblem) => void): () => void {
    const known = this.state === 'failed' ? this.reason : this.refusal
    if (known) {
      listener(known)
      return () => {}
    }
    this.failureListeners.push(listener)
    return () => {
      this.failureListeners = this.failureListeners.filter((l) => l !== listener)
    }
  }

  /** `kind`: the failure is the camera's (health hears of it); without, it is ours (the transcode limit). */
  private fail(reason: CodedProblem, kind?: FailureKind): void {
    this.state = 'failed'
    this.reason = reason
    if (kind) this.observe({ ok: false, kind, detail: reason.message })
    for (const listener of this.failureListeners.splice(0)) listener(reason)
  }

  private observe(observation: Observation): void {
    const previous = this.health
    this.health = observation
    const same =
      previous !== undefined &&
      previous.ok === observation.ok &&
      (observation.ok || (!previous.ok && previous.kind === observation.kind && previous.detail === observation.detail))
    if (!same) this.deps.onHealth?.(observation)
  }
  get key(): string {
    return `${this.cameraId}/${this.quality}`
  }

  /** Begins pulling; returns at once (the first playlist request waits on the packager). */
  begin(): void {
    void this.resolveAndRun()
    this.watchdog = setInterval(() => this.checkHealth(), 1000)
    this.watchdog.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.state = 'stopped'
    if (this.watchdog) clearInterval(this.watchdog)
    if (this.retryTimer) clearTimeout(this.retryTimer)
    const process = this.process
    this.process = null
    await process?.stop()
    this.releaseSource()
    this.deps.packager.close()
  }

  private releaseSource(): void {
    this.source?.release()
    this.source = null
  }

  private async resolveAndRun(): Promise<void> {
    let source: ResolvedStream
    try {
      source = await this.deps.resolver.resolve(this.cameraId, this.quality)
    } catch (error) {
      if (this.stopped) return
      const reason = sourceProblem(error, this.cameraId)
      if (reason.code === 'camera.auth-failed') this.fail(reason, 'auth-failed')
      else {
        this.state = 'retrying'
        this.reason = reason
        if (error instanceof StreamSourceError && error.kind === 'unreachable')
          this.observe({ ok: false, kind: 'unreachable', detail: reason.message })
      }
      this.deps.logger.warn({ stream: this.key, reason: this.lastError }, 'stream source not available, retrying')
      this.retryTimer = setTimeout(() => void this.resolveAndRun(), this.deps.resolveRetryMs ?? 5000)
      this.retryTimer.unref()
      return
    }
    if (this.stopped) return source.release()
    if (source.codec === 'h265' && this.mode === 'copy') this.mode = this.deps.mayTranscode() ? 'transcode' : 'copy'
    this.run(source)
  }

  private run(source: ResolvedStream): void {
    this.source = source
    const args = buildRestreamArgs({
      url: source.url,
      mode: this.mode,
      quality: this.quality,
      outputArgs: this.deps.outputArgs,
      probe: this.inputProbe,
    })
    // A process replaced (switching to transcoding) may still write while it stops: its bytes must not
    // reach the packager, or players would get the untranscoded stream after all.
    const generation = ++this.generation
    // A copy of a camera whose codec nobody told us is checked on its first bytes before they are served.
    this.probe = this.mode === 'copy' && source.codec !== 'h264' ? { packager: new LivePackager(), chunks: [] } : null
    this.process = this.deps.processes.start({
      name: `restream ${this.key} (${this.mode}) ${source.displayUrl}`,
      command: { file: this.deps.ffmpegPath ?? 'ffmpeg', args, captureStdout: true },
      onStart: () => {
        this.childStartedAt = this.now()
        // A new ffmpeg starts a new fMP4 stream (new init, timestamps from zero).
        if (this.hasRun) {
          this.deps.packager.restart()
          this.restarts++
        }
        this.hasRun = true
      },
      onStdout: (chunk) => {
        if (generation === this.generation) this.feed(chunk)
      },
      onStderrLine: (line) => {
        if (needsFullProbe(line)) this.probeFailed = true
        const why = explainFfmpegFailure(line)
        if (!why) return
        this.lastFailureKind = why.kind
        // The supervisor keeps retrying (the password may be fixed on the camera), but players are told now.
        if (why.problem === AUTH_FAILED) this.fail(why.problem, 'auth-failed')
        else this.reason = why.problem
      },
      onExit: ({ code, signal, ranMs }) => {
        if (this.stopped) return
        const wasLive = this.state === 'live'
        this.state = 'retrying'
        if (this.probeFailed && this.inputProbe === 'quick') {
          // This camera needs the probe: start again with it now, not after the supervisor's back-off.
          this.deps.logger.info({ stream: this.key }, 'the camera needs probing (no parameter sets in its SDP)')
          this.inputProbe = 'full'
          this.deps.probeMemory?.rememberFullProbe(this.cameraId, this.quality)
          this.replaceProcess()
          return
        }
        // ffmpeg exits 0 when the camera closes the connection: a failure all the same here. Keep the
        // reason its stderr gave, if any; it says more than an exit code.
        if (this.reason === null) {
          const seconds = (ranMs / 1000).toFixed(1)
          this.reason = {
            code: 'stream.ended',
            params: { seconds },
            message: `the camera stream ended after ${seconds} s (ffmpeg code ${code ?? '-'}${signal ? `, ${signal}` : ''})`,
          }
        }
        // A stream that ends without a reason ffmpeg named: the camera answered, then gave no more video.
        this.observe({ ok: false, kind: this.lastFailureKind ?? 'offline', detail: this.reason.message })
        if (!wasLive && this.lastFailureKind !== undefined) {
          this.refusal = this.reason
          for (const listener of this.failureListeners.splice(0)) listener(this.reason)
        }
        this.lastFailureKind = undefined
        if (ranMs < 10_000) this.deps.resolver.invalidate(this.cameraId)
      },
    })
  }

  private feed(chunk: Buffer): void {
    if (this.probe) {
      // Held back until the codec is known: an H.265 camera's first fragments must never become a segment.
      this.probe.chunks.push(chunk)
      this.probe.packager.push(chunk)
      const codec = this.probe.packager.stats().codec
      if (codec === undefined && this.probe.chunks.length < PROBE_MAX_CHUNKS) return
      const held = this.probe.chunks
      this.probe.packager.close()
      this.probe = null
      if (codec !== undefined && !codec.startsWith('avc1') && this.switchToTranscoding(codec)) return
      for (const c of held) this.deps.packager.push(c)
    } else {
      this.deps.packager.push(chunk)
    }
    if (this.state !== 'live' && this.deps.packager.stats().segments > 0) {
      this.state = 'live'
      this.reason = null
      this.refusal = null
      this.lastFailureKind = undefined
      this.observe({ ok: true })
    }
  }

  /**
   * Not H.264 (an H.265 camera known only by its RTSP address): browsers cannot play it, so the stream is
   * restarted as a transcode. False when the transcode limit forbids it (the copy goes on, with the reason).
   */
  private switchToTranscoding(codec: string): boolean {
    if (!this.process) return false
    if (!this.deps.mayTranscode()) {
      this.fail({
        code: 'stream.transcode-limit',
        params: { codec },
        message: `the camera sends ${codec}, which must be transcoded, and the transcode limit is reached`,
      })
      return false
    }
    this.deps.logger.info({ stream: this.key, codec }, 'switching to transcoding')
    this.mode = 'transcode'
    this.replaceProcess()
    return true
  }

  /** Ends the supervised ffmpeg (no restart of it) and starts a new one with the current mode and probe. */
  private replaceProcess(): void {
    const process = this.process
    this.process = null
    this.generation++
    void (process?.stop() ?? Promise.resolve()).then(() => {
      this.releaseSource()
      if (!this.stopped) void this.resolveAndRun()
    })
  }

  private checkHealth(): void {
    if (this.stopped || !this.process?.pid) return
    const stats = this.deps.packager.stats()
    const silentSince = Math.max(stats.lastMediaAt ?? 0, this.childStartedAt)
    const limit = this.deps.stallTimeoutMs ?? 6000
    if (this.now() - silentSince > limit) {
      this.state = 'retrying'
      const seconds = Math.round(limit / 1000)
      this.reason = {
        code: 'stream.stalled',
        params: { seconds },
        message: `no video from the camera for ${seconds} s`,
      }
      this.observe({ ok: false, kind: 'offline', detail: this.reason.message })
      this.process.kick(this.reason.message)
    }
  }
}
