/**
 * Where each configured camera is reached and with which credentials: the one place that reads camera
 * sources (and their passwords) from the configuration. Everything else asks here by camera id.
 * Credentials are read eagerly at start, so a missing `passwordEnv` variable fails the start, not the
 * first stream at 3 a.m.
 */
import type { CameraDefinition } from '../contracts/camera-config.ts'
import { credentialsOf, type CameraCredentials } from './camera-credentials.ts'

export const DEFAULT_ONVIF_PATH = '/onvif/device_service'

interface Common {
  id: string
  /** The configuration says the camera can pan, tilt and zoom. */
  ptz: boolean
  credentials: CameraCredentials | null
}

export interface OnvifCameraSource extends Common {
  type: 'onvif'
  host: string
  port: number
  /** Device service path. */
  path: string
}

export interface RtspCameraSource extends Common {
  type: 'rtsp'
  /** rtsp:// URLs without credentials, as configured. */
  main: string
  sub: string | undefined
}

/** Pushes RTMP to the console: the media domain's ingest serves it; nothing here talks to it. */
export interface PushCameraSource extends Common {
  type: 'rtmp-push'
}

export type CameraSourceEntry = OnvifCameraSource | RtspCameraSource | PushCameraSource

/** The cameras this domain talks to itself (health checks): ONVIF and RTSP. */
export type PulledCameraSource = OnvifCameraSource | RtspCameraSource

export class CameraSources {
  private readonly byId = new Map<string, CameraSourceEntry>()

  constructor(cameras: readonly CameraDefinition[], env: Record<string, string | undefined> = process.env) {
    for (const camera of cameras) {
      const common = { id: camera.id, ptz: camera.ptz ?? false, credentials: credentialsOf(camera, env) }
      const s = camera.source
      this.byId.set(
        camera.id,
        s.type === 'onvif'
          ? { ...common, type: 'onvif', host: s.host, port: s.port, path: s.path ?? DEFAULT_ONVIF_PATH }
          : s.type === 'rtsp'
            ? { ...common, type: 'rtsp', main: s.main, sub: s.sub }
            : { ...common, type: 'rtmp-push' },
      )
    }
  }

  get(cameraId: string): CameraSourceEntry | undefined {
    return this.byId.get(cameraId)
  }
  all(): CameraSourceEntry[] {
    return [...this.byId.values()]
  }
  onvif(): OnvifCameraSource[] {
    return this.all().filter((s): s is OnvifCameraSource => s.type === 'onvif')
  }
  pulled(): PulledCameraSource[] {
    return this.all().filter((s): s is PulledCameraSource => s.type !== 'rtmp-push')
  }
}

/** `host:port/path` of an ONVIF camera: what a stored resolution belongs to (a moved camera resolves anew). */
export const onvifAddress = (s: OnvifCameraSource): string => `${s.host}:${s.port}${s.path}`
