/**
 * Everything a wall monitor shows, kept current without a hand: the monitor's WallState, the cameras,
 * the site configuration, the open incidents and the statistics. Loaded over HTTP, then kept live by
 * `wall:state`, `camera:status` and `incident:event`; reloaded after every reconnection; a failed load is
 * retried with back-off and shown only as a discreet status, never as an error banner (no one is there to
 * dismiss it).
 */
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import { isOpenStage, type IncidentStats } from '../../../server/contracts/incidents.ts'
import type { CameraStatusEvent } from '../../../server/contracts/realtime-events.ts'
import type { WallState } from '../../../server/contracts/wall.ts'
import { api, ApiError } from '../../lib/api-client.ts'
import { snapshotOf, type IncidentSnapshot } from '../../lib/incidents/incident-events.ts'
import { loadAllPages } from '../../lib/incidents/incident-pages.ts'
import { retryDelay } from '../../lib/reconnect-policy.ts'
import { realtime, type ConnectionState } from '../../lib/realtime.ts'
import { session } from '../../lib/session.svelte.ts'
import { chooseMonitor } from '../../lib/wall-monitors.ts'
import { applyWallEvent } from './wall-incidents.ts'
import { WALL_MARK, markOnce } from './wall-marks.ts'

// Counts over the day move slowly; a live event refreshes them at most this often, and the clock anyway.
const STATS_AFTER_EVENT_MS = 5_000
const STATS_REFRESH_MS = 60_000
// The map and the charts (Leaflet, Chart.js: their download, parsing and drawing) wait until every tile on
// screen shows a picture, so they do not compete with the players for a busy wall PC; at most this long.
const SECONDARY_AFTER_MS = 5_000
const EMPTY: IncidentSnapshot = { incidents: new Map(), lastSeq: 0 }

/** A promise and the function that resolves it. */
function opening(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

export class WallScreenState {
  wall = $state.raw<WallState | null>(null)
  /** No monitor is configured (no wall.yaml, or the address names none): the screen says so. */
  noMonitor = $state(false)
  config = $state.raw<PublicConfig | null>(null)
  cameras = $state.raw<CameraView[]>([])
  /** Open incidents only: a closed one leaves it (wall-incidents.ts). */
  snapshot = $state.raw<IncidentSnapshot>(EMPTY)
  stats = $state.raw<IncidentStats | null>(null)
  connection = $state<ConnectionState>('connecting')
  /** The last load failed; it is being retried. */
  stale = $state(false)
  /** The map and the charts may load: the tiles have their picture, or SECONDARY_AFTER_MS has passed. */
  secondary = $state(false)
  #byId = $derived(new Map(this.cameras.map((camera) => [camera.id, camera])))
  open = $derived([...this.snapshot.incidents.values()].filter((incident) => isOpenStage(incident.stage)))

  #monitor: string | null = null
  #closed: ReadonlyMap<number, number> = new Map()
  #offs: Array<() => void> = []
  #timers = new Set<ReturnType<typeof setTimeout>>()
  #statsTimer: ReturnType<typeof setInterval> | undefined
  #statsSoon: ReturnType<typeof setTimeout> | undefined
  #failures = 0
  #generation = 0
  /** Tiles on screen still waiting for their first frame. */
  #tilesWaiting = new Set<symbol>()
  #secondaryStarted = opening()

  /** `requested`: the `?monitor=` of the address, or null; `own`: the signed-in wall device's monitor. */
  start(requested: string | null, own: string | null): void {
    const generation = this.#generation
    this.#offs.push(
      realtime.provideAuth(() => ({ lastSeq: this.snapshot.lastSeq })),
      realtime.on('wall:state', (state) => {
        if (state.monitor.id === this.#monitor) this.wall = state
      }),
      realtime.on('camera:status', (event) => this.#applyStatus(event)),
      realtime.on('incident:event', (event) => {
        const next = applyWallEvent({ snapshot: this.snapshot, closed: this.#closed }, event)
        if (!next) return
        this.snapshot = next.snapshot
        this.#closed = next.closed
        this.#statsAfterEvent()
      }),
      realtime.onState((state) => {
        this.connection = state
      }),
      // The server drops the socket of a session that ended (a revoked kiosk, a disabled account), and a
      // device with no session would keep retrying behind a frozen wall: ask whether it is still signed in.
      realtime.onDisconnect(() => void this.#checkSignedIn(generation)),
      // A reconnection may follow a server restart: the preset, overrides and camera states may all differ.
      realtime.onConnect((reconnected) => {
        if (reconnected && generation === this.#generation) void this.#loadAll(requested, own, generation)
      }),
    )
    this.connection = realtime.state
    this.#statsTimer = setInterval(() => void this.#loadStats(generation), STATS_REFRESH_MS)
    void this.#loadAll(requested, own, generation)
  }

  async #loadAll(requested: string | null, own: string | null, generation: number): Promise<void> {
    try {
      const monitor = this.#monitor ?? (await this.#pickMonitor(requested, own))
      if (generation !== this.#generation) return
      if (monitor === null) {
        this.noMonitor = true
        return
      }
      this.#monitor = monitor
      // The tiles need only the monitor's state (it names every tile's camera, tours included). The rest
      // (320 cameras, every open incident) is asked once the tiles have their picture (or SECONDARY_AFTER_MS
      // has passed): the browser has 6 connections to the server, and these answers take seconds on a busy
      // server, so asked first they would hold half of them while the players wait. They are asked at the
      // players' priority, not below it: nine playing tiles always have a request waiting, and a lower
      // priority would wait behind them for ever.
      const current = (): boolean => generation === this.#generation
      const wall = await api.wallState(monitor)
      if (!current()) return
      this.wall = wall
      markOnce(WALL_MARK.state)
      if (!this.secondary) this.#later(() => this.#startSecondary(), SECONDARY_AFTER_MS)
      await this.#secondaryStarted.promise
      if (!current()) return
      await Promise.all([
        api.config().then((config) => {
          if (current()) this.config = config
          markOnce(WALL_MARK.config)
        }),
        api.cameras().then((cameras) => {
          if (current()) this.cameras = cameras.cameras
          markOnce(WALL_MARK.cameras)
        }),
        // Every open incident, however many pages: the map and the ticker must not stop at the first 200.
        loadAllPages(api, { open: true }).then((incidents) => {
          // Events after the list's lastSeq are replayed on (re)connection; applyEvent skips what is in it.
          if (current()) this.snapshot = snapshotOf(incidents.incidents, incidents.lastSeq)
          markOnce(WALL_MARK.incidents)
        }),
      ])
      if (!current()) return
      this.noMonitor = false
      this.stale = false
      this.#failures = 0
      void this.#loadStats(generation)
    } catch (error) {
      if (generation !== this.#generation) return
      if (error instanceof ApiError && error.status === 401) {
        session.end()
        return
      }
      this.stale = true
      this.#later(() => void this.#loadAll(requested, own, generation), retryDelay(this.#failures++, Math.random()))
    }
  }

  /**
   * A tile on screen is waiting for its first frame; call the answer when it has one (or leaves the
   * screen). The last tile to get its picture lets the map and the charts load.
   */
  tileWaiting(): () => void {
    const tile = Symbol('tile')
    this.#tilesWaiting.add(tile)
    return () => {
      if (!this.#tilesWaiting.delete(tile)) return
      if (this.#tilesWaiting.size === 0 && this.wall) this.#startSecondary()
    }
  }

  #startSecondary(): void {
    if (this.secondary) return
    this.secondary = true
    this.#secondaryStarted.resolve()
    markOnce(WALL_MARK.secondary)
  }

  async #pickMonitor(requested: string | null, own: string | null): Promise<string | null> {
    const user = { monitor: own ?? undefined }
    if (requested || own) return chooseMonitor(requested, user, [])
    return chooseMonitor(null, user, (await api.wallMonitors()).monitors)
  }

  async #checkSignedIn(generation: number): Promise<void> {
    try {
      await api.me()
    } catch (error) {
      // Anything but a 401 is the server restarting or the network: the reconnection handles those.
      if (generation === this.#generation && error instanceof ApiError && error.status === 401) session.end()
    }
  }

  async #loadStats(generation: number): Promise<void> {
    try {
      const stats = await api.incidentStats()
      if (generation === this.#generation) this.stats = stats
    } catch {
      // The figures stay as they were until the next refresh; the wall shows no error for them.
    }
  }

  #statsAfterEvent(): void {
    if (this.#statsSoon !== undefined) return
    const generation = this.#generation
    this.#statsSoon = setTimeout(() => {
      this.#statsSoon = undefined
      void this.#loadStats(generation)
    }, STATS_AFTER_EVENT_MS)
  }

  #applyStatus(event: CameraStatusEvent): void {
    const index = this.cameras.findIndex((camera) => camera.id === event.cameraId)
    if (index === -1) return
    const cameras = [...this.cameras]
    cameras[index] = { ...cameras[index]!, status: event.status, statusSince: event.since }
    this.cameras = cameras
  }

  #later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      run()
    }, ms)
    this.#timers.add(timer)
  }

  camera(id: string): CameraView | undefined {
    return this.#byId.get(id)
  }

  reset(): void {
    this.#generation += 1
    for (const off of this.#offs.splice(0)) off()
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    clearInterval(this.#statsTimer)
    clearTimeout(this.#statsSoon)
    this.#statsSoon = undefined
    this.#monitor = null
    this.#failures = 0
    this.wall = null
    this.noMonitor = false
    this.config = null
    this.cameras = []
    this.snapshot = EMPTY
    this.#closed = new Map()
    this.stats = null
    this.stale = false
    this.secondary = false
    // A load of the old generation may be waiting for it: let it go (it sees the generation changed).
    this.#secondaryStarted.resolve()
    this.#secondaryStarted = opening()
    this.#tilesWaiting.clear()
    this.connection = 'connecting'
  }
}

export const wallState = new WallScreenState()
