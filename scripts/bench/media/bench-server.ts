/**
 * The real console server for the benchmark: a child process on loopback with 130 simulated cameras (the
 * server starts the fleet as its own child), caps raised for 128 streams, health checks off (they would
 * add RTSP sessions of their own), streams stopped 10 s after their last request. Logs in once over HTTP
 * for a session cookie: the login route is rate-limited.
 */
import { commandLine, snapshotProcesses, treeOf } from './proc-stat.ts'
import { CAMERA_COUNT, gopOverrides } from './bench-cameras.ts'
import { testCameraPassword } from '../../../server/testing/test-camera-config.ts'
import { startServerWithCameras } from '../bench-server-start.ts'

export interface BenchServer {
  url: string
  pid: number
  /** `se_session=...`, for fetch and for the browser context. */
  cookie: { name: string; value: string }
  rtspUrl(cameraId: string, quality: string): string
  /** The fleet's process (a child of the server), whose tree is measured apart from the server's. */
  fleetPid(): number | undefined
  output(): string
  close(): Promise<void>
}

export async function startBenchServer(nodeArgs?: string[]): Promise<BenchServer> {
  const started = await startServerWithCameras({
    name: 'bench-media',
    cameraCount: CAMERA_COUNT,
    fleet: { overrides: gopOverrides() },
    ...(nodeArgs && { nodeArgs }),
    env: {
      LIVE_IDLE_STOP_S: '10',
      MAX_COPY_STREAMS: '200',
      CAMERA_HEALTH_INTERVAL_S: '0',
    },
  })
  const { server, ports } = started
  const equals = started.cookie.indexOf('=')
  return {
    url: server.url,
    pid: server.pid,
    cookie: { name: started.cookie.slice(0, equals), value: started.cookie.slice(equals + 1) },
    rtspUrl: (id, quality) => `rtsp://admin:${testCameraPassword(id)}@127.0.0.1:${ports.rtspPort}/${id}/${quality}`,
    fleetPid: () =>
      treeOf(snapshotProcesses(), server.pid).find((pid) => commandLine(pid).includes('fixtures/fleet/main.ts')),
    output: () => server.output(),
    close: () => started.close(),
  }
}
