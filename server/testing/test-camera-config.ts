/**
 * A small camera configuration for tests: the shipped organisation (categories, communities, grids,
 * departments, routing) with N cameras on a simulated fleet at the given ports.
 */
import { randomInt } from 'node:crypto'
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { CameraDefinition, FleetSettings } from '../contracts/camera-config.ts'
import { SHIPPED_CONFIG_DIR } from './test-app.ts'

export interface TestFleetPorts {
  rtspPort: number
  httpPort: number
}

/** Where test ports are picked from: below the kernel's range for the local ports of outgoing connections. */
const PICK_FROM = 20_000

/** The first port of the kernel's range for outgoing connections' own ports (32768 where it cannot be read). */
const OUTGOING_PORTS_FROM = ((): number => {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    return Number.isInteger(low) ? low : 32_768
  } catch {
    return 32_768
  }
})()

/** The port `port` (0: any) bound on loopback and closed again; undefined when it could not be bound. */
async function bindAndClose(port: number): Promise<number | undefined> {
  const server = createServer()
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => resolve(true))
  })
  if (!bound) return undefined
  const { port: got } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return got
}

/**
 * A port that was free a moment ago (loopback only), for a server or fleet that binds it later, or binds it
 * again after a restart. Picked below the kernel's range for outgoing connections: a port from that range
 * (as `listen(0)` gives) can become some connection's own port in between (Chromium's, ffmpeg's, another
 * test file's), and the later bind then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const below = OUTGOING_PORTS_FROM
  for (let attempt = 0; attempt < 100 && below - PICK_FROM >= 1_000; attempt++) {
    const port = await bindAndClose(PICK_FROM + randomInt(below - PICK_FROM))
    if (port !== undefined) return port
  }
  return (await bindAndClose(0))!
}

export const testCameraPassword = (id: string): string => `pw-${id}`

export function writeTestCameraConfig(
  dir: string,
  ports: TestFleetPorts,
  count: number,
  fleet: Partial<FleetSettings> = {},
): CameraDefinition[] {
  cpSync(SHIPPED_CONFIG_DIR, dir, { recursive: true })
  const cameras: CameraDefinition[] = Array.from({ length: count }, (_, i) => {
    const id = `cam-t${String(i + 1).padStart(3, '0')}`
    const source: CameraDefinition['source'] =
      i % 2 === 0
        ? {
            type: 'onvif',
            host: '127.0.0.1',
            port: ports.httpPort,
            path: `/onvif/${id}/device_service`,
            username: 'admin',
            password: testCameraPassword(id),
          }
        : {
            type: 'rtsp',
            main: `rtsp://127.0.0.1:${ports.rtspPort}/${id}/main`,
            sub: `rtsp://127.0.0.1:${ports.rtspPort}/${id}/sub`,
            username: 'admin',
            password: testCameraPassword(id),
          }
    return {
      id,
      name: `测试摄像机${i + 1}`,
      categories: [['intersection', 'trouble-spot', 'school'][i % 3]!],
      // Inside houtaibao-1's polygon, so maps and grid lookups agree with the configuration.
      community: 'houtaibao',
      grid: 'houtaibao-1',
      location: { lat: 38.0735, lng: 114.4545 },
      ptz: i === 0,
      source,
    }
  })
  writeFileSync(join(dir, 'cameras.yaml'), stringify({ cameras }))
  // The shipped wall and recording name shipped cameras, which these replace; fleet tests need neither.
  rmSync(join(dir, 'wall.yaml'), { force: true })
  rmSync(join(dir, 'recording.yaml'), { force: true })
  const settings: FleetSettings = {
    enabled: true,
    host: '127.0.0.1',
    rtspPort: ports.rtspPort,
    httpPort: ports.httpPort,
    defaults: { gopSeconds: 1, codec: 'h264' },
    ...fleet,
  }
  writeFileSync(join(dir, 'fleet.yaml'), stringify({ fleet: settings }))
  return cameras
}
