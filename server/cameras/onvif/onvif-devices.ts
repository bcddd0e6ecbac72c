/**
 * One connected `onvif` Cam per ONVIF camera, made on first use and shared by stream resolution, health
 * checks and PTZ. Each call is a promise with a hard deadline and fails as a CameraFailure; a failed
 * connection is forgotten, so the next call connects afresh (new XAddrs, new clock offset).
 * Connecting costs four requests (GetSystemDateAndTime, GetServices, GetProfiles, GetVideoSources); later
 * calls cost one each.
 */
import onvif from 'onvif'
import { SingleFlight, withDeadline } from '../async-tools.ts'
import { classifyFailure } from '../camera-failure.ts'
import type { OnvifCameraSource } from '../camera-sources.ts'
import type { Json } from './onvif-parse.ts'

export type OnvifCam = InstanceType<typeof onvif.Cam>

export interface OnvifTimeouts {
  /** One SOAP request (the package's socket timeout and our deadline per call). */
  requestMs: number
  /** The four requests of a connect together. */
  connectMs: number
}

export const DEFAULT_ONVIF_TIMEOUTS: OnvifTimeouts = { requestMs: 4_000, connectMs: 8_000 }

type Callback = (error: Error | null, result?: Json) => void

export class OnvifDevices {
  private readonly cams = new Map<string, OnvifCam>()
  private readonly connecting = new SingleFlight<string, OnvifCam>()

  constructor(private readonly timeouts: OnvifTimeouts = DEFAULT_ONVIF_TIMEOUTS) {}

  /** The connected Cam of this camera, connecting when there is none. */
  connect(source: OnvifCameraSource): Promise<OnvifCam> {
    const cam = this.cams.get(source.id)
    if (cam) return Promise.resolve(cam)
    return this.connecting.run(source.id, async () => {
      const fresh = new onvif.Cam({
        hostname: source.host,
        port: source.port,
        path: source.path,
        username: source.credentials?.username,
        password: source.credentials?.revealPassword(),
        timeout: this.timeouts.requestMs,
        autoconnect: false,
        // The configured address wins over the XAddrs a camera reports (often a LAN address behind NAT).
        preserveAddress: true,
      })
      // The package emits 'warning' for odd devices; keep it from reaching the console.
      fresh.on('warning', () => undefined)
      await this.settle(source, 'ONVIF connect', this.timeouts.connectMs, (cb) => fresh.connect(cb))
      this.cams.set(source.id, fresh)
      return fresh
    })
  }

  /** Calls one method of the camera's Cam; on failure the Cam is dropped so the next call reconnects. */
  async call(
    source: OnvifCameraSource,
    what: string,
    invoke: (cam: OnvifCam, callback: Callback) => void,
  ): Promise<Json> {
    const cam = await this.connect(source)
    return this.settle(source, what, this.timeouts.requestMs, (cb) => invoke(cam, cb))
  }

  /** GetSystemDateAndTime: open on every ONVIF device (no credentials), so it proves only that it answers. */
  async systemDateAndTime(source: OnvifCameraSource): Promise<void> {
    const cam = this.cams.get(source.id)
    if (!cam) {
      // Not connected yet: connecting asks the time first anyway.
      await this.connect(source)
      return
    }
    await this.settle(source, 'ONVIF GetSystemDateAndTime', this.timeouts.requestMs, (cb) =>
      cam.getSystemDateAndTime(cb),
    )
  }

  forget(cameraId: string): void {
    this.cams.delete(cameraId)
  }

  private async settle(
    source: OnvifCameraSource,
    what: string,
    ms: number,
    invoke: (callback: Callback) => void,
  ): Promise<Json> {
    try {
      return await withDeadline(
        new Promise<Json>((resolve, reject) => {
          invoke((error, result) => (error ? reject(error) : resolve(result)))
        }),
        ms,
        what,
      )
    } catch (error) {
      this.forget(source.id)
      throw classifyFailure(error, what)
    }
  }
}
