/**
 * StreamSourceResolver for both source types. Explicit RTSP: the configured URLs. ONVIF: resolved once and
 * kept in memory and in the store; concurrent callers for one camera share one resolution; at most
 * `concurrency` resolutions talk to cameras at once, so 320 cameras at start do not stampede.
 * A failed pull calls `invalidate`, and the next resolve asks the camera afresh.
 */
import type { Logger } from '../process/logger.ts'
import { Limiter, SingleFlight } from './async-tools.ts'
import { CameraFailure } from './camera-failure.ts'
import type { CameraMediaRepository } from './camera-media-repository.ts'
import { onvifAddress, type CameraSources, type OnvifCameraSource } from './camera-sources.ts'
import type { CameraCredentials } from './camera-credentials.ts'
import { withoutCredentials } from './media-url.ts'
import type { OnvifDevices } from './onvif/onvif-devices.ts'
import { resolveOnvifMedia, type CameraMedia } from './onvif/onvif-media-resolver.ts'
import type { RelayLease } from './rtsp-relay/rtsp-relay.ts'
import type { Quality } from '../contracts/media.ts'
import { StreamSourceError, type ResolvedStream, type StreamSourceResolver } from './stream-source.ts'

export interface WarmUpResult {
  resolved: number
  failed: number
  ms: number
}

/** Where ffmpeg is pointed for a camera that needs a password (the RTSP relay). */
export interface StreamRelay {
  register(cameraUrl: string, credentials: CameraCredentials | null, label: string): RelayLease
}

export class CameraStreamSources implements StreamSourceResolver {
  private readonly memory = new Map<string, CameraMedia>()
  private readonly flights = new SingleFlight<string, CameraMedia>()
  private readonly limiter: Limiter
  /** Resolutions that went to a camera (not memory, not the store): for measurements and tests. */
  onvifResolutions = 0
  private closed = false

  constructor(
    private readonly sources: CameraSources,
    private readonly devices: OnvifDevices,
    private readonly store: CameraMediaRepository,
    private readonly logger: Logger,
    private readonly relay: StreamRelay,
    concurrency = 8,
  ) {
    this.limiter = new Limiter(concurrency)
  }

  async resolve(cameraId: string, quality: Quality): Promise<ResolvedStream> {
    const source = this.sources.get(cameraId)
    if (!source) throw new StreamSourceError(cameraId, 'unknown-camera', `no camera "${cameraId}" in the configuration`)
    if (source.type === 'rtmp-push')
      throw new StreamSourceError(
        cameraId,
        'no-stream',
        `camera ${cameraId} pushes its stream over RTMP; the ingest serves it`,
      )
    if (source.type === 'rtsp') {
      // No sub stream configured: the main one serves both.
      const url = quality === 'sub' && source.sub ? source.sub : source.main
      return {
        ...this.pullUrl(url, source.credentials, `${cameraId}/${quality}`),
        displayUrl: withoutCredentials(url),
        codec: 'unknown',
      }
    }
    const stream = (await this.media(source))[quality]
    return {
      ...this.pullUrl(stream.uri, source.credentials, `${cameraId}/${quality}`),
      displayUrl: withoutCredentials(stream.uri),
      codec: stream.codec,
      ...(stream.width ? { width: stream.width } : {}),
      ...(stream.height ? { height: stream.height } : {}),
    }
  }

  /**
   * A camera that needs a password (configured, or inside the URI it handed out) is pulled through the
   * relay, so the password never reaches a command line; an open camera directly.
   */
  private pullUrl(
    url: string,
    credentials: CameraCredentials | null,
    label: string,
  ): Pick<ResolvedStream, 'url' | 'release'> {
    if (credentials === null && withoutCredentials(url) === url) return { url, release: () => {} }
    return this.relay.register(url, credentials, label)
  }

  invalidate(cameraId: string): void {
    this.memory.delete(cameraId)
    this.devices.forget(cameraId)
    this.store.invalidate(cameraId)
  }

  /** The resolved media of an ONVIF camera (memory, else store, else the camera), for snapshots and PTZ. */
  async media(source: OnvifCameraSource): Promise<CameraMedia> {
    const cached = this.memory.get(source.id)
    if (cached) return cached
    const address = onvifAddress(source)
    const stored = this.store.fresh(source.id, address)
    if (stored) {
      this.memory.set(source.id, stored)
      return stored
    }
    return this.flights.run(source.id, () =>
      this.limiter.run(async () => {
        if (this.closed) throw new StreamSourceError(source.id, 'unreachable', 'the server is shutting down')
        try {
          this.onvifResolutions++
          const media = await resolveOnvifMedia(this.devices, source, address)
          // After close the store is gone; a late answer is dropped.
          if (this.closed) return media
          this.memory.set(source.id, media)
          this.store.save(media)
          this.logger.debug(
            { camera: source.id, main: media.main.uri, sub: media.sub.uri, model: media.device.model },
            'camera streams resolved over ONVIF',
          )
          return media
        } catch (error) {
          if (!(error instanceof CameraFailure)) throw error
          this.logger.warn(
            { camera: source.id, kind: error.kind, detail: error.message },
            'camera streams could not be resolved',
          )
          throw new StreamSourceError(source.id, error.kind === 'offline' ? 'no-stream' : error.kind, error.message)
        }
      }),
    )
  }

  /** Queued resolutions fail fast from now on, and late answers are not stored. */
  close(): void {
    this.closed = true
  }

  /** Resolves every ONVIF camera not yet known, through the limiter; failures are left for later. */
  async warmUp(): Promise<WarmUpResult> {
    const started = performance.now()
    const results = await Promise.allSettled(this.sources.onvif().map((s) => this.media(s)))
    const failed = results.filter((r) => r.status === 'rejected').length
    return { resolved: results.length - failed, failed, ms: Math.round(performance.now() - started) }
  }
}
