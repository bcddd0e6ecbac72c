/**
 * One health check of one camera, as an Observation. ONVIF cameras: GetSystemDateAndTime (answers without
 * credentials: proves the device is there) and GetDeviceInformation (needs them: a wrong password shows).
 * RTSP cameras: OPTIONS + DESCRIBE with authentication on the main stream. A camera whose stream runs right
 * now is alive by definition and costs no request; one that is watched but failing speaks for the camera.
 */
import { classifyFailure } from '../camera-failure.ts'
import type { PulledCameraSource } from '../camera-sources.ts'
import type { OnvifDevices } from '../onvif/onvif-devices.ts'
import type { Observation } from './camera-health-state.ts'
import { probeRtsp } from './rtsp-probe.ts'

export interface HealthCheckDeps {
  devices: OnvifDevices
  isStreaming(cameraId: string): boolean
  /** What a watched stream found (cameras can be asked later): its failure stands for the camera's. */
  streamObservation?(cameraId: string): Observation | undefined
  rtspTimeoutMs: number
}

export async function checkCamera(source: PulledCameraSource, deps: HealthCheckDeps): Promise<Observation> {
  if (deps.isStreaming(source.id)) return { ok: true }
  // A stream that stalls while the camera still answers RTSP would otherwise flip the camera back online.
  const streamed = deps.streamObservation?.(source.id)
  if (streamed) return streamed
  try {
    if (source.type === 'onvif') {
      await deps.devices.systemDateAndTime(source)
      await deps.devices.call(source, 'ONVIF GetDeviceInformation', (cam, cb) => cam.getDeviceInformation(cb))
    } else {
      await probeRtsp(source.main, source.credentials, deps.rtspTimeoutMs)
    }
    return { ok: true }
  } catch (error) {
    const failure = classifyFailure(error, source.type === 'onvif' ? 'ONVIF' : 'RTSP')
    return { ok: false, kind: failure.kind, detail: failure.message }
  }
}
