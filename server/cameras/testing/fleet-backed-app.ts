/**
 * An in-process app whose cameras live on an in-process simulated fleet: the test can reach both the
 * app's internals (counters) and the fleet's (faults, PTZ state). Cameras come from writeTestCameraConfig
 * (even index ONVIF, odd index RTSP, the first one PTZ).
 */
import { loadCameraConfig } from '../../config/load-camera-config.ts'
import type { CameraConfig } from '../../contracts/camera-config.ts'
import { startFleet, type RunningFleet } from '../../../fixtures/fleet/fleet.ts'
import { fleetSpecFromConfig } from '../../../fixtures/fleet/fleet-spec-from-config.ts'
import { mediaDir } from '../../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { buildTestApp, type TestApp } from '../../testing/test-app.ts'
import { freePort, writeTestCameraConfig } from '../../testing/test-camera-config.ts'
import { makeTempDir } from '../../testing/temp-dir.ts'

export interface FleetBackedApp {
  t: TestApp
  fleet: RunningFleet
  config: CameraConfig
  close(): Promise<void>
}

export interface FleetBackedOptions {
  cameras: number
  settings?: Record<string, string>
  /** Change the configuration before the fleet and the app see it (e.g. an odd password). */
  edit?: (config: CameraConfig) => void
}

export async function startFleetBackedApp(o: FleetBackedOptions): Promise<FleetBackedApp> {
  const dir = makeTempDir('camera-media-config')
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(dir.path, ports, o.cameras)
  const config = loadCameraConfig(dir.path, {})
  o.edit?.(config)
  const spec = fleetSpecFromConfig(config, mediaDir, {})
  if (!spec) throw new Error('the test configuration has no fleet')
  const fleet = await startFleet(spec, { idleGraceMs: 300 })
  let t: TestApp
  try {
    // The fleet runs in this process; the app must not start another one.
    t = await buildTestApp(o.settings ?? {}, { ...config, fleet: null })
  } catch (error) {
    await fleet.close()
    dir.remove()
    throw error
  }
  return {
    t,
    fleet,
    config,
    async close() {
      await t.close()
      await fleet.close()
      dir.remove()
    },
  }
}
