/**
 * Where a camera's stream is pulled from. The media domain asks this; the cameras domain answers from the
 * configuration (explicit RTSP) or from ONVIF (resolved once, stored, refreshed on failure).
 */
import type { Quality } from '../contracts/media.ts'

export type SourceCodec = 'h264' | 'h265' | 'unknown'

export interface ResolvedStream {
  /**
   * The URL for ffmpeg, without credentials: a camera that needs a password is reached through the RTSP
   * relay (cameras/rtsp-relay/), whose URL holds only a token. Not logged: the token is worth a stream.
   */
  url: string
  /** The same URL without credentials, for logs and the store. */
  displayUrl: string
  codec: SourceCodec
  width?: number
  height?: number
  /** Ends the relay token of `url` (when the ffmpeg using it has ended). Idempotent; a no-op for direct URLs. */
  release(): void
}

export interface StreamSourceResolver {
  resolve(cameraId: string, quality: Quality): Promise<ResolvedStream>
  /** Pulling failed in a way that suggests a stale address: resolve afresh next time. */
  invalidate(cameraId: string): void
}

/** The camera is unknown, unreachable or refuses us: carries a message an operator can act on. */
export class StreamSourceError extends Error {
  constructor(
    readonly cameraId: string,
    readonly kind: 'unknown-camera' | 'auth-failed' | 'unreachable' | 'no-stream',
    message: string,
  ) {
    super(message)
  }
}
