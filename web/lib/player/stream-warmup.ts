/**
 * Starts a screenful of streams on the server with one request before their players ask for them.
 * Why: the browser opens at most 6 HTTP/1.1 connections to the server, and the server holds a cold
 * stream's first playlist request until its first segment exists (~1-3 s). Sixteen tiles opening at once
 * would start their streams in waves of six, one hold after another (10 s for 16 tiles, measured by
 * `npm run bench:console`); one prefetch POST for all of them, sent ahead of the players' own requests,
 * starts every stream together, so the later waves find their segments ready (5 s).
 * Requests made in the same tick go out as one POST (the server takes up to 25 streams a call).
 */
import type { Quality } from '../../../server/contracts/media.ts'

export interface WarmupStream {
  cameraId: string
  quality: Quality
}

export interface WarmupOptions {
  /** Sends the prefetch; its answer is not waited for (it only has to be ahead in the browser's queue). */
  send: (streams: WarmupStream[]) => Promise<unknown>
  /** When the batch goes out: after the current tick, so every tile of a new layout is in it. */
  defer?: (flush: () => void) => void
}

const BATCH_MAX = 25

export class StreamWarmup {
  #pending: Array<{ stream: WarmupStream; sent: () => void }> = []
  readonly #options: WarmupOptions

  constructor(options: WarmupOptions) {
    this.#options = options
  }

  /**
   * Queues this stream for the next prefetch POST; resolves once that POST is on its way, so the player's
   * requests queue behind it. Never rejects: a failed warm-up leaves the player to start the stream itself.
   */
  request(cameraId: string, quality: Quality): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#pending.length === 0) (this.#options.defer ?? queueMicrotask)(() => this.#flush())
      this.#pending.push({ stream: { cameraId, quality }, sent: resolve })
    })
  }

  #flush(): void {
    const batch = this.#pending
    this.#pending = []
    const streams = batch
      .map((p) => p.stream)
      .filter((s, i, all) => all.findIndex((o) => o.cameraId === s.cameraId && o.quality === s.quality) === i)
    for (let start = 0; start < streams.length; start += BATCH_MAX) {
      try {
        this.#options.send(streams.slice(start, start + BATCH_MAX)).catch(() => undefined)
      } catch {
        // A send that throws at once is a failed warm-up like any other.
      }
    }
    for (const p of batch) p.sent()
  }
}
