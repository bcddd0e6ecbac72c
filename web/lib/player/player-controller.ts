/**
 * One live tile's player, without Svelte and without hls.js: it loads, watches, recovers and releases.
 * The hls.js side comes in through `createEngine` (hls-adapter.ts in the browser, a fake in tests) and
 * time through `timers`, so every recovery path runs under a fake clock.
 */
import {
  backoffMs,
  decideRecovery,
  DEFAULT_STALL_LIMITS,
  HEALTHY_AFTER_MS,
  StallDetector,
  type PlayerError,
  type RecoveryHistory,
  type StallLimits,
} from './player-recovery.ts'
import type { ServerProblem } from '../api-client.ts'

/** The part of an hls.js instance the controller uses. */
export interface PlaybackEngine {
  /** Attach to the video and start loading the playlist. */
  load(url: string): void
  recoverMediaError(): void
  /** hls.destroy(): stops loading, detaches the MediaSource, frees its buffers. For a reload after trouble. */
  destroy(): void
  /**
   * Ends this engine like destroy(), but a healthy instance may serve the tile's next camera
   * (hls-slot.ts). For a release: the tile changes camera or goes away.
   */
  handBack(): void
}

export interface EngineEvents {
  onError(error: PlayerError): void
}

/** The part of an HTMLVideoElement the controller uses. */
export interface VideoSurface {
  readonly currentTime: number
  readonly paused: boolean
  play(): Promise<void>
  removeAttribute(name: string): void
  load(): void
}

export interface Timers {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
}

export type PlayerStatus =
  | { kind: 'loading' }
  | { kind: 'playing' }
  /** Lost the picture; reloading by itself. */
  | { kind: 'recovering'; retryAt: number }
  /**
   * The server said why there is no video; tries again at `retryAt` (timers.now() clock), or, when null,
   * once the user has signed in again.
   */
  | { kind: 'unavailable'; problem: ServerProblem | null; retryAt: number | null }
  | { kind: 'released' }

export interface PlayerControllerOptions {
  url: string
  video: VideoSurface
  createEngine: (video: VideoSurface, events: EngineEvents) => PlaybackEngine
  timers?: Timers
  onStatus?: (status: PlayerStatus) => void
  stallLimits?: StallLimits
  /** How often currentTime is sampled for stall detection. */
  sampleEveryMs?: number
  /**
   * The playlist answered 401 (the session ended): resolves when the user has signed in again, and the
   * player waits for that instead of retrying. Absent, or answering null, a 401 is retried like a 503.
   */
  whenSignedIn?: () => Promise<void> | null
}

export class PlayerController {
  #engine: PlaybackEngine | null = null
  #status: PlayerStatus = { kind: 'loading' }
  #history: RecoveryHistory = { attempt: 0, lastMediaRecoveryAt: null }
  #retryTimer: unknown = null
  #sampler: unknown = null
  readonly #stall: StallDetector
  readonly #timers: Timers
  readonly #options: PlayerControllerOptions

  constructor(options: PlayerControllerOptions) {
    this.#options = options
    this.#timers = options.timers ?? browserTimers
    this.#stall = new StallDetector(this.#timers.now(), options.stallLimits ?? DEFAULT_STALL_LIMITS)
  }

  get status(): PlayerStatus {
    return this.#status
  }

  start(): void {
    if (this.#status.kind === 'released') return
    this.#sampler ??= this.#timers.setInterval(() => this.#sample(), this.#options.sampleEveryMs ?? 1_000)
    this.#load()
  }

  /**
   * The video element fired `playing`: a first frame is up. The back-off starts over only once the
   * picture keeps moving (see #sample): a stale playlist plays a few seconds and stops again.
   */
  notePlaying(): void {
    if (this.#status.kind === 'released' || this.#engine === null) return
    this.#setStatus({ kind: 'playing' })
  }

  /** Try now instead of waiting out the back-off (the camera was just reported online again). */
  retryNow(): void {
    if (this.#status.kind !== 'unavailable' && this.#status.kind !== 'recovering') return
    this.#history.attempt = 0
    this.#load()
  }

  /** Releases everything: engine, MediaSource, timers. The controller cannot be started again. */
  release(): void {
    this.#clearRetry()
    if (this.#sampler !== null) this.#timers.clearInterval(this.#sampler)
    this.#sampler = null
    this.#teardown('hand-back')
    this.#setStatus({ kind: 'released' })
  }

  #load(): void {
    this.#clearRetry()
    this.#teardown('destroy')
    this.#stall.restart(this.#timers.now())
    if (this.#status.kind !== 'unavailable' && this.#status.kind !== 'recovering') this.#setStatus({ kind: 'loading' })
    const engine = this.#options.createEngine(this.#options.video, { onError: (error) => this.#onError(engine, error) })
    this.#engine = engine
    engine.load(this.#options.url)
    this.#play()
  }

  #onError(engine: PlaybackEngine, error: PlayerError): void {
    // A late event from an engine already replaced must not tear down its successor.
    if (engine !== this.#engine) return
    const now = this.#timers.now()
    const action = decideRecovery(error, this.#history, now)
    switch (action.kind) {
      case 'ignore':
        return
      case 'recover-media':
        this.#history.lastMediaRecoveryAt = now
        engine.recoverMediaError()
        return
      case 'reload':
        this.#scheduleReload(action.afterMs, { kind: 'recovering', retryAt: now + action.afterMs })
        return
      case 'signed-out': {
        const signedIn = this.#options.whenSignedIn?.() ?? null
        if (signedIn !== null) {
          this.#waitForSignIn(action.problem, signedIn)
          return
        }
        this.#scheduleReload(action.afterMs, {
          kind: 'unavailable',
          problem: action.problem,
          retryAt: now + action.afterMs,
        })
        return
      }
      case 'unavailable':
        this.#scheduleReload(action.afterMs, {
          kind: 'unavailable',
          problem: action.problem,
          retryAt: now + action.afterMs,
        })
    }
  }

  #scheduleReload(afterMs: number, status: PlayerStatus): void {
    this.#history.attempt += 1
    // Free the MediaSource while waiting: a tile that waits 15 s should hold no decoder meanwhile. The
    // reload gets a fresh hls.js: whatever went wrong may live in the old one.
    this.#teardown('destroy')
    // A reason on screen stays there until the picture is back: a retry that fails without one (a
    // timeout while the server holds the playlist) must not swap it for a spinner and back again.
    const shown = this.#status
    this.#setStatus(
      shown.kind === 'unavailable' && status.kind === 'recovering' ? { ...shown, retryAt: status.retryAt } : status,
    )
    this.#clearRetry()
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = null
      this.#load()
    }, afterMs)
  }

  #waitForSignIn(problem: ServerProblem | null, signedIn: Promise<void>): void {
    this.#clearRetry()
    this.#teardown('destroy')
    this.#setStatus({ kind: 'unavailable', problem, retryAt: null })
    void signedIn.then(() => {
      // Released meanwhile, or already reloaded (retryNow): nothing to do.
      if (this.#status.kind !== 'unavailable' || this.#status.retryAt !== null || this.#engine !== null) return
      this.#history.attempt = 0
      this.#load()
    })
  }

  #sample(): void {
    const video = this.#options.video
    if (this.#engine === null) return
    // Autoplay can be refused (a background tab); muted video may always play, so ask again.
    if (video.paused) this.#play()
    const now = this.#timers.now()
    const limits = this.#options.stallLimits ?? DEFAULT_STALL_LIMITS
    switch (this.#stall.sample(video.currentTime, false, now)) {
      case 'moving':
        if (this.#stall.movingForMs(now) >= HEALTHY_AFTER_MS) this.#history.attempt = 0
        if (this.#status.kind === 'recovering' && this.#stall.moving) this.#setStatus({ kind: 'playing' })
        return
      case 'waiting':
        return
      case 'frozen':
        // Say so at once: a frozen picture under a "live" badge is the worst thing a tile can show.
        if (this.#status.kind === 'playing')
          this.#setStatus({ kind: 'recovering', retryAt: now + limits.playingMs - limits.frozenMs })
        return
      case 'stalled': {
        // The first stall reloads at once (the stream usually just needs a fresh start); repeats back off.
        const afterMs = this.#history.attempt === 0 ? 0 : backoffMs(this.#history.attempt - 1)
        this.#scheduleReload(afterMs, { kind: 'recovering', retryAt: now + afterMs })
      }
    }
  }

  #play(): void {
    this.#options.video.play().catch(() => undefined)
  }

  #teardown(end: 'destroy' | 'hand-back'): void {
    const engine = this.#engine
    this.#engine = null
    if (!engine) return
    if (end === 'destroy') engine.destroy()
    else engine.handBack()
    // Either end detaches, but the element may still hold the blob: URL of the MediaSource; clearing
    // src and calling load() makes Chromium drop its decoder and buffers now rather than at GC.
    this.#options.video.removeAttribute('src')
    this.#options.video.load()
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.#timers.clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }

  #setStatus(status: PlayerStatus): void {
    this.#status = status
    this.#options.onStatus?.(status)
  }
}
