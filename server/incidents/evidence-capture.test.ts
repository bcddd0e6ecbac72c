/** The capture's fallbacks, with fake streams and timers: what is kept when a part of the evidence fails. */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Incident } from '../contracts/incidents.ts'
import type { LiveStream } from '../media/live-stream.ts'
import type { Quality } from '../contracts/media.ts'
import { silentLogger } from '../process/logger.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { captureEvidence, type EvidenceDeps } from './evidence-capture.ts'
import { EvidenceStore } from './evidence-store.ts'
import type { IncidentService } from './incident-service.ts'

const FLAG = Date.parse('2026-12-03T02:00:00Z')
const incident = { id: 7, code: 'SE-20261203-0007', cameraId: 'cam-1' } as Incident
const init = Buffer.from('init')
const segment = Buffer.from('segment')

/** A running stream whose memory holds `secondsBefore` of the flag (negative: it started after it). */
function stream(state: LiveStream['state'], secondsBefore?: number): LiveStream {
  const cut =
    secondsBefore === undefined
      ? undefined
      : { init, read: async () => [segment], startMs: FLAG - secondsBefore * 1000, endMs: FLAG + 5000 }
  return { state, packager: { segmentsBetween: () => cut } } as unknown as LiveStream
}

let tmp: ReturnType<typeof makeTempDir>
let entries: unknown[]
beforeEach(() => {
  vi.useFakeTimers({ now: FLAG })
  tmp = makeTempDir('evidence-capture')
  entries = []
})
afterEach(() => {
  vi.useRealTimers()
  tmp.remove()
})

function deps(streams: Partial<Record<Quality, LiveStream>>, overrides: Partial<EvidenceDeps> = {}): EvidenceDeps {
  return {
    streams: {
      withStream: async (_id, quality, use) => use(streams[quality]!),
      withRunning: async (_id, quality, use) => (streams[quality] ? use(streams[quality]) : undefined),
      peek: (_id, quality) => streams[quality],
    },
    liveKeyframe: async (_id, quality) =>
      (quality ? [quality] : ['main', 'sub']).some((q) => streams[q as Quality]?.state === 'live')
        ? Buffer.from(`keyframe ${quality ?? 'any'}`)
        : undefined,
    cameraSnapshot: async () => Buffer.from('camera'),
    remux: async (job) => {
      throw new Error(`ffmpeg failed on ${job.name}`)
    },
    store: new EvidenceStore(tmp.path),
    incidents: () =>
      ({
        systemChange: (_id: number, _changes: unknown, entry: unknown) => entries.push(entry),
      }) as unknown as IncidentService,
    logger: silentLogger,
    now: Date.now,
    ...overrides,
  }
}

async function capture(d: EvidenceDeps): Promise<void> {
  const done = captureEvidence(incident, d)
  await vi.advanceTimersByTimeAsync(10_000)
  await done
}

const stored = (name: string) => readFileSync(`${tmp.path}/7/${name}`)

describe('captureEvidence', () => {
  it('keeps the cut fragmented MP4 when the remux fails: evidence is never dropped for its container', async () => {
    await capture(deps({ main: stream('live', -1), sub: stream('live', 10) }))
    expect(stored('clip.mp4')).toEqual(Buffer.concat([init, segment]))
    expect(entries).toContainEqual(
      expect.objectContaining({ text: 'clip', data: expect.objectContaining({ quality: 'sub' }) }),
    )
  })

  it('takes main’s keyframe for the snapshot once main is live', async () => {
    await capture(deps({ main: stream('live', 10) }))
    expect(stored('snapshot.jpg').toString()).toBe('keyframe main')
  })

  it('takes the camera’s own picture when main is not live within a moment of the flag', async () => {
    await capture(deps({ main: stream('starting'), sub: stream('live', 10) }))
    expect(stored('snapshot.jpg').toString()).toBe('camera')
  })

  it('falls back to whatever stream runs when the camera gives no picture', async () => {
    await capture(
      deps({ main: stream('starting'), sub: stream('live', 10) }, { cameraSnapshot: async () => undefined }),
    )
    expect(stored('snapshot.jpg').toString()).toBe('keyframe any')
  })

  it('at the restream limit (main refused), the clip comes from the sub stream that runs', async () => {
    const d = deps({ sub: stream('live', 10) }, { remux: async () => undefined })
    d.streams.withStream = async () => {
      throw new Error('the server already restreams 64 cameras, its limit')
    }
    await capture(d)
    expect(entries).toContainEqual(
      expect.objectContaining({ text: 'clip', data: expect.objectContaining({ quality: 'sub' }) }),
    )
  })

  it('with no video in memory at all, no clip: only the snapshot is recorded', async () => {
    await capture(deps({ main: stream('starting') }))
    expect(entries).toEqual([expect.objectContaining({ text: 'snapshot' })])
  })

  it('a recorded camera’s clip comes from the recording: the minute before the flag and the seconds after', async () => {
    const asked: number[][] = []
    const recordedClip: EvidenceDeps['recordedClip'] = async (_id, fromMs, toMs) => {
      asked.push([fromMs - FLAG, toMs - FLAG])
      return { quality: 'sub', startMs: FLAG - 61_000, endMs: FLAG + 5_000 }
    }
    await capture(deps({ main: stream('live', 10), sub: stream('live', 10) }, { recordedClip }))
    expect(asked).toEqual([[-60_000, 5_000]])
    expect(entries).toContainEqual(
      expect.objectContaining({
        text: 'clip',
        data: { file: 'clip.mp4', quality: 'sub', seconds: 66, source: 'recording' },
      }),
    )
  })

  it('without a recording to use (not recorded, or it failed) the clip is cut from memory as before', async () => {
    for (const recordedClip of [async () => undefined, async () => Promise.reject(new Error('disk gone'))]) {
      entries = []
      await capture(deps({ main: stream('live', 10) }, { recordedClip, remux: async () => undefined }))
      expect(entries).toContainEqual(
        expect.objectContaining({ text: 'clip', data: expect.objectContaining({ quality: 'main', seconds: 15 }) }),
      )
    }
  })
})
