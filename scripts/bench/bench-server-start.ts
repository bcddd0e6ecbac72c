/**
 * What both benchmark servers share: the real server as a child process on loopback, with `cameraCount`
 * test cameras served by its own simulated fleet, and an admin session cookie (logged in once: the login
 * route is rate-limited). Everything made here is undone by close(), or at once if the start fails.
 */
import type { FleetSettings } from '../../server/contracts/camera-config.ts'
import { makeTempDir } from '../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig, type TestFleetPorts } from '../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../server/testing/test-server.ts'

export interface StartedBenchServer {
  server: TestServer
  ports: TestFleetPorts
  /** `name=value` of the admin's session cookie. */
  cookie: string
  close(): Promise<void>
}

export async function startServerWithCameras(options: {
  name: string
  cameraCount: number
  fleet?: Partial<FleetSettings>
  env: Record<string, string>
  nodeArgs?: string[]
}): Promise<StartedBenchServer> {
  const configDir = makeTempDir(`${options.name}-config`)
  let server: TestServer | undefined
  try {
    const ports = { rtspPort: await freePort(), httpPort: await freePort() }
    writeTestCameraConfig(configDir.path, ports, options.cameraCount, options.fleet)
    // The first start on a machine encodes the fleet's clips.
    server = await startTestServer({
      cameraConfigDir: configDir.path,
      env: { SIMULATED_FLEET: 'on', ...options.env },
      startTimeoutMs: 240_000,
      ...(options.nodeArgs && { nodeArgs: options.nodeArgs }),
    })
    const started = server
    const cookie = await started.login(started.adminUsername, started.adminPassword)
    return {
      server: started,
      ports,
      cookie,
      async close() {
        await started.close()
        configDir.remove()
      },
    }
  } catch (error) {
    await server?.close()
    configDir.remove()
    throw error
  }
}
