/**
 * Evidence for an incident flagged on a camera: a snapshot at the moment of flagging (from the live
 * stream's memory, else the camera) and a clip of ~10 s before and ~5 s after, cut from the live stream's
 * own segments without re-encoding (fragmented MP4 is a playable MP4). Runs in the background: the
 * incident exists before either is saved.
 */
import type { Incident } from '../contracts/incidents.ts'
import type { Logger } from '../process/logger.ts'
import type { StreamManager } from '../media/stream-manager.ts'
import type { EvidenceStore } from './evidence-store.ts'
import type { IncidentService } from './incident-service.ts'

export const CLIP_BEFORE_MS = 10_000
export const CLIP_AFTER_MS = 5_000
// The segment holding the last after-second completes up to a segment later.
const CLIP_SETTLE_MS = 2_000

export interface EvidenceDeps {
  streams: StreamManager
  liveKeyframe: (cameraId: string) => Promise<Buffer | undefined>
  cameraSnapshot: (cameraId: string) => Promise<Buffer | undefined>
  store: EvidenceStore
  incidents: () => IncidentService
  logger: Logger
  now: () => number
}

export function captureEvidence(incident: Incident, deps: EvidenceDeps): Promise<void> {
  const cameraId = incident.cameraId
  if (!cameraId) return Promise.resolve()
  const flaggedAt = deps.now()
  // The tile that flagged it plays the sub stream; a maximised one the main. Take the best that runs,
  // or start the sub stream now so that at least the seconds after the flag are kept.
  const stream = deps.streams.peek(cameraId, 'main')?.state === 'live' ? ('main' as const) : ('sub' as const)
  try {
    deps.streams.touch(cameraId, stream)
  } catch (error) {
    // At the restream limit: the snapshot still comes from the camera; the clip has to do without.
    deps.logger.warn(
      { incident: incident.code, cameraId, reason: (error as Error).message },
      'no stream for the incident clip',
    )
  }

  const snapshot = (async () => {
    const jpeg =
      (await deps.liveKeyframe(cameraId).catch(() => undefined)) ??
      (await deps.cameraSnapshot(cameraId).catch(() => undefined))
    if (!jpeg)
      return deps.logger.warn({ incident: incident.code, cameraId }, 'no snapshot could be taken for the incident')
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

  const clip = new Promise<void>((resolve) => {
    setTimeout(() => {
      try {
        const cut = deps.streams
          .peek(cameraId, stream)
          ?.packager.segmentsBetween(flaggedAt - CLIP_BEFORE_MS, flaggedAt + CLIP_AFTER_MS)
        if (!cut || cut.segments.length === 0) {
          deps.logger.warn({ incident: incident.code, cameraId }, 'no video in memory for the incident clip')
          return
        }
        deps.store.write(incident.id, 'clip.mp4', Buffer.concat([cut.init, ...cut.segments]))
        deps
          .incidents()
          .systemChange(
            incident.id,
            { has_clip: 1 },
            { kind: 'evidence', text: 'clip', data: { file: 'clip.mp4', segments: cut.segments.length } },
            'evidence',
          )
      } finally {
        resolve()
      }
    }, CLIP_AFTER_MS + CLIP_SETTLE_MS).unref()
  })
  return Promise.all([snapshot, clip]).then(
    () => undefined,
    (error: unknown) => {
      deps.logger.error({ err: error, incident: incident.code }, 'saving incident evidence failed')
    },
  )
}
