/**
 * Which console tiles have left live for playback, and what each plays: a recording (the camera is
 * recorded) or instant replay (the last ~30 s the live stream holds in memory). A seek is a request the
 * tile's player carries out (a token per seek); the player reports back the moment it shows. With sync
 * on, the tiles in playback follow the selected one (playback-sync.ts).
 */
import type { Incident } from '../../../server/contracts/incidents.ts'
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { driftCorrections, seeksFor } from '../../components/playback/playback-sync.ts'
import { recordings } from '../../components/playback/playback-urls.ts'
import { recordedMomentNear, type TimeRange } from './playback-moment.ts'
import {
  DAY_MS,
  following,
  HOUR_MS,
  MINUTE_MS,
  viewAround,
  type TimelineView,
} from '../../components/playback/timeline-math.ts'

export const RATES = [1, 2, 4, 8] as const
export type Rate = (typeof RATES)[number]
/** Where playback starts when the operator does not pick a moment: a resident calls about five minutes ago. */
export const DEFAULT_LOOK_BACK_MS = 5 * MINUTE_MS
/** How often the recorded ranges are read again while a tile plays back (the recording grows). */
const RANGES_REFRESH_MS = 30_000

export type { TimeRange }

export interface IncidentMark {
  atMs: number
  code: string
}

export class TilePlayback {
  /** Null until the recordings answer says which. */
  source = $state<'recording' | 'replay' | null>(null)
  /** The moment on screen (epoch ms), reported by the player; null while it loads. */
  playedMs = $state<number | null>(null)
  seek = $state<{ atMs: number | null; token: number }>({ atMs: null, token: 0 })
  paused = $state(false)
  rate = $state<Rate>(1)
  view = $state<TimelineView>({ startMs: 0, endMs: 1 })
  ranges = $state<TimeRange[]>([])
  incidents = $state<IncidentMark[]>([])
  /** When sync last put this tile back on the leader's moment (performance.now()). */
  correctedAt: number | undefined = undefined
  /** A stretch marked on the timeline (shift-drag), for an evidence export. */
  selection = $state<TimeRange | null>(null)
  #refresh: ReturnType<typeof setInterval> | undefined

  constructor(
    readonly cameraId: string,
    startMs: number | null,
  ) {
    this.seek = { atMs: startMs, token: 1 }
  }

  seekTo(atMs: number): void {
    this.seek = { atMs, token: this.seek.token + 1 }
    this.playedMs = atMs
    this.view = following(this.view, atMs, Date.now())
  }

  noteClock(ms: number): void {
    this.playedMs = ms
    this.view = following(this.view, ms, Date.now())
  }

  /** Reads what is recorded over the last day; an empty answer means instant replay. */
  async load(now = Date.now()): Promise<void> {
    const answer = await recordings(this.cameraId, now - DAY_MS, now)
    const ranges = answer.ranges.map((r) => ({ startMs: Date.parse(r.start), endMs: Date.parse(r.end) }))
    this.ranges = ranges
    if (this.source === null) {
      this.source = ranges.length > 0 ? 'recording' : 'replay'
      const wanted = this.seek.atMs ?? now - DEFAULT_LOOK_BACK_MS
      const atMs = this.source === 'recording' ? recordedMomentNear(ranges, wanted) : null
      this.view = viewAround(atMs ?? now, this.source === 'recording' ? HOUR_MS : 2 * MINUTE_MS, now)
      this.seek = { atMs, token: this.seek.token + 1 }
      if (this.source === 'recording')
        this.#refresh = setInterval(() => void this.load().catch(() => undefined), RANGES_REFRESH_MS)
    }
  }

  /** What instant replay's player holds: the one range of the ring. */
  noteHeld(range: TimeRange): void {
    if (this.source === 'replay') this.ranges = [range]
  }

  dispose(): void {
    clearInterval(this.#refresh)
  }
}

export class PlaybackState {
  /** Tile index -> its playback; a tile not listed is live. */
  tiles = $state(new Map<number, TilePlayback>())
  synced = $state(false)
  #incidents: Promise<Incident[]> | null = null

  of(index: number): TilePlayback | undefined {
    return this.tiles.get(index)
  }

  /** Tile `index` leaves live for playback of `cameraId`, at `atMs` (default: five minutes ago, or in sync). */
  enter(index: number, cameraId: string, atMs: number | null = null): TilePlayback {
    this.exit(index)
    const leader = this.synced ? [...this.tiles.values()].find((tile) => tile.playedMs !== null) : undefined
    const playback = new TilePlayback(cameraId, atMs ?? leader?.playedMs ?? null)
    this.tiles = new Map(this.tiles).set(index, playback)
    playback.load().catch((error: unknown) => {
      handleError(error, 'playback.failed')
      this.exit(index)
    })
    void this.#incidentsOf(cameraId).then((marks) => {
      playback.incidents = marks
    })
    return playback
  }

  /** Back to live. */
  exit(index: number): void {
    const playback = this.tiles.get(index)
    if (!playback) return
    playback.dispose()
    const next = new Map(this.tiles)
    next.delete(index)
    this.tiles = next
  }

  toggle(index: number, cameraId: string | null): void {
    if (this.tiles.has(index)) this.exit(index)
    else if (cameraId) this.enter(index, cameraId)
  }

  /** A tile whose camera changed (a drop, a tour page) is live again. */
  keepOnly(cameras: readonly (string | null)[]): void {
    for (const [index, playback] of this.tiles) if (cameras[index] !== playback.cameraId) this.exit(index)
  }

  seek(index: number, atMs: number): void {
    const tiles = [...this.tiles].map(([i, tile]) => ({ index: i, playedMs: tile.playedMs }))
    for (const seek of seeksFor(tiles, index, atMs, this.synced)) this.tiles.get(seek.index)?.seekTo(seek.atMs)
  }

  step(index: number, deltaMs: number): void {
    const at = this.tiles.get(index)?.playedMs
    if (at !== null && at !== undefined) this.seek(index, Math.min(Date.now(), at + deltaMs))
  }

  togglePause(index: number): void {
    const playback = this.tiles.get(index)
    if (!playback) return
    const paused = !playback.paused
    for (const tile of this.synced ? this.tiles.values() : [playback]) tile.paused = paused
  }

  setRate(index: number, rate: Rate): void {
    for (const tile of this.synced ? this.tiles.values() : [this.tiles.get(index)]) if (tile) tile.rate = rate
  }

  /** Next (+1) or previous (-1) speed of 1x/2x/4x/8x. */
  changeRate(index: number, direction: 1 | -1): void {
    const current = this.tiles.get(index)?.rate ?? 1
    const next = RATES[Math.min(RATES.length - 1, Math.max(0, RATES.indexOf(current) + direction))]!
    this.setRate(index, next)
  }

  /** Sync on: the others jump to the leader's moment, speed and pause at once. */
  toggleSync(leader: number): void {
    this.synced = !this.synced
    const lead = this.tiles.get(leader)
    if (!this.synced || !lead) return
    for (const tile of this.tiles.values()) {
      tile.rate = lead.rate
      tile.paused = lead.paused
    }
    if (lead.playedMs !== null) this.seek(leader, lead.playedMs)
  }

  /** Called as the leader plays: followers that drifted are put back on its moment. */
  keepInSync(leader: number): void {
    if (!this.synced) return
    const tiles = [...this.tiles].map(([index, tile]) => ({
      index,
      playedMs: tile.playedMs,
      ...(tile.correctedAt !== undefined && { correctedAt: tile.correctedAt }),
    }))
    const now = performance.now()
    for (const seek of driftCorrections(tiles, leader, now)) {
      const tile = this.tiles.get(seek.index)
      if (!tile) continue
      tile.correctedAt = now
      tile.seekTo(seek.atMs)
    }
  }

  /** The camera's incidents over the list's newest page, read once per console visit and shared. */
  async #incidentsOf(cameraId: string): Promise<IncidentMark[]> {
    this.#incidents ??= api
      .incidents({ limit: 500 })
      .then((page) => page.incidents)
      .catch(() => [])
    const incidents = await this.#incidents
    return incidents
      .filter((incident) => incident.cameraId === cameraId)
      .map((incident) => ({ atMs: Date.parse(incident.reportedAt), code: incident.code }))
  }

  reset(): void {
    for (const index of [...this.tiles.keys()]) this.exit(index)
    this.synced = false
    this.#incidents = null
  }
}
