/**
 * The real server for the wall benchmark: a child process on loopback with the shipped configuration (320
 * cameras, the demo wall.yaml) and its simulated fleet on free ports, on a fixed port and data directory so
 * that a restart (--faults) comes back where the kiosk's page expects it. The kiosk pairs through the wall
 * CLI, as an administrator pairs one.
 */
import { randomBytes } from 'node:crypto'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort } from '../../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { addAccounts } from '../../../server/testing/test-accounts.ts'
import { pairWallDevice, writeShippedConfig } from '../../../server/testing/wall-fixture.ts'
import { KIOSK_JS_FLAGS } from '../../../server/wall/kiosk-browser.ts'
import type { NewAccount } from '../../../server/auth/accounts.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { launchPlainChromium } from '../console/plain-chromium.ts'
import { RawCdp } from '../console/raw-cdp.ts'

export interface WallBenchServer {
  url: string
  /** The configuration the server runs (the shipped one, on the fleet's ports). */
  configDir: string
  /** Adds accounts to the server's store, by the rules `npm run user -- add` applies. */
  addAccounts(accounts: readonly NewAccount[]): Promise<void>
  /** Signs in over HTTP; resolves with the session cookie. The administrator is `admin`. */
  login(username: string, password: string): Promise<string>
  adminPassword: string
  /** `npm run wall -- pair main`: the one-time link it prints. */
  pairingLink(device: string): Promise<string>
  /** Ends the server (and its fleet) and starts it again on the same port and data. */
  restart(): Promise<void>
  /** Takes a camera of the simulated fleet offline, or back online. */
  setCameraOffline(camera: string, offline: boolean): Promise<void>
  close(): Promise<void>
}

export async function startWallBenchServer(): Promise<WallBenchServer> {
  const configDir = makeTempDir('bench-wall-config')
  const dataDir = makeTempDir('bench-wall-data')
  let server: TestServer | undefined
  const remove = (): void => {
    configDir.remove()
    dataDir.remove()
  }
  try {
    const fleet = await writeShippedConfig(configDir.path)
    const env = {
      SIMULATED_FLEET: 'on',
      PORT: String(await freePort()),
      ADMIN_PASSWORD: `bench-${randomBytes(9).toString('base64url')}`,
      LOG_LEVEL: 'error',
    }
    const start = (): Promise<TestServer> =>
      startTestServer({ cameraConfigDir: configDir.path, dataDir: dataDir.path, env, startTimeoutMs: 240_000 })
    server = await start()
    const url = server.url
    return {
      url,
      configDir: configDir.path,
      addAccounts: (accounts) => addAccounts({ dataDir: dataDir.path, configDir: configDir.path }, accounts),
      login: (username, password) => {
        if (!server) throw new Error('the server is restarting')
        return server.login(username, password)
      },
      adminPassword: env.ADMIN_PASSWORD,
      pairingLink: (device) =>
        pairWallDevice({ dataDir: dataDir.path, configDir: configDir.path, url }, 'main', device),
      async restart() {
        await server?.close()
        server = undefined
        server = await start()
      },
      async setCameraOffline(camera, offline) {
        const response = await fetch(`http://127.0.0.1:${fleet.http}/control/cameras/${camera}/faults`, {
          method: offline ? 'PUT' : 'DELETE',
          headers: offline ? { 'content-type': 'application/json' } : {},
          body: offline ? JSON.stringify({ offline: true }) : undefined,
          signal: AbortSignal.timeout(10_000),
        })
        if (!response.ok) throw new Error(`fleet faults ${camera}: HTTP ${response.status} ${await response.text()}`)
      },
      async close() {
        await server?.close()
        remove()
      },
    }
  } catch (error) {
    await server?.close()
    remove()
    throw error
  }
}

export interface WallKiosk {
  server: WallBenchServer
  /** The plain 4K Chromium's browser process. */
  chromiumPid: number
  cdp: RawCdp
}

/**
 * The web build (if stale), the bench server, a plain 3840x2160 Chromium and a CDP connection to its blank
 * page: what the wall benchmarks drive. Each part's close is pushed onto `closers` as soon as it runs.
 * Chromium runs V8 as the wall PC does unless `chromiumFlags` says otherwise.
 */
export async function startWallKiosk(
  closers: Array<() => Promise<unknown>>,
  chromiumFlags: readonly string[] = [`--js-flags=${KIOSK_JS_FLAGS}`],
): Promise<WallKiosk> {
  await ensureWebBuilt()
  const server = await startWallBenchServer()
  closers.push(() => server.close())
  const chromium = await launchPlainChromium('3840,2160', chromiumFlags)
  closers.push(() => chromium.close())
  const cdp = await RawCdp.toPage(chromium.endpoint, (url) => url === 'about:blank')
  closers.push(async () => cdp.close())
  return { server, chromiumPid: chromium.pid, cdp }
}
