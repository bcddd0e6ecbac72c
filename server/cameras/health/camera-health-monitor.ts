/**
 * Checks every camera on an interval with bounded concurrency. The first round starts soon after start
 * and runs as fast as the limit allows (the wall should not wait 30 s for its first colours); after that
 * each camera is re-checked on its own timer, `interval x (1 +/- jitter)`, so the checks spread over the
 * interval instead of arriving as a burst every 30 s. A suspect online camera is re-checked after
 * `confirmDelayMs` to confirm or clear the doubt quickly.
 */
import type { CameraStatusEvent } from '../../contracts/realtime-events.ts'
import type { Logger } from '../../process/logger.ts'
import { Limiter } from '../async-tools.ts'
import type { PulledCameraSource } from '../camera-sources.ts'
import { statusReasonCode } from '../camera-failure.ts'
import {
  DEFAULT_HEALTH_POLICY,
  initialHealthState,
  nextHealthState,
  type HealthPolicy,
  type HealthState,
  type Observation,
  type Transition,
} from './camera-health-state.ts'
import type { StoredStatus } from './camera-health-repository.ts'

/** A stream's finding counts at once: it comes from seconds of a stream trying, not from one probe. */
const STREAM_FINDING_POLICY: HealthPolicy = { failuresToLeaveOnline: 1 }

export interface HealthMonitorOptions {
  cameras: readonly PulledCameraSource[]
  check(source: PulledCameraSource): Promise<Observation>
  /** Status changes go here: store and publish. */
  onChange(event: CameraStatusEvent): void
  stored: readonly StoredStatus[]
  logger: Logger
  intervalMs: number
  concurrency?: number
  firstRoundDelayMs?: number
  confirmDelayMs?: number
  /** 0.25: each re-check lands between 0.75 and 1.25 intervals after the last. */
  jitter?: number
  policy?: HealthPolicy
  random?: () => number
  now?: () => Date
}

export interface RoundResult {
  ms: number
  counts: Record<string, number>
}

export class CameraHealthMonitor {
  private readonly states = new Map<string, HealthState>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly limiter: Limiter
  private readonly byId: Map<string, PulledCameraSource>
  private stopped = false
  private firstRound: NodeJS.Timeout | undefined
  /** Checks run so far (for measurements and tests). */
  checks = 0

  constructor(private readonly o: HealthMonitorOptions) {
    this.limiter = new Limiter(o.concurrency ?? 16)
    this.byId = new Map(o.cameras.map((c) => [c.id, c]))
    const stored = new Map(o.stored.map((s) => [s.id, s]))
    for (const camera of o.cameras) {
      const s = stored.get(camera.id)
      this.states.set(camera.id, initialHealthState(s?.status ?? 'unknown', s?.since ?? null))
    }
  }

  start(): void {
    this.firstRound = setTimeout(() => {
      void this.round().then((r) =>
        this.o.logger.info({ ...r.counts, ms: r.ms, cameras: this.o.cameras.length }, 'first camera health round done'),
      )
    }, this.o.firstRoundDelayMs ?? 1_000)
  }

  /** Checks every camera now (through the concurrency limit) and resolves when all are done. */
  async round(): Promise<RoundResult> {
    const started = performance.now()
    await Promise.all(this.o.cameras.map((camera) => this.checkNow(camera)))
    const counts: Record<string, number> = {}
    for (const state of this.states.values()) counts[state.status] = (counts[state.status] ?? 0) + 1
    return { ms: Math.round(performance.now() - started), counts }
  }

  state(cameraId: string): HealthState | undefined {
    return this.states.get(cameraId)
  }

  /** Stops every timer and waits for the checks in flight, so nothing touches the store after close. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.firstRound)
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.allSettled([...this.inFlight])
  }

  private checkNow(camera: PulledCameraSource): Promise<void> {
    clearTimeout(this.timers.get(camera.id))
    this.timers.delete(camera.id)
    const task = this.limiter
      .run(async () => {
        if (this.stopped) return
        this.checks++
        const observation = await this.o.check(camera)
        if (this.stopped) return
        this.apply(camera.id, observation)
      })
      .catch((error: unknown) => {
        this.o.logger.error(
          { camera: camera.id, err: error instanceof Error ? error.message : String(error) },
          'camera health check crashed',
        )
        this.schedule(camera, this.o.intervalMs)
      })
    this.inFlight.add(task)
    void task.finally(() => this.inFlight.delete(task))
    return task
  }

  /**
   * A watched stream's finding (live, auth refused, unreachable, stalled), applied now through the same
   * states as a check. No confirmation round: the stream saw it over seconds of trying, not one packet.
   */
  observe(cameraId: string, observation: Observation): void {
    if (this.stopped || !this.states.has(cameraId)) return
    this.transition(cameraId, observation, STREAM_FINDING_POLICY)
  }

  private apply(cameraId: string, observation: Observation): void {
    const t = this.transition(cameraId, observation, this.o.policy ?? DEFAULT_HEALTH_POLICY)
    const camera = this.byId.get(cameraId)
    if (!camera) return
    const jitter = this.o.jitter ?? 0.25
    const spread = 1 - jitter + 2 * jitter * (this.o.random ?? Math.random)()
    this.schedule(camera, t.recheckSoon ? (this.o.confirmDelayMs ?? 5_000) : this.o.intervalMs * spread)
  }

  private transition(cameraId: string, observation: Observation, policy: HealthPolicy): Transition {
    const now = (this.o.now?.() ?? new Date()).toISOString()
    const previous = this.states.get(cameraId) ?? initialHealthState()
    const t = nextHealthState(previous, observation, now, policy)
    this.states.set(cameraId, t.state)
    if (t.changed && t.state.since) {
      // The first status of each camera is the start-up round's business (one summary line); a change
      // after that is news to whoever watches the log.
      this.o.logger[previous.status === 'unknown' ? 'debug' : 'info'](
        { camera: cameraId, from: previous.status, to: t.state.status, detail: t.state.detail },
        'camera status changed',
      )
      const { status, since, detail } = t.state
      this.o.onChange({ cameraId, status, since, detail, reasonCode: statusReasonCode(status) })
    }
    return t
  }

  private schedule(camera: PulledCameraSource, delayMs: number): void {
    if (this.stopped) return
    clearTimeout(this.timers.get(camera.id))
    const timer = setTimeout(() => {
      void this.checkNow(camera)
    }, delayMs)
    timer.unref()
    this.timers.set(camera.id, timer)
  }
}
