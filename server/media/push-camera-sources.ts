/**
 * Push cameras (RTMP) are pulled from the ingest on loopback; every other camera is resolved by the
 * cameras domain. Both look the same to the stream manager.
 */
import type { ResolvedStream, StreamSourceResolver } from '../cameras/stream-source.ts'
import type { RtmpIngest } from './rtmp/rtmp-ingest-plugin.ts'

export function withPushCameras(pulled: StreamSourceResolver, ingest: RtmpIngest | null): StreamSourceResolver {
  if (!ingest) return pulled
  return {
    async resolve(cameraId, quality): Promise<ResolvedStream> {
      const url = ingest.pullUrl(cameraId)
      if (url === undefined) return pulled.resolve(cameraId, quality)
      // One pushed stream serves both qualities: push cameras send one, already modest, stream.
      return {
        url,
        displayUrl: `rtmp://127.0.0.1:${ingest.port}/live/(${cameraId})`,
        codec: 'unknown',
        release: () => {},
      }
    },
    invalidate(cameraId) {
      if (ingest.pullUrl(cameraId) === undefined) pulled.invalidate(cameraId)
    },
  }
}
