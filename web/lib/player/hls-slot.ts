/**
 * One <video>'s hls.js instance, kept from one camera to the next. A tour page switch reloads every tile;
 * with a new Hls per load, 16 tiles would build and destroy ~20 controllers each every dwell, and V8 goes on
 * compiling that set-up and tear-down code for half an hour of touring (docs/decisions.md, "Console
 * choices"). Kept, a switch is what hls.js documents for a new source: stop, detach, load the
 * new URL, attach. Only a healthy instance is kept, at a camera change (handBack): a reload after trouble
 * destroys it, and so does a fatal error it reported; the next load then gets a fresh one.
 */
import type { EngineEvents, PlaybackEngine } from './player-controller.ts'
import type { PlayerError } from './player-recovery.ts'

/** The part of an hls.js instance the slot drives (the real one in hls-adapter.ts, a fake in tests). */
export interface HlsInstance<Media> {
  loadSource(url: string): void
  attachMedia(media: Media): void
  stopLoad(): void
  detachMedia(): void
  recoverMediaError(): void
  destroy(): void
}

export interface HlsSlotOptions<Media, Instance extends HlsInstance<Media>> {
  media: Media
  create: () => Instance
  /** Subscribes to the instance's errors; returns the unsubscribe. */
  onError: (hls: Instance, listener: (error: PlayerError) => void) => () => void
}

export class HlsSlot<Media, Instance extends HlsInstance<Media>> {
  #idle: Instance | null = null
  #disposed = false
  readonly #options: HlsSlotOptions<Media, Instance>

  constructor(options: HlsSlotOptions<Media, Instance>) {
    this.#options = options
  }

  /** The controller's engine factory: each engine uses the kept instance if there is one. */
  readonly engine = (events: EngineEvents): PlaybackEngine => {
    const hls = this.#idle ?? this.#options.create()
    this.#idle = null
    let failed = false
    const unsubscribe = this.#options.onError(hls, (error) => {
      if (error.fatal) failed = true
      events.onError(error)
    })
    return {
      load: (url) => {
        // Source before media: a kept instance is detached, so loadSource does not attach and re-attach.
        hls.loadSource(url)
        hls.attachMedia(this.#options.media)
      },
      recoverMediaError: () => hls.recoverMediaError(),
      destroy: () => {
        unsubscribe()
        hls.destroy()
      },
      handBack: () => {
        unsubscribe()
        if (failed || this.#disposed || this.#idle !== null) {
          hls.destroy()
          return
        }
        // Stops every loader and timer and ends the MediaSource, which frees the decoder and buffers.
        hls.stopLoad()
        hls.detachMedia()
        this.#idle = hls
      },
    }
  }

  /** The <video> is gone: destroys the kept instance, and any engine still out is destroyed when it ends. */
  dispose(): void {
    this.#disposed = true
    this.#idle?.destroy()
    this.#idle = null
  }
}
