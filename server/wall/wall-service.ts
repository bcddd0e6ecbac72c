/**
 * The wall's shell around its pure core: validates pushes, stores overrides, fires rules, and publishes a
 * monitor's state whenever it changes, including by itself: one timer waits for the earliest of the next
 * expiry and the next schedule boundary.
 */
import type { SessionUser } from '../contracts/api.ts'
import type { Incident } from '../contracts/incidents.ts'
import type { PushBody, WallConfig, WallMonitor, WallMonitorSummary, WallState } from '../contracts/wall.ts'
import { BadRequestError, NotFoundError } from '../http/http-errors.ts'
import type { TimerHandle, Timers } from '../process/timers.ts'
import type { OverrideContent, WallRepository } from './wall-repository.ts'
import { ruleFirings, type WallTrigger } from './wall-rules.ts'
import { nextScheduleBoundary } from './wall-schedule.ts'
import { presetOf, wallState } from './wall-state.ts'
import type { TourCamera } from './wall-tours.ts'

export const DEFAULT_PUSH_SECONDS = 300
/** Re-check at least this often, so a clock jump or a missed timer heals itself. */
const MAX_WAIT_MS = 3600_000

export interface WallServiceDeps {
  wall: WallConfig
  repo: WallRepository
  timeZone: string
  timers: Timers
  /** The configured cameras: pushes name them, tours are resolved from them. */
  cameras: readonly TourCamera[]
  incident: (id: number) => Incident | undefined
  publish: (state: WallState) => void
}

export class WallService {
  /** What each monitor last showed (preset and overrides), to publish only real changes. */
  private readonly shown = new Map<string, string>()
  private timer: TimerHandle | null = null
  private readonly cameraIds: ReadonlySet<string>

  constructor(private readonly deps: WallServiceDeps) {
    this.cameraIds = new Set(deps.cameras.map((camera) => camera.id))
  }

  /** Remembers what each monitor shows now and arms the timer. */
  start(): void {
    for (const monitor of this.deps.wall.monitors) this.shown.set(monitor.id, this.fingerprint(this.stateOf(monitor)))
    this.rearm()
  }

  stop(): void {
    if (this.timer) this.deps.timers.clearTimeout(this.timer)
    this.timer = null
  }

  monitors(): WallMonitorSummary[] {
    const now = this.deps.timers.now()
    return this.deps.wall.monitors.map((monitor) => {
      const switches = this.deps.repo.presetSwitchesInForce(now)
      const preset = presetOf(this.deps.wall, monitor, switches, now, this.deps.timeZone)
      return {
        id: monitor.id,
        name: monitor.name,
        nameEn: monitor.nameEn ?? null,
        alarmZone: monitor.alarmZone ?? null,
        preset: { id: preset.id, name: preset.name, nameEn: preset.nameEn ?? null },
        zones: preset.zones.map((z) => ({ id: z.id, kind: z.content.kind })),
      }
    })
  }

  /** Throws 404 naming an unknown monitor. */
  state(monitorId: string): WallState {
    const monitor = this.deps.wall.monitors.find((m) => m.id === monitorId)
    if (!monitor)
      throw new NotFoundError('wall.unknown-monitor', { monitor: monitorId }, `unknown monitor "${monitorId}"`)
    return this.stateOf(monitor)
  }

  push(body: PushBody, user: SessionUser): WallState {
    const monitor = this.deps.wall.monitors.find((m) => m.id === body.monitor)
    if (!monitor)
      throw new BadRequestError(
        'wall.unknown-monitor',
        { monitor: body.monitor },
        `monitor: unknown monitor "${body.monitor}"`,
      )
    const given = (['camera', 'layout', 'incident'] as const).filter((k) => body[k] !== undefined)
    if (given.length !== 1)
      throw new BadRequestError(
        'wall.push-one-thing',
        { given: given.join(', ') || 'none' },
        `camera, layout, incident: give exactly one of them (given: ${given.join(', ') || 'none'})`,
      )
    const zone = this.zoneFor(monitor, body.zone)
    const now = this.deps.timers.now()
    this.deps.repo.put(
      {
        monitor: monitor.id,
        zone,
        content: this.contentOf(body),
        source: 'push',
        by: user.username,
        untilMs: now + (body.seconds ?? DEFAULT_PUSH_SECONDS) * 1000,
      },
      now,
    )
    return this.changed(monitor)
  }

  /** Clears one zone (or all) of a monitor; audited even when nothing was on it. */
  clear(monitorId: string, zone: string | undefined, user: SessionUser): WallState {
    const monitor = this.deps.wall.monitors.find((m) => m.id === monitorId)
    if (!monitor)
      throw new NotFoundError('wall.unknown-monitor', { monitor: monitorId }, `unknown monitor "${monitorId}"`)
    this.deps.repo.clear(monitor.id, zone ?? null, user.username, this.deps.timers.now())
    return this.changed(monitor)
  }

  /**
   * A rule's event: the monitors its rules name switch preset, or take its camera (or incident) into their
   * alarm zone, for the rule's minutes.
   */
  fire(trigger: WallTrigger): void {
    const now = this.deps.timers.now()
    for (const firing of ruleFirings(this.deps.wall, trigger)) {
      const monitor = this.deps.wall.monitors.find((m) => m.id === firing.monitor)!
      const untilMs = now + firing.minutes * 60_000
      if ('preset' in firing) {
        this.deps.repo.switchPreset({ monitor: monitor.id, preset: firing.preset, by: firing.on, untilMs }, now)
        this.changed(monitor)
        continue
      }
      const content: OverrideContent =
        trigger.on === 'camera-down'
          ? { kind: 'camera', camera: trigger.camera }
          : { kind: 'incident', incident: trigger.incident, camera: trigger.camera }
      this.deps.repo.put(
        { monitor: monitor.id, zone: firing.zone, content, source: 'rule', by: firing.on, untilMs },
        now,
      )
      this.changed(monitor)
    }
  }

  private zoneFor(monitor: WallMonitor, requested: string | undefined): string {
    const zone = requested ?? monitor.alarmZone
    if (zone === undefined)
      throw new BadRequestError(
        'wall.no-alarm-zone',
        { monitor: monitor.id },
        `zone: monitor "${monitor.id}" has no alarm zone; name a zone`,
      )
    const now = this.deps.timers.now()
    const preset = presetOf(this.deps.wall, monitor, this.deps.repo.presetSwitchesInForce(now), now, this.deps.timeZone)
    if (!preset.zones.some((z) => z.id === zone))
      throw new BadRequestError(
        'wall.unknown-zone',
        { zone, preset: preset.id, monitor: monitor.id },
        `zone: unknown zone "${zone}" in preset "${preset.id}", which "${monitor.id}" shows now`,
      )
    return zone
  }

  private contentOf(body: PushBody): OverrideContent {
    const checkCamera = (field: string, id: string): void => {
      if (!this.cameraIds.has(id))
        throw new BadRequestError('camera.unknown', { camera: id }, `${field}: unknown camera "${id}"`)
    }
    if (body.camera !== undefined) {
      checkCamera('camera', body.camera)
      return { kind: 'camera', camera: body.camera }
    }
    if (body.layout !== undefined) {
      body.layout.forEach((id, i) => checkCamera(`layout[${i}]`, id))
      return { kind: 'layout', cameras: body.layout }
    }
    const incident = this.deps.incident(body.incident!)
    if (!incident)
      throw new BadRequestError(
        'incident.unknown',
        { id: body.incident! },
        `incident: unknown incident ${body.incident}`,
      )
    return { kind: 'incident', incident: incident.id, camera: incident.cameraId }
  }

  private stateOf(monitor: WallMonitor): WallState {
    const now = this.deps.timers.now()
    const stored = { overrides: this.deps.repo.inForce(now), switches: this.deps.repo.presetSwitchesInForce(now) }
    return wallState(this.deps.wall, monitor, stored, now, this.deps.timeZone, this.deps.incident, this.deps.cameras)
  }

  /** Publishes the monitor's new state and re-arms the timer for the next expiry or boundary. */
  private changed(monitor: WallMonitor): WallState {
    const state = this.stateOf(monitor)
    this.shown.set(monitor.id, this.fingerprint(state))
    this.deps.publish(state)
    this.rearm()
    return state
  }

  /** The timer's turn: publish every monitor whose state changed by itself (expiry, schedule). */
  private tick(): void {
    this.timer = null
    for (const monitor of this.deps.wall.monitors) {
      const state = this.stateOf(monitor)
      const print = this.fingerprint(state)
      if (this.shown.get(monitor.id) === print) continue
      this.shown.set(monitor.id, print)
      this.deps.publish(state)
    }
    this.rearm()
  }

  private rearm(): void {
    this.stop()
    const now = this.deps.timers.now()
    let next = now + MAX_WAIT_MS
    for (const o of this.deps.repo.inForce(now)) next = Math.min(next, o.untilMs)
    for (const s of this.deps.repo.presetSwitchesInForce(now)) next = Math.min(next, s.untilMs)
    for (const monitor of this.deps.wall.monitors) {
      const boundary = nextScheduleBoundary(monitor, now, this.deps.timeZone)
      if (boundary !== null) next = Math.min(next, boundary)
    }
    this.timer = this.deps.timers.setTimeout(() => this.tick(), Math.max(0, next - now))
  }

  private fingerprint(state: WallState): string {
    return JSON.stringify([
      state.preset.id,
      state.presetSwitch,
      state.overrides.map((o) => [o.zone, o.by, o.until, o.content]),
    ])
  }
}
