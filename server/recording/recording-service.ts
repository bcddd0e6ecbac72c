/**
 * Runs the recorders: starts and stops them as schedules open and close, holds their streams (shared
 * with live viewers), indexes the files they close, applies retention and the quota, and stops the
 * lowest-priority cameras when the store is full or a disk write fails, alerting supervisors. Nothing it
 * meets on disk takes the server down: a failing camera stops, the others go on.
 */
import type { CodedProblem } from '../http/http-errors.ts'
import type { Quality, RecordingStatus } from '../contracts/media.ts'
import type { RecordingAlertEvent } from '../contracts/realtime-events.ts'
import type { Logger } from '../process/logger.ts'
import { CameraRecorder, type ClosedFile, type SegmentSource } from './camera-recorder.ts'
import { type CameraRecording, scheduleOpen } from './recording-plan.ts'
import type { RecordingsRepository } from './recordings-repository.ts'
import { retentionDecision } from './retention.ts'
import { rm, statfs } from 'node:fs/promises'
import { join } from 'node:path'

export interface StreamHolder {
  hold(cameraId: string, quality: Quality): { stream: { packager: SegmentSource }; release: () => void }
}

export interface RecordingServiceDeps {
  root: string
  /** What records now: empty when recording is turned off. */
  plan: CameraRecording[]
  /** Every camera the rules pick, recording or not: what retention keeps of each. */
  kept?: CameraRecording[]
  quotaBytes: number
  /** The quota as written in recording.yaml, for messages. */
  quotaText: string
  segmentMs: number
  timeZone: string
  repository: RecordingsRepository
  streams: StreamHolder
  logger: Logger
  alert: (event: RecordingAlertEvent) => void
  /** A camera's reason for not recording appeared, changed or cleared (undefined: it records again). */
  problemChanged?: (cameraId: string, problem: CodedProblem | undefined) => void
  now?: () => number
}

interface Active {
  recorder: CameraRecorder
  release: () => void
}

/** A camera stopped for a write error is tried again after this long. */
export const WRITE_RETRY_MS = 60_000
/** The quota never deletes recordings this recent: a store too small for them stops recording instead. */
export const KEEP_NEWEST_MS = 10 * 60_000
/** Space the recorder leaves free on its disk, whatever the quota: the database and the logs live there too. */
export const DISK_RESERVE_BYTES = 1024 ** 3

/**
 * The quota in force: the configured one, or less when the disk itself is running out (a quota larger
 * than the disk, or other data growing): what the store holds plus what is free above the reserve.
 */
export function effectiveQuota(configured: number, storeBytes: number, free: number | undefined): number {
  return free === undefined ? configured : Math.min(configured, Math.max(0, storeBytes + free - DISK_RESERVE_BYTES))
}

async function freeBytes(root: string): Promise<number | undefined> {
  // Before the first file the directory may not exist: its disk is then not measured yet.
  const stats = await statfs(root).catch(() => undefined)
  return stats && stats.bavail * stats.bsize
}

/** Recording stopped for the quota resumes once the store is back under this share of it. */
const RESUME_BELOW = 0.9

export class RecordingService {
  private readonly active = new Map<string, Active>()
  /** Cameras stopped on purpose, with why and until when (undefined: until the store has room). */
  private readonly stopped = new Map<string, { reason: CodedProblem; until?: number }>()
  /** Why a camera that should record cannot start (the stream limit), cleared when it starts. */
  private readonly startFailures = new Map<string, CodedProblem>()
  private readonly byCamera: Map<string, CameraRecording>
  private readonly keptDays: Map<string, number>
  private readonly longestKept: number
  private storeBytes: number
  private sweeping: Promise<void> | undefined
  /** Recorders closing their last file. */
  private readonly stopping = new Set<Promise<void>>()
  private readonly now: () => number
  /** The reasons last told to problemChanged, by camera, as `code params-json`. */
  private readonly reported = new Map<string, string>()

  constructor(private readonly deps: RecordingServiceDeps) {
    this.now = deps.now ?? Date.now
    this.byCamera = new Map(deps.plan.map((p) => [p.cameraId, p]))
    const kept = deps.kept ?? deps.plan
    this.keptDays = new Map(kept.map((p) => [p.cameraId, p.retentionDays]))
    // Without rules nothing new is recorded; what is on disk stays playable (the schema's longest retention).
    this.longestKept = kept.length > 0 ? Math.max(...kept.map((p) => p.retentionDays)) : 3650
    this.storeBytes = deps.repository.bytes()
  }

  /** Starts what should be recording now and stops what should not; closes files of quiet streams. */
  evaluate(): void {
    const now = this.now()
    for (const [cameraId, stop] of this.stopped)
      if (stop.until !== undefined && stop.until <= now) this.stopped.delete(cameraId)
    for (const plan of this.deps.plan) {
      const wanted = scheduleOpen(plan.schedule, now, this.deps.timeZone) && !this.stopped.has(plan.cameraId)
      const active = this.active.get(plan.cameraId)
      if (wanted && !active) this.start(plan)
      else if (!wanted && active) void this.stop(plan.cameraId)
    }
    for (const { recorder } of this.active.values()) recorder.tick()
    this.reportProblems()
  }

  status(): RecordingStatus[] {
    const now = this.now()
    return this.deps.plan.map((plan) => {
      const reason = this.stopped.get(plan.cameraId)?.reason ?? this.startFailures.get(plan.cameraId)
      const state: RecordingStatus['state'] = this.active.has(plan.cameraId)
        ? 'recording'
        : reason
          ? 'stopped'
          : scheduleOpen(plan.schedule, now, this.deps.timeZone)
            ? 'stopped'
            : 'off-schedule'
      return {
        cameraId: plan.cameraId,
        quality: plan.quality,
        state,
        rule: plan.ruleId,
        reasonCode: state === 'recording' ? null : (reason?.code ?? null),
        reasonParams: state === 'recording' ? {} : (reason?.params ?? {}),
      }
    })
  }

  /** Why the camera is not recording now although a rule records it at this hour, if so. */
  reasonFor(cameraId: string): CodedProblem | undefined {
    return this.stopped.get(cameraId)?.reason ?? this.startFailures.get(cameraId)
  }

  /** Tells problemChanged of every camera whose reason differs from what it was last told. */
  private reportProblems(): void {
    if (!this.deps.problemChanged) return
    for (const plan of this.deps.plan) {
      const reason = this.reasonFor(plan.cameraId)
      const key = reason ? `${reason.code} ${JSON.stringify(reason.params)}` : undefined
      if (key === this.reported.get(plan.cameraId)) continue
      if (key === undefined) this.reported.delete(plan.cameraId)
      else this.reported.set(plan.cameraId, key)
      this.deps.problemChanged(plan.cameraId, reason)
    }
  }

  /** Days a camera's recordings are kept: its rule's, or for a camera no rule records now, the longest any rule keeps. */
  retentionDays(cameraId: string): number {
    return this.keptDays.get(cameraId) ?? this.longestKept
  }

  /** The camera's recorder while it records (its open file holds the newest minute). */
  recorderOf(cameraId: string): CameraRecorder | undefined {
    return this.active.get(cameraId)?.recorder
  }

  /**
   * Deletes what retention and the quota say, then stops or resumes recording by what is left. Never
   * rejects: it runs from timers and file closes, and a failed sweep is logged and tried again by the next.
   */
  async sweep(): Promise<void> {
    this.sweeping ??= this.runSweep()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'recording retention sweep failed'))
      .finally(() => (this.sweeping = undefined))
    return this.sweeping
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((cameraId) => this.stop(cameraId)))
    await Promise.all(this.stopping)
    await this.sweeping
  }

  /** Resolves once every recorder's writes so far are on disk (tests). */
  async flushed(): Promise<void> {
    await Promise.all([...this.active.values()].map(({ recorder }) => recorder.flushed()))
    await Promise.all(this.stopping)
  }

  private start(plan: CameraRecording): void {
    let held
    try {
      held = this.deps.streams.hold(plan.cameraId, plan.quality)
    } catch (error) {
      const problem = error as Partial<CodedProblem>
      this.startFailures.set(plan.cameraId, {
        code: (problem.code as CodedProblem['code']) ?? 'stream.unavailable',
        params: problem.params ?? {},
        message: problem.message ?? String(error),
      } as CodedProblem)
      return
    }
    this.startFailures.delete(plan.cameraId)
    const recorder = new CameraRecorder(plan.cameraId, plan.quality, {
      root: this.deps.root,
      segmentMs: this.deps.segmentMs,
      now: this.now,
      closed: (file) => this.index(file),
      failed: (error) => this.writeFailed(plan, error),
    })
    recorder.attach(held.stream.packager)
    this.active.set(plan.cameraId, { recorder, release: held.release })
    this.deps.logger.info({ camera: plan.cameraId, quality: plan.quality, rule: plan.ruleId }, 'recording started')
  }

  private stop(cameraId: string): Promise<void> {
    const active = this.active.get(cameraId)
    if (!active) return Promise.resolve()
    this.active.delete(cameraId)
    const stopping = active.recorder.stop().then(() => {
      active.release()
      this.deps.logger.info({ camera: cameraId }, 'recording stopped')
    })
    this.stopping.add(stopping)
    void stopping.finally(() => this.stopping.delete(stopping))
    return stopping
  }

  private index(file: ClosedFile): void {
    this.deps.repository.insert({ ...file, state: 'complete' })
    this.storeBytes += file.bytes
    if (this.storeBytes > this.deps.quotaBytes) void this.sweep()
  }

  private writeFailed(plan: CameraRecording, error: NodeJS.ErrnoException): void {
    const full = error.code === 'ENOSPC' || error.code === 'EDQUOT'
    const reason: CodedProblem = full
      ? {
          code: 'recording.disk-full',
          params: { quota: this.deps.quotaText },
          message: 'the disk holding the recordings is full',
        }
      : {
          code: 'recording.write-failed',
          params: { problem: error.code ?? 'error' },
          message: `writing the recording failed: ${error.message}`,
        }
    this.deps.logger.error({ camera: plan.cameraId, err: error }, 'recording write failed')
    this.halt(plan.cameraId, reason, this.now() + WRITE_RETRY_MS)
    // A full disk fails every camera in turn: the least important one makes room for the rest.
    if (full) {
      const lowest = this.lowestPriorityActive()
      if (lowest) this.halt(lowest, reason, this.now() + WRITE_RETRY_MS)
    }
  }

  private halt(cameraId: string, reason: CodedProblem, until?: number): void {
    const already = this.stopped.has(cameraId)
    this.stopped.set(cameraId, { reason, ...(until !== undefined && { until }) })
    void this.stop(cameraId)
    this.reportProblems()
    if (already) return
    this.deps.alert({
      cameraId,
      reasonCode: reason.code,
      reasonParams: reason.params,
      at: new Date(this.now()).toISOString(),
    })
  }

  private lowestPriorityActive(): string | undefined {
    let lowest: CameraRecording | undefined
    for (const cameraId of this.active.keys()) {
      const plan = this.byCamera.get(cameraId)
      if (plan && (!lowest || plan.priority >= lowest.priority)) lowest = plan
    }
    return lowest?.cameraId
  }

  private async runSweep(): Promise<void> {
    const { repository } = this.deps
    const quotaBytes = effectiveQuota(this.deps.quotaBytes, this.storeBytes, await freeBytes(this.deps.root))
    const decision = retentionDecision({
      recordings: repository.all(),
      locks: repository.locks(),
      retentionDays: (cameraId) => this.retentionDays(cameraId),
      quotaBytes,
      keepNewestMs: KEEP_NEWEST_MS,
      nowMs: this.now(),
    })
    for (const recording of decision.remove) {
      repository.remove(recording.id)
      await rm(join(this.deps.root, recording.path), { force: true }).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, path: recording.path }, 'could not delete a recording'),
      )
    }
    this.storeBytes = decision.bytesAfter
    if (decision.remove.length > 0)
      this.deps.logger.info({ deleted: decision.remove.length, bytes: this.storeBytes }, 'recordings deleted')
    if (decision.bytesAfter > quotaBytes) {
      // What is left is recent or locked by open incidents: the least important camera stops until there is room.
      const lowest = this.lowestPriorityActive()
      if (lowest)
        this.halt(lowest, {
          code: 'recording.disk-full',
          params: { quota: this.deps.quotaText },
          message: `the recordings fill the quota of ${this.deps.quotaText} with recent or locked video`,
        })
    } else if (decision.bytesAfter <= quotaBytes * RESUME_BELOW) {
      for (const [cameraId, stop] of this.stopped)
        if (stop.until === undefined && stop.reason.code === 'recording.disk-full') this.stopped.delete(cameraId)
    }
  }
}
