/**
 * What a live tile does when something goes wrong, as pure decisions: which hls.js error leads to which
 * action, how long to wait before the next try, and when a video that stopped moving counts as stalled.
 * The controller (player-controller.ts) carries the actions out; tests drive these with plain numbers.
 */

import type { ServerProblem } from '../api-client.ts'

/** An hls.js error, reduced to what the decision needs (see hls-adapter.ts for the mapping). */
export interface PlayerError {
  fatal: boolean
  /** hls.js ErrorTypes: 'networkError', 'mediaError', 'muxError', 'keySystemError', 'otherError'. */
  type: string
  /** hls.js ErrorDetails, e.g. 'manifestLoadError', 'levelLoadError', 'bufferStalledError'. */
  details: string
  /** HTTP status of the failed load, when there was an answer. */
  httpStatus: number | null
  /** The server's JSON error body, read (a 503's code names why the camera gives no video). */
  serverProblem: ServerProblem | null
}

export type RecoveryAction =
  /** hls.js handles it (non-fatal errors; it retries loads and nudges over small gaps itself). */
  | { kind: 'ignore' }
  /** Fatal media error: hls.recoverMediaError() (a fresh SourceBuffer, keeps the loaded playlist). */
  | { kind: 'recover-media' }
  /** Tear the player down and build it again after a wait. */
  | { kind: 'reload'; afterMs: number }
  /** The server says the camera cannot give video now: show why, and try again after a wait. */
  | { kind: 'unavailable'; problem: ServerProblem | null; afterMs: number }
  /** The session ended (401): wait for the user to sign in again rather than knock every few seconds. */
  | { kind: 'signed-out'; problem: ServerProblem | null; afterMs: number }

export const BACKOFF_FIRST_MS = 1_000
/** Capped so a camera that comes back plays again within this long, without hammering one that does not. */
export const BACKOFF_MAX_MS = 15_000
/** Two media recoveries within this window mean the SourceBuffer keeps breaking: rebuild instead. */
export const MEDIA_RECOVERY_WINDOW_MS = 10_000

/** 1 s, 2 s, 4 s, 8 s, 15 s, 15 s… for attempt 0, 1, 2… */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt), BACKOFF_MAX_MS)
}

export interface RecoveryHistory {
  /** Consecutive failed attempts since the video last played; drives the back-off. */
  attempt: number
  /** When recoverMediaError() was last called, if ever. */
  lastMediaRecoveryAt: number | null
}

export function decideRecovery(error: PlayerError, history: RecoveryHistory, now: number): RecoveryAction {
  if (!error.fatal) return { kind: 'ignore' }
  const wait = backoffMs(history.attempt)
  if (error.type === 'mediaError') {
    const recent = history.lastMediaRecoveryAt !== null && now - history.lastMediaRecoveryAt < MEDIA_RECOVERY_WINDOW_MS
    return recent ? { kind: 'reload', afterMs: wait } : { kind: 'recover-media' }
  }
  if (error.type === 'networkError' && error.httpStatus === 401) {
    return { kind: 'signed-out', problem: error.serverProblem, afterMs: wait }
  }
  // The server answers 503 with a reason (refused password, no video within the hold) and Retry-After;
  // 404 means the stream was stopped or the camera removed. Both are worth telling the operator.
  if (error.type === 'networkError' && (error.httpStatus === 503 || error.serverProblem !== null)) {
    return { kind: 'unavailable', problem: error.serverProblem, afterMs: wait }
  }
  return { kind: 'reload', afterMs: wait }
}

/** How long a video may stand still before the tile says so, and before it reloads. */
export interface StallLimits {
  /** Before the first frame: the first playlist is held up to 15 s for a slow camera. */
  startMs: number
  /** Once it has played: the picture is shown as frozen after this long without progress… */
  frozenMs: number
  /** …and reloaded after this long. */
  playingMs: number
}

export const DEFAULT_STALL_LIMITS: StallLimits = { startMs: 20_000, frozenMs: 2_500, playingMs: 6_000 }

/** Playback this long without a freeze proves the stream healthy: the back-off starts over. */
export const HEALTHY_AFTER_MS = 4_000

/**
 * `moving`: the picture advances (or has only just stopped); `waiting`: not started yet, within the
 * start limit; `frozen`: it played and stopped; `stalled`: stopped past the limit, reload it.
 */
export type StallReading = 'moving' | 'waiting' | 'frozen' | 'stalled'

/**
 * Watches `currentTime`, fed a sample every second or so. Progress means passing the highest time seen:
 * hls.js seeks back and forth around the live edge when the stream stops (live sync), and a currentTime
 * that jitters in place is a frozen picture, not a moving one. A paused video never counts as stalled.
 */
export class StallDetector {
  #maxTime = -1
  #lastProgressAt: number
  #movingSince: number | null = null
  #played = false
  readonly #limits: StallLimits

  constructor(now: number, limits: StallLimits = DEFAULT_STALL_LIMITS) {
    this.#lastProgressAt = now
    this.#limits = limits
  }

  /** Start over (after a reload): the start limit applies again. */
  restart(now: number): void {
    this.#maxTime = -1
    this.#lastProgressAt = now
    this.#movingSince = null
    this.#played = false
  }

  sample(currentTime: number, paused: boolean, now: number): StallReading {
    if (paused) {
      this.#lastProgressAt = now
      return this.#played ? 'moving' : 'waiting'
    }
    const first = this.#maxTime < 0
    if (currentTime > this.#maxTime + 0.05) {
      this.#maxTime = currentTime
      if (!first) {
        this.#played = true
        this.#lastProgressAt = now
        this.#movingSince ??= now
        return 'moving'
      }
    }
    const still = now - this.#lastProgressAt
    if (!this.#played) return still > this.#limits.startMs ? 'stalled' : 'waiting'
    if (still > this.#limits.playingMs) return 'stalled'
    if (still > this.#limits.frozenMs) {
      this.#movingSince = null
      return 'frozen'
    }
    return 'moving'
  }

  /** The picture has advanced since the last freeze (or since the start). */
  get moving(): boolean {
    return this.#movingSince !== null
  }

  /** How long the picture has been moving without a freeze (0 if it is not moving). */
  movingForMs(now: number): number {
    return this.#movingSince === null ? 0 : now - this.#movingSince
  }
}
