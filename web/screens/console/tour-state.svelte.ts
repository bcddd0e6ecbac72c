/**
 * Patrol tours on the console: the tour list, what is due, and the one tour running on screen. The pure
 * TourEngine decides the pages and timing; this class records the run on the server, prefetches the
 * next page's streams and puts each page on the layout.
 */
import type { Quality } from '../../../server/contracts/media.ts'
import type { LayoutKind, Tour, TourDue, TourInput } from '../../../server/contracts/patrol.ts'
import { api, ApiError, isNotFound } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { pagesOf } from './layout-model.ts'
import type { LayoutState } from './layout-state.svelte.ts'
import { TourEngine, type PauseReason, type TourClock, type TourPhase } from './tour-engine.ts'

const browserClock: TourClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * The next page's streams are started this long before the switch. A cold stream gives its first playlist
 * only once its first segment exists: 2.4-3.1 s after the prefetch on a busy 2-core machine
 * (`npm run bench:console`). With 2 s the switch still waited for it (median 0.57-1.06 s to the page's
 * first frame); with 4 s the streams are ready and the switch took 0.32 s. Costs 2 s more of ffmpeg a page.
 */
const PREFETCH_LEAD_MS = 4_000

/** localStorage 'off' turns the tour's prefetch off: the console benchmark measures switches without it. */
const PREFETCH_KEY = 'sharp-eyes.console.tour-prefetch'

function prefetchEnabled(): boolean {
  try {
    return localStorage.getItem(PREFETCH_KEY) !== 'off'
  } catch {
    return true
  }
}

/** A single tile is the whole screen: it gets the main stream; every split layout plays sub streams. */
export const qualityFor = (kind: LayoutKind): Quality => (kind === '1' ? 'main' : 'sub')

export interface RunningTour {
  tour: Tour
  runId: number | null
  dueAt: string | null
}

export class TourState {
  tours = $state<Tour[]>([])
  due = $state<TourDue[]>([])
  // Raw: compared by identity with the run a callback belongs to; a deep proxy would never be equal.
  running = $state.raw<RunningTour | null>(null)
  phase = $state<TourPhase>('idle')
  page = $state(0)
  pageCount = $state(0)
  pauseReason = $state<PauseReason | null>(null)
  /** When the current page's dwell ends (Date.now clock), for the countdown; null while paused. */
  pageEndsAt = $state<number | null>(null)

  /** Occurrences due now and not yet run: the reminder banner. */
  dueNow = $derived(this.due.filter((item) => item.state === 'due'))

  #engine: TourEngine | null = null
  #generation = 0
  readonly #layout: LayoutState

  constructor(layout: LayoutState) {
    this.#layout = layout
  }

  async load(): Promise<void> {
    const generation = this.#generation
    try {
      const [tours, due] = await Promise.all([api.tours(), api.toursDue(24)])
      if (generation !== this.#generation) return
      this.tours = tours.tours
      this.due = due.due
    } catch (error) {
      if (generation === this.#generation && !isNotFound(error)) handleError(error, 'errors.loadTours')
    }
  }

  async refreshDue(): Promise<void> {
    try {
      this.due = (await api.toursDue(24)).due
    } catch {
      // The banner keeps what it had; the next event or reload refreshes it.
    }
  }

  async save(input: TourInput, id: number | null): Promise<Tour | null> {
    try {
      const tour = id === null ? await api.createTour(input) : await api.updateTour(id, input)
      this.tours = id === null ? [...this.tours, tour] : this.tours.map((item) => (item.id === id ? tour : item))
      return tour
    } catch (error) {
      handleError(error, 'errors.saveTour')
      return null
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await api.deleteTour(id)
      this.tours = this.tours.filter((tour) => tour.id !== id)
    } catch (error) {
      handleError(error, 'errors.deleteTour')
    }
  }

  /** Starts a tour; `dueAt` when answering a scheduled reminder. A running tour is stopped first. */
  async start(tourId: number, dueAt: string | null = null): Promise<void> {
    if (this.tours.length === 0) await this.load()
    const tour = this.tours.find((item) => item.id === tourId)
    if (!tour) {
      handleError(new Error(`tour ${tourId}`), 'errors.tourNotFound')
      return
    }
    this.stop()
    const running: RunningTour = { tour, runId: null, dueAt }
    const generation = this.#generation
    this.running = running
    this.#layout.beginTour()
    const engine = new TourEngine(
      pagesOf(tour.cameraIds, tour.kind),
      browserClock,
      {
        page: (_index, cameras) => this.#layout.showTourPage(tour.kind, cameras),
        prefetch: (_index, cameraIds) => {
          const quality = qualityFor(tour.kind)
          // Best effort: without the prefetch the page still plays, only its first frame comes later.
          api.prefetch({ streams: cameraIds.map((cameraId) => ({ cameraId, quality })) }).catch(() => undefined)
        },
        finished: (completed) => void this.#finished(running, completed, generation),
        changed: () => this.#sync(engine),
      },
      { dwellMs: tour.dwellSeconds * 1000, prefetchLeadMs: PREFETCH_LEAD_MS, prefetch: prefetchEnabled() },
    )
    this.#engine = engine
    engine.start()
    try {
      const run = await api.startTourRun(tour.id, dueAt ?? undefined)
      if (this.running === running) running.runId = run.id
      else await api.finishTourRun(run.id, false)
      void this.refreshDue()
    } catch (error) {
      // The wall display may run a tour but records no runs (403): it plays on without a record.
      if (!isNotFound(error) && !(error instanceof ApiError && error.status === 403))
        handleError(error, 'errors.startRun')
    }
  }

  toggle(): void {
    this.#engine?.toggle()
  }

  pause(reason: PauseReason = 'operator'): void {
    this.#engine?.pause(reason)
  }

  resume(): void {
    this.#engine?.resume()
  }

  next(): void {
    this.#engine?.next()
  }

  previous(): void {
    this.#engine?.previous()
  }

  /** The operator touched a tile: a running tour waits for them. */
  interaction(): void {
    if (this.phase === 'running') this.#engine?.pause('interaction')
  }

  stop(): void {
    this.#engine?.stop()
  }

  reset(): void {
    this.#generation += 1
    const engine = this.#engine
    this.#engine = null
    // Signing out mid-tour: the timers stop; the generation bump keeps it from calling the server.
    engine?.stop()
    this.tours = []
    this.due = []
    this.running = null
    this.phase = 'idle'
    this.page = 0
    this.pageCount = 0
    this.pauseReason = null
    this.pageEndsAt = null
  }

  async #finished(running: RunningTour, completed: boolean, generation: number): Promise<void> {
    // After sign-out the session is gone: the server closes the dangling run itself.
    if (generation !== this.#generation) return
    if (this.running === running) {
      this.running = null
      this.#engine = null
      this.#layout.endTour()
    }
    if (running.runId === null) return
    try {
      await api.finishTourRun(running.runId, completed)
      void this.refreshDue()
    } catch (error) {
      handleError(error, 'errors.finishRun')
    }
  }

  #sync(engine: TourEngine): void {
    if (this.#engine !== engine) return
    this.phase = engine.phase
    this.page = engine.page
    this.pageCount = engine.pageCount
    this.pauseReason = engine.pauseReason
    this.pageEndsAt = engine.phase === 'running' ? Date.now() + engine.remainingMs : null
  }
}
