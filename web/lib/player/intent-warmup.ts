/**
 * Starts a camera's stream on the server as soon as the operator shows they are about to open it: the
 * press on its row in the camera tree (the first click of a double-click, the start of a drag). A cold
 * stream needs 1.5-2 s before its first picture (the RTSP set-up, the camera's next keyframe, the first
 * segment); pressed early enough, the tile joins a stream that already runs (a warm join: ~0.25 s).
 * A press that leads nowhere costs one stream that the server stops after its idle time (30 s).
 */
import type { Quality } from '../../../server/contracts/media.ts'

export interface IntentWarmupOptions {
  send: (cameraId: string, quality: Quality) => Promise<unknown>
  now: () => number
  /** The same stream is not asked for again within this time: the server keeps it at least as long. */
  repeatAfterMs?: number
}

const DEFAULT_REPEAT_AFTER_MS = 10_000

export class IntentWarmup {
  readonly #sentAt = new Map<string, number>()
  readonly #options: IntentWarmupOptions

  constructor(options: IntentWarmupOptions) {
    this.#options = options
  }

  /** Returns whether a prefetch went out. Never rejects: a failed warm-up leaves the tile to start it. */
  pressed(cameraId: string, quality: Quality): boolean {
    const key = `${cameraId}/${quality}`
    const now = this.#options.now()
    const repeatAfterMs = this.#options.repeatAfterMs ?? DEFAULT_REPEAT_AFTER_MS
    const last = this.#sentAt.get(key)
    if (last !== undefined && now - last < repeatAfterMs) return false
    // Bounded: entries older than the repeat time are dropped whenever one is added.
    for (const [other, at] of this.#sentAt) if (now - at >= repeatAfterMs) this.#sentAt.delete(other)
    this.#sentAt.set(key, now)
    try {
      this.#options.send(cameraId, quality).catch(() => undefined)
    } catch {
      // A send that throws at once is a failed warm-up like any other.
    }
    return true
  }
}
