import { describe, expect, it } from 'vitest'
import type { CameraDefinition } from '../../contracts/camera-config.ts'
import { silentLogger } from '../../process/logger.ts'
import { CameraFailure } from '../camera-failure.ts'
import { CameraSources } from '../camera-sources.ts'
import type { CameraStreamSources } from '../camera-stream-sources.ts'
import type { CameraMedia } from '../onvif/onvif-media-resolver.ts'
import { SnapshotService, type SnapshotDeps } from './snapshot-service.ts'

const jpeg = (tag: number) => Buffer.from([0xff, 0xd8, 0xff, tag])
const camera: CameraDefinition = {
  id: 'cam-1',
  name: 'x',
  categories: ['school'],
  community: 'c',
  grid: 'g',
  location: { lat: 0, lng: 0 },
  source: { type: 'onvif', host: '127.0.0.1', port: 1, username: 'admin', password: 'pw' },
}
const media = { snapshotUri: 'http://127.0.0.1:1/snap.jpg' } as CameraMedia
// Only the two methods the service calls; the rest of the resolver is not involved here.
const streams = {
  media: async () => media,
  resolve: async () => ({
    url: 'rtsp://127.0.0.1:9/token/cam/sub',
    displayUrl: 'rtsp://127.0.0.1/sub',
    codec: 'h264' as const,
    release: () => {},
  }),
} as unknown as CameraStreamSources

function service(overrides: Partial<SnapshotDeps>, log: string[]): SnapshotService {
  return new SnapshotService({
    sources: new CameraSources([camera], {}),
    streams,
    logger: silentLogger,
    liveKeyframe: async () => undefined,
    fetchSnapshot: async () => {
      log.push('onvif')
      return jpeg(1)
    },
    grabFrame: async () => {
      log.push('stream')
      return jpeg(2)
    },
    ...overrides,
  })
}

describe('where a snapshot comes from', () => {
  it("the running stream's keyframe first, without asking the camera", async () => {
    const log: string[] = []
    const snapshot = await service({ liveKeyframe: async () => jpeg(9) }, log).get('cam-1')
    expect([snapshot.origin, log]).toEqual(['live', []])
  })

  it("for evidence, the camera's own picture even while a stream runs, never one reused", async () => {
    const log: string[] = []
    const s = service({ liveKeyframe: async () => jpeg(9) }, log)
    await s.get('cam-1')
    expect(await s.fromCamera('cam-1')).toEqual(jpeg(1))
    expect(log).toEqual(['onvif'])
  })

  it('the ONVIF snapshot URI when no stream runs', async () => {
    const log: string[] = []
    expect((await service({}, log).get('cam-1')).origin).toBe('onvif')
    expect(log).toEqual(['onvif'])
  })

  it('a frame from the stream when the snapshot service is broken', async () => {
    const log: string[] = []
    const s = service(
      {
        fetchSnapshot: async () => {
          log.push('onvif')
          throw new CameraFailure('offline', 'snapshot: HTTP 500')
        },
      },
      log,
    )
    expect((await s.get('cam-1')).origin).toBe('stream')
    expect(log).toEqual(['onvif', 'stream'])
  })

  it('no second try when the camera refused the password: ffmpeg would be refused too', async () => {
    const log: string[] = []
    const s = service(
      {
        fetchSnapshot: async () => {
          log.push('onvif')
          throw new CameraFailure('auth-failed', 'snapshot: refused')
        },
      },
      log,
    )
    await expect(s.get('cam-1')).rejects.toMatchObject({ kind: 'auth-failed' })
    expect(log).toEqual(['onvif'])
  })

  it('reuses a picture within the reuse window and fetches anew after it', async () => {
    const log: string[] = []
    let now = 1_000
    const s = service({ now: () => now, reuseMs: 1_000 }, log)
    await Promise.all([s.get('cam-1'), s.get('cam-1'), s.get('cam-1')])
    now += 999
    await s.get('cam-1')
    expect(s.upstreamFetches).toBe(1)
    now += 2
    await s.get('cam-1')
    expect(s.upstreamFetches).toBe(2)
  })
})
