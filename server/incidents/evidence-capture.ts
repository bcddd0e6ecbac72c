/**
 * Evidence for an incident flagged on a camera: a snapshot at the moment of flagging and a clip of ~10 s
 * before and ~5 s after, both from the main stream where it has them (evidence-clip.ts says which stream
 * the clip takes). The clip is cut from the live stream's own segments and remuxed, without re-encoding,
 * into a progressive MP4 (moov first, timestamps from 0) that a browser can scrub. A camera being recorded
 * gives a longer clip instead, from its recording: a minute before the flag by default
 * (RECORDED_CLIP_BEFORE_S) and the same ~5 s after (the memory ring holds only 30 s). Runs in the background: the incident exists before either is saved.
 */
import type { Incident } from '../contracts/incidents.ts'
import type { ProgressiveMp4Job } from '../media/mp4/progressive-mp4.ts'
import type { Quality } from '../contracts/media.ts'
import type { StreamManager } from '../media/stream-manager.ts'
import type { Logger } from '../process/logger.ts'
import { CLIP_AFTER_MS, CLIP_BEFORE_MS, chooseClipStream } from './evidence-clip.ts'
import type { EvidenceStore } from './evidence-store.ts'
import type { IncidentService } from './incident-service.ts'

export { CLIP_AFTER_MS, CLIP_BEFORE_MS } from './evidence-clip.ts'

/** How far before the flag a clip from the recording reaches unless the deps say otherwise. */
export const RECORDED_CLIP_BEFORE_MS = 60_000

export interface RecordedClip {
  quality: Quality
  startMs: number
  endMs: number
}

// The segment holding the last after-second completes up to a segment later.
const CLIP_SETTLE_MS = 2_000
// A main stream started at the flag gives its first keyframe within ~0.5-1.5 s (a GOP); past this the
// camera's own snapshot is taken instead of waiting longer.
const SNAPSHOT_MAIN_WAIT_MS = 2_500
const POLL_MS = 100

export interface EvidenceDeps {
  streams: Pick<StreamManager, 'withStream' | 'withRunning' | 'peek'>
  /** A JPEG of the running stream's newest keyframe (of `quality`, else the best that runs). */
  liveKeyframe: (cameraId: string, quality?: Quality) => Promise<Buffer | undefined>
  /** The camera's own picture (ONVIF snapshot), not a stream's. */
  cameraSnapshot: (cameraId: string) => Promise<Buffer | undefined>
  remux: (job: ProgressiveMp4Job) => Promise<unknown>
  store: EvidenceStore
  incidents: () => IncidentService
  logger: Logger
  /**
   * The clip cut from the camera's recording into `output`, when the camera is being recorded and its
   * recording reaches back at least as far as memory would; undefined otherwise.
   */
  recordedClip?: (cameraId: string, fromMs: number, toMs: number, output: string) => Promise<RecordedClip | undefined>
  /** How far before the flag the clip from the recording reaches (RECORDED_CLIP_BEFORE_MS when absent). */
  recordedClipBeforeMs?: number
  /** The media clock: wall time, as the packager stamps its segments. */
  now: () => number
}

export function captureEvidence(incident: Incident, deps: EvidenceDeps): Promise<void> {
  const cameraId = incident.cameraId
  if (!cameraId) return Promise.resolve()
  const flaggedAt = deps.now()
  const log = { incident: incident.code, cameraId }
  const cutAt = flaggedAt + CLIP_AFTER_MS + CLIP_SETTLE_MS
  const untilCut = (): Promise<void> => delay(cutAt - deps.now())

  // The tile that flagged it usually plays the sub stream: start main now so that the seconds after come
  // from it, and keep both streams running (not stopped as idle) until the clip is cut.
  const mainHeld = deps.streams.withStream(cameraId, 'main', untilCut).catch((error: unknown) => {
    // At the restream limit: the sub stream (if it runs) and the camera still give evidence.
    deps.logger.warn({ ...log, reason: (error as Error).message }, 'no main stream for the incident evidence')
  })
  const subHeld = deps.streams.withRunning(cameraId, 'sub', untilCut)

  const snapshot = (async () => {
    const jpeg = await takeSnapshot(cameraId, deps)
    if (!jpeg) return deps.logger.warn(log, 'no snapshot could be taken for the incident')
    deps.store.write(incident.id, 'snapshot.jpg', jpeg)
    deps
      .incidents()
      .systemChange(
        incident.id,
        { has_snapshot: 1 },
        { kind: 'evidence', text: 'snapshot', data: { file: 'snapshot.jpg' } },
        'evidence',
      )
  })()

  const clip = (async () => {
    await Promise.all([mainHeld, subHeld])
    const output = deps.store.pathFor(incident.id, 'clip.mp4')
    const before = deps.recordedClipBeforeMs ?? RECORDED_CLIP_BEFORE_MS
    const recorded = await deps
      .recordedClip?.(cameraId, flaggedAt - before, flaggedAt + CLIP_AFTER_MS, output)
      .catch((error: unknown) => deps.logger.warn({ ...log, err: error }, 'no clip from the recording; from memory'))
    if (recorded) {
      const seconds = Math.round((recorded.endMs - recorded.startMs) / 100) / 10
      deps.incidents().systemChange(
        incident.id,
        { has_clip: 1 },
        {
          kind: 'evidence',
          text: 'clip',
          data: { file: 'clip.mp4', quality: recorded.quality, seconds, source: 'recording' },
        },
        'evidence',
      )
      return
    }
    const from = flaggedAt - CLIP_BEFORE_MS
    const to = flaggedAt + CLIP_AFTER_MS
    const cutFrom = (quality: Quality) => deps.streams.peek(cameraId, quality)?.packager.segmentsBetween(from, to)
    const cuts = { main: cutFrom('main'), sub: cutFrom('sub') }
    const quality = chooseClipStream(flaggedAt, cuts)
    const cut = quality && cuts[quality]
    if (!quality || !cut) return deps.logger.warn(log, 'no video in memory for the incident clip')
    const bytes = [cut.init, ...(await cut.read())]
    try {
      await deps.remux({ input: { bytes }, output, name: incident.code })
    } catch (error) {
      // Still evidence: fragmented MP4 plays, it only cannot be scrubbed before it has loaded.
      deps.logger.warn({ ...log, err: error }, 'the incident clip could not be remuxed; stored as cut')
      deps.store.write(incident.id, 'clip.mp4', Buffer.concat(bytes))
    }
    const seconds = Math.round((cut.endMs - cut.startMs) / 100) / 10
    deps
      .incidents()
      .systemChange(
        incident.id,
        { has_clip: 1 },
        { kind: 'evidence', text: 'clip', data: { file: 'clip.mp4', quality, seconds } },
        'evidence',
      )
  })()

  return Promise.all([snapshot, clip]).then(
    () => undefined,
    (error: unknown) => {
      deps.logger.error({ err: error, incident: incident.code }, 'saving incident evidence failed')
    },
  )
}

/**
 * The newest keyframe of the main stream if it is live within a moment (2.5 s) of the flag; else the
 * camera's own picture (full resolution on an ONVIF camera); else whatever stream runs.
 */
async function takeSnapshot(cameraId: string, deps: EvidenceDeps): Promise<Buffer | undefined> {
  // Counted in polls rather than by `now`: a stopped test clock must not hold the capture forever.
  const mainLive = (): boolean => deps.streams.peek(cameraId, 'main')?.state === 'live'
  for (let waited = 0; !mainLive() && waited < SNAPSHOT_MAIN_WAIT_MS; waited += POLL_MS) await delay(POLL_MS)
  return (
    (await deps.liveKeyframe(cameraId, 'main').catch(() => undefined)) ??
    (await deps.cameraSnapshot(cameraId).catch(() => undefined)) ??
    (await deps.liveKeyframe(cameraId).catch(() => undefined))
  )
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref())
}
