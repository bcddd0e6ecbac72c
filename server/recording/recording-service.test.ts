/**
 * The recording service over real packagers (fed by a synthetic camera on a fake clock), real files and a
 * real SQLite file: a store over its quota with nothing it may delete stops the least important camera
 * with a reason and alerts supervisors; a disk that refuses writes stops that camera, never the server.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordingAlertEvent } from '../contracts/realtime-events.ts'
import { openDatabase } from '../db/open-database.ts'
import { LivePackager } from '../media/hls/live-packager.ts'
import { FakeClock, SyntheticCamera } from '../media/hls/testing/synthetic-camera.ts'
import { silentLogger, type Logger } from '../process/logger.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'
import type { CameraRecording } from './recording-plan.ts'
import { DISK_RESERVE_BYTES, effectiveQuota, RecordingService } from './recording-service.ts'
import { RecordingsRepository } from './recordings-repository.ts'

const cleanups: (() => unknown)[] = []
// In order, each awaited: the service stops (and finishes a sweep in flight) before its database closes.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const plan = (cameraId: string, priority: number): CameraRecording => ({
  cameraId,
  quality: 'sub',
  ruleId: `rule-${priority}`,
  priority,
  retentionDays: 7,
  schedule: 'always',
})

function setUp(options: { quotaBytes: number; root?: string; plan?: CameraRecording[]; logger?: Logger }) {
  const dir = makeTempDir('recording-service')
  cleanups.push(dir.remove)
  const db = openDatabase(dir.path)
  cleanups.unshift(() => db.close())
  const clock = new FakeClock()
  const cameras = new Map<string, SyntheticCamera>()
  const alerts: RecordingAlertEvent[] = []
  const repository = new RecordingsRepository(db)
  const service = new RecordingService({
    root: options.root?.replace('<data>', dir.path) ?? join(dir.path, 'recordings'),
    plan: options.plan ?? [plan('cam-1', 0), plan('cam-2', 1)],
    quotaBytes: options.quotaBytes,
    quotaText: `${options.quotaBytes}B`,
    segmentMs: 2000,
    timeZone: 'UTC',
    repository,
    logger: options.logger ?? silentLogger,
    alert: (event) => alerts.push(event),
    now: clock.now,
    streams: {
      hold: (cameraId) => {
        const packager = new LivePackager({ now: clock.now, quickStart: 'off' })
        const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25, frameBytes: 2000 })
        cameras.set(cameraId, camera)
        camera.start()
        return { stream: { packager }, release: () => packager.close() }
      },
    },
  })
  cleanups.unshift(() => service.stopAll())
  /** Both cameras send `seconds` of video, a frame each in turn. */
  const play = (seconds: number): void => {
    for (let frame = 0; frame < seconds * 25; frame++) for (const camera of cameras.values()) camera.frames(1)
  }
  return { service, repository, alerts, play, dir, clock, cameras, db }
}

describe('schedules', () => {
  it('a camera records inside its window and stops outside it', async () => {
    // FakeClock starts at 2025-01-01 08:00 UTC, a Wednesday (3).
    const windowed = { ...plan('cam-1', 0), schedule: [{ days: [3], from: '08:00', to: '08:01' }] }
    const { service, clock, repository, play } = setUp({ quotaBytes: 1e9, plan: [windowed] })
    service.evaluate()
    expect(service.status()[0]!.state).toBe('recording')
    play(2.1)
    clock.ms += 60_000
    service.evaluate()
    await waitFor(() => service.status()[0]!.state === 'off-schedule', 30_000, 'the recording to stop')
    await service.flushed()
    // Stopping closed the open file: everything recorded is on disk and indexed.
    expect(repository.overlapping('cam-1', 0, Date.UTC(2030, 0)).map((f) => f.endMs - f.startMs)).toEqual([2000])
  })
})

describe('recording over the quota or onto a failing disk', () => {
  it('records each camera into files of about the segment length', async () => {
    const { service, repository, play } = setUp({ quotaBytes: 1e9 })
    service.evaluate()
    play(7.1)
    await service.flushed()
    const files = repository.overlapping('cam-1', 0, Date.UTC(2030, 0))
    expect(files.map((f) => f.endMs - f.startMs)).toEqual([2000, 2000, 2000])
    // Files of one run follow each other exactly: the ranges API merges them.
    expect(files[1]!.startMs).toBe(files[0]!.endMs)
    expect(files.map((f) => f.newRun)).toEqual([true, false, false])
    expect(service.status().map((s) => s.state)).toEqual(['recording', 'recording'])
  })

  it('a store over its quota with only fresh video stops the least important camera first, with a reason and an alert', async () => {
    const { service, alerts, play } = setUp({ quotaBytes: 150_000 })
    service.evaluate()
    play(3.1) // each camera closes a 2 s file of ~100 kB: together over the quota
    await waitFor(() => alerts.length > 0, 30_000, 'an alert')
    expect(alerts[0]).toEqual(expect.objectContaining({ cameraId: 'cam-2', reasonCode: 'recording.disk-full' }))
    expect(service.status()[1]).toEqual(
      expect.objectContaining({
        cameraId: 'cam-2',
        state: 'stopped',
        reasonCode: 'recording.disk-full',
        reasonParams: { quota: '150000B' },
      }),
    )
    // It stays stopped on the next evaluation: the store has no room yet.
    service.evaluate()
    expect(service.status()[1]!.state).toBe('stopped')
    // Nothing may be deleted and the store keeps growing past the quota: the next camera up stops too.
    play(2)
    await service.flushed()
    await waitFor(() => alerts.length > 1, 30_000, 'a second alert')
    expect(alerts.map((a) => a.cameraId)).toEqual(['cam-2', 'cam-1'])
    expect(service.status().map((s) => s.reasonCode)).toEqual(['recording.disk-full', 'recording.disk-full'])
  })

  it('a disk that refuses the write stops that camera with the reason; the service goes on', async () => {
    const { service, alerts, play, dir } = setUp({ quotaBytes: 1e9, root: '<data>/not-a-directory/recordings' })
    writeFileSync(join(dir.path, 'not-a-directory'), 'a file where the recordings directory should be')
    service.evaluate()
    play(2.1)
    await waitFor(() => alerts.length >= 2, 30_000, 'both cameras to report the failure')
    expect(alerts.map((a) => [a.cameraId, a.reasonCode, a.reasonParams])).toEqual([
      ['cam-1', 'recording.write-failed', { problem: 'ENOTDIR' }],
      ['cam-2', 'recording.write-failed', { problem: 'ENOTDIR' }],
    ])
    expect(service.status().map((s) => [s.state, s.reasonCode])).toEqual([
      ['stopped', 'recording.write-failed'],
      ['stopped', 'recording.write-failed'],
    ])
  })
})

describe('the retention sweep', () => {
  it('logs a sweep that fails and resolves: it runs from timers and file closes, and the next one tries again', async () => {
    const errors: string[] = []
    const logger: Logger = { ...silentLogger, error: (_fields, message) => void errors.push(String(message)) }
    const { service, db } = setUp({ quotaBytes: 1e9, logger })
    db.close()
    await expect(service.sweep()).resolves.toBeUndefined()
    expect(errors).toEqual(['recording retention sweep failed'])
  })
})

describe('the quota in force', () => {
  const GiB = 1024 ** 3
  it.each([
    ['a roomy disk: the configured quota', 20 * GiB, 5 * GiB, 100 * GiB, 20 * GiB],
    [
      'a disk smaller than the quota: what is stored plus what is free above the reserve',
      20 * GiB,
      5 * GiB,
      3 * GiB,
      8 * GiB - DISK_RESERVE_BYTES,
    ],
    ['a full disk: less than what is stored, so the oldest go', 20 * GiB, 5 * GiB, 0, 4 * GiB],
    ['a disk that cannot be measured: the configured quota', 20 * GiB, 5 * GiB, undefined, 20 * GiB],
  ])('%s', (_, configured, stored, free, expected) => {
    expect(effectiveQuota(configured, stored, free)).toBe(expected)
  })
})
