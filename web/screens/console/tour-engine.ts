/**
 * A patrol tour (巡查) running on screen: pages of cameras shown one after another for a dwell time each,
 * with pause/resume, next/previous, a prefetch of the next page shortly before the switch, and the answer
 * to "was every page shown?" when it ends. Pure: time comes from an injected clock, effects go out through
 * the listener, so tests run it on fake timers.
 */

export interface TourClock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export type TourPage = ReadonlyArray<string | null>

export interface TourListener {
  /** Show this page now. */
  page(index: number, cameras: TourPage): void
  /** Warm up this page's streams: it is shown in about `prefetchLeadMs`. */
  prefetch(index: number, cameraIds: string[]): void
  /** The tour ended (last page's dwell over, or stopped); `completed` when every page was seen. */
  finished(completed: boolean): void
  /** Anything the screen shows changed (phase, page, pause reason). */
  changed?(): void
}

export type TourPhase = 'idle' | 'running' | 'paused' | 'finished'
/** `interaction`: the operator touched a tile (click, PTZ, drag), so the tour waits for them. */
export type PauseReason = 'operator' | 'interaction'

export interface TourEngineOptions {
  dwellMs: number
  /** How long before a page switch the next page is prefetched. */
  prefetchLeadMs?: number
  /** false: never prefetch (the console benchmark measures the switch without it). */
  prefetch?: boolean
  /** A page counts as seen after this long on screen (or when its dwell ran out). */
  minSeenMs?: number
}

export class TourEngine {
  phase: TourPhase = 'idle'
  page = 0
  pauseReason: PauseReason | null = null
  readonly pages: readonly TourPage[]
  readonly #clock: TourClock
  readonly #listener: TourListener
  readonly #dwellMs: number
  readonly #leadMs: number
  readonly #prefetchOn: boolean
  readonly #minSeenMs: number
  readonly #seen = new Set<number>()
  #dwellTimer: unknown = null
  #prefetchTimer: unknown = null
  #prefetched = -1
  /** When the current page went on screen, and how much of its dwell had run before a pause. */
  #shownAt = 0
  #runStartedAt = 0
  #elapsedBeforeRun = 0

  constructor(pages: readonly TourPage[], clock: TourClock, listener: TourListener, options: TourEngineOptions) {
    this.pages = pages
    this.#clock = clock
    this.#listener = listener
    this.#dwellMs = options.dwellMs
    this.#leadMs = options.prefetchLeadMs ?? 2_000
    this.#prefetchOn = options.prefetch ?? true
    this.#minSeenMs = options.minSeenMs ?? Math.min(options.dwellMs, 3_000)
  }

  get pageCount(): number {
    return this.pages.length
  }

  /** Dwell left on the current page. */
  get remainingMs(): number {
    const running = this.phase === 'running' ? this.#clock.now() - this.#runStartedAt : 0
    return Math.max(0, this.#dwellMs - this.#elapsedBeforeRun - running)
  }

  start(): void {
    if (this.phase !== 'idle') return
    if (this.pages.length === 0) {
      this.#finish()
      return
    }
    this.phase = 'running'
    this.#show(0)
  }

  pause(reason: PauseReason = 'operator'): void {
    if (this.phase !== 'running') return
    this.#elapsedBeforeRun += this.#clock.now() - this.#runStartedAt
    this.#clearTimers()
    this.phase = 'paused'
    this.pauseReason = reason
    this.#listener.changed?.()
  }

  /** Resumes with the dwell that was left, so a glance at a tile does not cost the page its time. */
  resume(): void {
    if (this.phase !== 'paused') return
    this.phase = 'running'
    this.pauseReason = null
    this.#schedule()
    this.#listener.changed?.()
  }

  toggle(): void {
    if (this.phase === 'running') this.pause('operator')
    else if (this.phase === 'paused') this.resume()
  }

  /** Next page now; after the last page this ends the tour. A paused tour stays paused on the new page. */
  next(): void {
    if (this.phase !== 'running' && this.phase !== 'paused') return
    this.#leave()
    if (this.page + 1 >= this.pages.length) this.#finish()
    else this.#show(this.page + 1)
  }

  previous(): void {
    if ((this.phase !== 'running' && this.phase !== 'paused') || this.page === 0) return
    this.#leave()
    this.#show(this.page - 1)
  }

  /** The operator ended the tour early. */
  stop(): void {
    if (this.phase !== 'running' && this.phase !== 'paused') return
    this.#leave()
    this.#finish()
  }

  #show(index: number): void {
    this.page = index
    this.#shownAt = this.#clock.now()
    this.#elapsedBeforeRun = 0
    this.#clearTimers()
    this.#listener.page(index, this.pages[index]!)
    if (this.phase === 'running') this.#schedule()
    this.#listener.changed?.()
  }

  #schedule(): void {
    this.#runStartedAt = this.#clock.now()
    const remaining = this.remainingMs
    this.#dwellTimer = this.#clock.setTimeout(() => this.#dwellOver(), remaining)
    const nextIndex = this.page + 1
    if (this.#prefetchOn && nextIndex < this.pages.length && this.#prefetched !== nextIndex) {
      this.#prefetchTimer = this.#clock.setTimeout(
        () => this.#prefetch(nextIndex),
        Math.max(0, remaining - this.#leadMs),
      )
    }
  }

  #prefetch(index: number): void {
    this.#prefetchTimer = null
    this.#prefetched = index
    const ids = this.pages[index]!.filter((id): id is string => id !== null)
    if (ids.length > 0) this.#listener.prefetch(index, ids)
  }

  #dwellOver(): void {
    this.#dwellTimer = null
    this.#seen.add(this.page)
    this.next()
  }

  #leave(): void {
    if (this.#clock.now() - this.#shownAt >= this.#minSeenMs) this.#seen.add(this.page)
    this.#clearTimers()
  }

  #finish(): void {
    this.#clearTimers()
    this.phase = 'finished'
    this.pauseReason = null
    this.#listener.finished(this.pages.length > 0 && this.#seen.size === this.pages.length)
    this.#listener.changed?.()
  }

  #clearTimers(): void {
    if (this.#dwellTimer !== null) this.#clock.clearTimeout(this.#dwellTimer)
    if (this.#prefetchTimer !== null) this.#clock.clearTimeout(this.#prefetchTimer)
    this.#dwellTimer = null
    this.#prefetchTimer = null
  }
}
