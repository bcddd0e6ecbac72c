/**
 * A camera's current picture, from the cheapest source that has one: the live stream's last keyframe
 * (already in memory when someone watches), else the camera's ONVIF snapshot URI, else one frame grabbed
 * with ffmpeg from the sub stream. Under load, concurrent requests for one camera share one fetch, and a
 * picture is reused for `reuseMs` (a wall of 16 tiles refreshing together costs the camera one request).
 */
import type { Logger } from '../../process/logger.ts'
import { SingleFlight } from '../async-tools.ts'
import { CameraFailure, classifyFailure } from '../camera-failure.ts'
import type { CameraSourceEntry, CameraSources } from '../camera-sources.ts'
import type { CameraStreamSources } from '../camera-stream-sources.ts'
import { StreamSourceError } from '../stream-source.ts'

export type SnapshotOrigin = 'live' | 'onvif' | 'stream'

export interface Snapshot {
  jpeg: Buffer
  origin: SnapshotOrigin
  takenAt: number
}

export interface SnapshotDeps {
  sources: CameraSources
  streams: CameraStreamSources
  liveKeyframe(cameraId: string): Promise<Buffer | undefined>
  fetchSnapshot(uri: string, source: CameraSourceEntry): Promise<Buffer>
  /** `cameraUrl`: the camera's own address (no credentials), where `url` may be the relay's. */
  grabFrame(cameraId: string, url: string, cameraUrl: string): Promise<Buffer>
  logger: Logger
  reuseMs?: number
  now?: () => number
}

export class UnknownCameraError extends Error {}

export class SnapshotService {
  private readonly flights = new SingleFlight<string, Snapshot>()
  private readonly recent = new Map<string, Snapshot>()
  /** Pictures fetched from a camera or a stream (not reused): for measurements and tests. */
  upstreamFetches = 0

  constructor(private readonly deps: SnapshotDeps) {}

  async get(cameraId: string): Promise<Snapshot> {
    const source = this.deps.sources.get(cameraId)
    if (!source) throw new UnknownCameraError(`no camera "${cameraId}"`)
    const now = this.now()
    const recent = this.recent.get(cameraId)
    if (recent && now - recent.takenAt < this.reuseMs) return recent
    return this.flights.run(cameraId, async () => {
      const snapshot = await this.take(source)
      this.recent.set(cameraId, snapshot)
      // Forget it once too old, so 320 cameras' pictures do not stay in memory.
      setTimeout(() => {
        if (this.recent.get(cameraId) === snapshot) this.recent.delete(cameraId)
      }, this.reuseMs).unref()
      return snapshot
    })
  }

  /**
   * The camera's own picture (its ONVIF snapshot, else a frame grabbed from its sub stream), never a
   * running stream's keyframe nor a reused one: for evidence when the main stream has none to give.
   */
  async fromCamera(cameraId: string): Promise<Buffer> {
    const source = this.deps.sources.get(cameraId)
    if (!source) throw new UnknownCameraError(`no camera "${cameraId}"`)
    return (await this.take(source, { live: false })).jpeg
  }

  private get reuseMs(): number {
    return this.deps.reuseMs ?? 1_000
  }
  private now(): number {
    return this.deps.now?.() ?? Date.now()
  }

  private async take(source: CameraSourceEntry, from = { live: true }): Promise<Snapshot> {
    const live = from.live ? await this.deps.liveKeyframe(source.id).catch(() => undefined) : undefined
    if (live) return { jpeg: live, origin: 'live', takenAt: this.now() }
    this.upstreamFetches++
    try {
      if (source.type === 'onvif') {
        const media = await this.deps.streams.media(source)
        if (media.snapshotUri) {
          try {
            return {
              jpeg: await this.deps.fetchSnapshot(media.snapshotUri, source),
              origin: 'onvif',
              takenAt: this.now(),
            }
          } catch (error) {
            const failure = classifyFailure(error, 'snapshot')
            // A refused password or a silent camera will not do better over RTSP; a broken snapshot service may.
            if (failure.kind !== 'offline') throw failure
            this.deps.logger.warn(
              { camera: source.id, detail: failure.message },
              'snapshot URI failed; grabbing a frame from the stream',
            )
          }
        }
      }
      const stream = await this.deps.streams.resolve(source.id, 'sub')
      try {
        return {
          jpeg: await this.deps.grabFrame(source.id, stream.url, stream.displayUrl),
          origin: 'stream',
          takenAt: this.now(),
        }
      } finally {
        stream.release()
      }
    } catch (error) {
      if (error instanceof StreamSourceError) {
        throw new CameraFailure(
          error.kind === 'auth-failed' || error.kind === 'unreachable' ? error.kind : 'offline',
          error.message,
        )
      }
      throw classifyFailure(error, 'snapshot')
    }
  }
}
