/**
 * What the wall's browser tests and its benchmark share: the shipped configuration (320 cameras, the demo
 * wall.yaml) with the simulated fleet moved to free ports, and the wall CLI run exactly as an administrator
 * runs it (`npm run wall -- pair main`, `revoke`), against the running server's store.
 */
import { spawn } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, BrowserContextOptions } from 'playwright-core'
import { parseDocument } from 'yaml'
import { KIOSK_JS_FLAGS } from '../wall/kiosk-browser.ts'
import { startBesideBrowser, type LaunchedBrowser, type LaunchOptions } from './browser.ts'
import { nodeArgsFor } from '../process/node-entry.ts'
import { makeTempDir } from './temp-dir.ts'
import { addAccounts } from './test-accounts.ts'
import { SHIPPED_CONFIG_DIR, TEST_PASSWORD_HASH_N } from './test-app.ts'
import { freePort } from './test-camera-config.ts'
import { startTestServer, type TestServer } from './test-server.ts'
import { ensureWebBuilt } from './web-build.ts'

const ROOT = join(import.meta.dirname, '..', '..')

export interface FleetPorts {
  rtsp: number
  http: number
}

/** Copies the shipped configuration into `dir`, the fleet on free ports (other runs hold the defaults). */
export async function writeShippedConfig(dir: string): Promise<FleetPorts> {
  cpSync(SHIPPED_CONFIG_DIR, dir, { recursive: true })
  const ports = { rtsp: await freePort(), http: await freePort() }
  for (const file of ['cameras.yaml', 'fleet.yaml']) {
    const path = join(dir, file)
    writeFileSync(
      path,
      readFileSync(path, 'utf8')
        .replaceAll(':8554', `:${ports.rtsp}`)
        .replace('rtspPort: 8554', `rtspPort: ${ports.rtsp}`)
        .replaceAll('port: 8580', `port: ${ports.http}`)
        .replace('httpPort: 8580', `httpPort: ${ports.http}`),
    )
  }
  return ports
}

/**
 * Removes the demo's camera-down rules from the wall.yaml in `dir`. For browser tests that push and clear:
 * on a loaded machine a health check can time out, and its camera-down rule would fill the alarm zone that
 * such a test asks to be empty. Throws when the demo has no such rule (the edit would test nothing).
 */
export function dropCameraDownRules(dir: string): void {
  const path = join(dir, 'wall.yaml')
  const document = parseDocument(readFileSync(path, 'utf8'))
  const rules = (document.toJS() as { wall: { rules?: { on: string }[] } }).wall.rules ?? []
  const kept = rules.filter((rule) => rule.on !== 'camera-down')
  if (kept.length === rules.length) throw new Error(`${path}: no camera-down rule to drop`)
  document.setIn(['wall', 'rules'], document.createNode(kept))
  writeFileSync(path, document.toString())
}

export interface WallCliTarget {
  dataDir: string
  configDir: string
  /** The server's address: the CLI prints pairing links for it. */
  url: string
}

/** Runs `scripts/wall-cli.ts` with `args`; resolves with its stdout, rejects with its output on a non-zero exit. */
export function runWallCli(target: WallCliTarget, args: string[]): Promise<string> {
  const { hostname, port } = new URL(target.url)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgsFor('scripts/wall-cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: target.dataDir, CAMERA_CONFIG: target.configDir, HOST: hostname, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`wall ${args.join(' ')}: exit ${code}: ${stderr}${stdout}`)),
    )
  })
}

/** `npm run wall -- pair <monitor> --name <device>`: the one-time pairing link it prints. */
export async function pairWallDevice(target: WallCliTarget, monitor: string, device: string): Promise<string> {
  const printed = await runWallCli(target, ['pair', monitor, '--name', device])
  const link = /https?:\/\/\S+\/wall\/pair\?code=\S+/.exec(printed)?.[0]
  if (!link) throw new Error(`wall pair printed no link: ${printed}`)
  return link
}

/**
 * `npm run user -- add <name> --role <role> [--department <id>]`, the password on stdin, against the
 * running server's store.
 */
export function addUserWithCli(
  target: Omit<WallCliTarget, 'url'>,
  user: { username: string; password: string; role: string; department?: string },
): Promise<void> {
  const args = [
    ...nodeArgsFor('scripts/user-cli.ts'),
    ...['add', user.username, '--role', user.role],
    ...(user.department ? ['--department', user.department] : []),
  ]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: target.dataDir,
        CAMERA_CONFIG: target.configDir,
        PASSWORD_HASH_N: String(TEST_PASSWORD_HASH_N),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`user add ${user.username}: exit ${code}: ${output}`)),
    )
    child.stdin.end(`${user.password}\n`)
  })
}

export interface WallBrowserRig {
  server: TestServer
  chromium: LaunchedBrowser
  /** Where the wall and user CLIs act: the running server's store and configuration. */
  cli: WallCliTarget
  /** The operator's session as a Cookie header value (`name=value`). */
  operatorCookie: string
  /** A browser context carrying the operator's session. */
  operatorContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** Ends Chromium and the server (contexts the test opened go with the browser), removes the configuration. */
  close(): Promise<void>
}

/** Chromium with V8 as the wall PC runs it; the wall browser tests launch theirs with it. */
export const KIOSK_BROWSER: LaunchOptions = { extraArgs: [`--js-flags=${KIOSK_JS_FLAGS}`] }

/**
 * The wall browser tests' start: the shipped configuration in a temporary directory (without its
 * camera-down rules: dropCameraDownRules), the web build and the server with the simulated fleet started
 * beside Chromium (V8 as the kiosk runs it: KIOSK_JS_FLAGS), and `operator` added to its store and signed in.
 */
export async function startWallBrowserRig(
  name: string,
  operator: { username: string; password: string; role: string },
): Promise<WallBrowserRig> {
  const configDir = makeTempDir(`${name}-config`)
  const starting = ensureWebBuilt().then(async () => {
    await writeShippedConfig(configDir.path)
    dropCameraDownRules(configDir.path)
    return startTestServer({
      cameraConfigDir: configDir.path,
      env: { SIMULATED_FLEET: 'on' },
      startTimeoutMs: 240_000,
    })
  })
  const [server, chromium] = await startBesideBrowser(starting, KIOSK_BROWSER).catch((error: unknown) => {
    configDir.remove()
    throw error
  })
  const close = async () => {
    await chromium.close()
    await server.close()
    configDir.remove()
  }
  const cli = { dataDir: server.dataDir, configDir: configDir.path, url: server.url }
  try {
    await addAccounts(cli, [operator])
    const operatorCookie = await server.login(operator.username, operator.password)
    const operatorContext = async (options?: BrowserContextOptions) => {
      const context = await chromium.browser.newContext(options)
      const [name, value] = operatorCookie.split('=') as [string, string]
      await context.addCookies([{ name, value, url: cli.url }])
      return context
    }
    return { server: server, chromium: chromium, cli, operatorCookie, operatorContext, close }
  } catch (error) {
    await close()
    throw error
  }
}
