/**
 * Where each camera's video comes from: the configured sources with their credentials, one ONVIF session
 * per camera, and the StreamSourceResolver the media domain asks (`app.streamSources`). With `warmUp`,
 * every ONVIF camera is resolved in the background once the server is ready (8 at a time), so the first
 * viewer does not wait for ONVIF.
 */
import fp from 'fastify-plugin'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { CameraMediaRepository } from './camera-media-repository.ts'
import { CameraSources } from './camera-sources.ts'
import { CameraStreamSources } from './camera-stream-sources.ts'
import { OnvifDevices, type OnvifTimeouts } from './onvif/onvif-devices.ts'
import { RtspRelay } from './rtsp-relay/rtsp-relay.ts'

declare module 'fastify' {
  interface FastifyInstance {
    cameraSources: CameraSources
    onvifDevices: OnvifDevices
    /** The StreamSourceResolver (server/cameras/stream-source.ts) for the media domain. */
    streamSources: CameraStreamSources
    /** The loopback RTSP relay through which ffmpeg reaches cameras that need a password. */
    rtspRelay: RtspRelay
  }
}

export interface CameraSourcesOptions {
  config: CameraConfig
  /** Resolve every ONVIF camera in the background when the server is ready. */
  warmUp: boolean
  onvifConcurrency?: number
  onvifTimeouts?: OnvifTimeouts
  env?: Record<string, string | undefined>
}

export const cameraSourcesPlugin = fp<CameraSourcesOptions>(
  async (app, o) => {
    const sources = new CameraSources(o.config.cameras, o.env)
    const devices = new OnvifDevices(o.onvifTimeouts)
    // Cameras' passwords stay in this process: ffmpeg pulls through the loopback relay.
    const relay = new RtspRelay({ logger: app.log })
    await relay.listen()
    const streams = new CameraStreamSources(
      sources,
      devices,
      new CameraMediaRepository(app.db),
      app.log,
      relay,
      o.onvifConcurrency ?? 8,
    )
    for (const source of sources.onvif()) {
      // onvif 0.8.3 hashes the WS-Security password as ASCII and puts the user name into XML unescaped.
      const username = source.credentials?.username ?? ''
      if (/[^\x20-\x7e]/.test(source.credentials?.revealPassword() ?? '') || /[<>&"']/.test(username)) {
        app.log.warn(
          { camera: source.id },
          "this ONVIF camera's password has non-ASCII characters or its user name has <>&\"'; ONVIF login will fail: change them on the camera",
        )
      }
    }
    app.decorate('cameraSources', sources)
    app.decorate('onvifDevices', devices)
    app.decorate('streamSources', streams)
    app.decorate('rtspRelay', relay)

    if (o.warmUp) {
      app.addHook('onReady', async () => {
        // Not awaited: the server answers while cameras resolve.
        void streams.warmUp().then((r) => app.log.info(r, 'ONVIF cameras resolved at start'))
      })
    }
    app.addHook('onClose', async () => {
      streams.close()
      await relay.close()
    })
  },
  { name: 'camera-sources', dependencies: ['db', 'cameras'] },
)
