/**
 * Starts the RTMP ingest child when some camera pushes RTMP, and tells the media domain where to pull
 * each push camera from (a signed loopback URL; the stream key never appears in a log or a response).
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { CameraConfig } from '../../contracts/camera-config.ts'
import { nodeArgsFor } from '../../process/node-entry.ts'
import { ProcessPool } from '../../process/process-pool.ts'
import { startReadyChild } from '../../process/ready-child.ts'
import { signedPlayUrl } from './rtmp-sign.ts'

export interface RtmpIngest {
  readonly port: number
  /** The URL ffmpeg pulls a push camera's stream from, or undefined for other cameras. */
  pullUrl(cameraId: string): string | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    rtmpIngest: RtmpIngest | null
  }
}

export interface RtmpIngestOptions {
  config: CameraConfig
  host: string
  port: number
  dataDir: string
  env?: Record<string, string | undefined>
}

export const rtmpIngestPlugin = fp<RtmpIngestOptions>(
  async (app, options) => {
    const env = options.env ?? process.env
    const keys = new Map<string, string>()
    for (const camera of options.config.cameras) {
      if (camera.source.type !== 'rtmp-push') continue
      // The loader has checked that one of the two is given and the variable is set.
      keys.set(camera.id, camera.source.streamKey ?? env[camera.source.streamKeyEnv ?? ''] ?? '')
    }
    if (keys.size === 0) {
      app.decorate('rtmpIngest', null)
      return
    }
    const secret = randomBytes(24).toString('base64url')
    const pool = new ProcessPool({ logger: app.log })
    app.addHook('onClose', async () => pool.closeAll())
    let port = 0
    const { match } = await startReadyChild(pool, {
      name: 'rtmp-ingest',
      command: {
        file: process.execPath,
        args: [
          ...nodeArgsFor('server/media/rtmp/rtmp-ingest-main.ts'),
          '--host',
          options.host,
          '--port',
          String(options.port),
          '--store-dir',
          join(options.dataDir, 'rtmp-ingest'),
        ],
        // The keys and the secret go through the environment, never the (visible) arguments.
        env: { RTMP_PLAY_SECRET: secret, RTMP_STREAM_KEYS: JSON.stringify([...keys.values()]) },
      },
      ready: /rtmp ready port=(\d+)/,
      timeoutMs: 20_000,
      // A restarted ingest with port 0 configured may get another port: follow it.
      onReady: (m) => {
        port = Number(m[1])
      },
    })
    port = Number(match[1])
    app.log.info({ port, pushCameras: keys.size }, 'RTMP ingest ready')
    app.decorate('rtmpIngest', {
      get port() {
        return port
      },
      pullUrl: (cameraId: string) => {
        const key = keys.get(cameraId)
        return key === undefined ? undefined : signedPlayUrl(port, key, secret)
      },
    })
  },
  { name: 'rtmp-ingest' },
)
