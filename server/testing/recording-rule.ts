/** A configuration edit for recording tests: one camera's sub stream recorded always, under `quota`. */
import type { CameraConfig } from '../contracts/camera-config.ts'

export function recordOnly(cameraId: string, quota = '1GiB'): (config: CameraConfig) => void {
  return (config) => {
    config.recording = {
      quota,
      rules: [{ id: 'gate', cameras: [cameraId], quality: 'sub', schedule: 'always', retentionDays: 7 }],
    }
  }
}
