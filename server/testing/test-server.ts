/**
 * The real server as a child process on a free loopback port with its own data directory: for browser
 * tests and for tests that kill it. `close()` ends exactly the process it started, by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { nodeArgsFor } from '../process/node-entry.ts'
import { makeTempDir } from './temp-dir.ts'
import { SHIPPED_CONFIG_DIR, TEST_PASSWORD_HASH_N } from './test-app.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const BANNER = /Sharp Eyes console: (http:\/\/\S+?)\/? /

export interface TestServer {
  url: string
  pid: number
  dataDir: string
  adminUsername: string
  adminPassword: string
  /** Logs in (as the admin by default) and returns the Cookie header value for later requests. */
  login(username?: string, password?: string): Promise<string>
  /** Everything the server printed so far. */
  output(): string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code once the process is gone. */
  close(graceMs?: number): Promise<number | null>
}

export interface TestServerOptions {
  cameraConfigDir?: string
  dataDir?: string
  env?: Record<string, string>
  startTimeoutMs?: number
  /** Extra node flags for the server (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[]
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownData = options.dataDir ? undefined : makeTempDir('console-server')
  const dataDir = options.dataDir ?? ownData!.path
  // A test may fix the admin password (to log in again after a restart on the same data directory).
  const adminPassword = options.env?.['ADMIN_PASSWORD'] ?? `admin-${randomBytes(9).toString('base64url')}`
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...nodeArgsFor('server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: adminPassword,
      CAMERA_CONFIG: options.cameraConfigDir ?? SHIPPED_CONFIG_DIR,
      SIMULATED_FLEET: 'off',
      CASE_SYSTEM: 'off',
      RECORDING: 'off',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_N: String(TEST_PASSWORD_HASH_N),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  // A ceiling for a server that will not start, not a speed limit: a busy machine takes a while to load it.
  const startTimeoutMs = options.startTimeoutMs ?? 90_000
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Nobody gets a handle to a server that never started: end it here, or it outlives the test run.
      child.kill('SIGKILL')
      reject(new Error(`server did not start within ${startTimeoutMs} ms:\n${output}`))
    }, startTimeoutMs)
    const check = (): void => {
      const match = BANNER.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with code ${code} before it started:\n${output}`))
    })
  })

  return {
    url,
    pid: child.pid!,
    dataDir,
    adminUsername: 'admin',
    adminPassword,
    async login(username = 'admin', password = adminPassword) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
      const cookie = response.headers.get('set-cookie')?.split(';')[0]
      if (!response.ok || !cookie)
        throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`)
      return cookie
    },
    output: () => output,
    async close(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exited
        clearTimeout(timer)
      }
      ownData?.remove()
      return child.exitCode
    },
  }
}
