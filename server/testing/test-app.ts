/**
 * An in-process app on a fresh SQLite file, for route tests through `app.inject` (real HTTP semantics,
 * real database, no sockets).
 */
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppDeps } from '../app.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { readSettings, type ServerSettings } from '../config/server-settings.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { makeTempDir } from './temp-dir.ts'

export const SHIPPED_CONFIG_DIR = join(import.meta.dirname, '..', '..', 'camera-config')
export const TEST_ADMIN_PASSWORD = 'test-admin-password'
/** scrypt's lowest cost the server accepts (PASSWORD_HASH_N), for test apps and test servers. */
export const TEST_PASSWORD_HASH_N = 1024

let shippedConfig: CameraConfig | undefined

export interface TestApp {
  app: FastifyInstance
  settings: ServerSettings
  /** Logs in and returns the Cookie header value for later requests. */
  login(username: string, password: string): Promise<string>
  close(): Promise<void>
}

export async function buildTestApp(
  overrides: Record<string, string> = {},
  config?: CameraConfig,
  deps: AppDeps = {},
  dataDir?: string,
): Promise<TestApp> {
  const data = dataDir ? { path: dataDir, remove: () => {} } : makeTempDir('console-data')
  const settings = readSettings({
    DATA_DIR: data.path,
    LOG_LEVEL: 'silent',
    WEB_DIR: join(data.path, 'no-web'),
    // No background camera checks unless a test asks for them: route tests expect quiet cameras.
    CAMERA_HEALTH_INTERVAL_S: '0',
    CASE_SYSTEM: 'off',
    // Route tests expect no streams they did not ask for; recording tests turn it on.
    RECORDING: 'off',
    // Route tests reach cameras through their own fixtures; the shipped demo fleet is a child process that
    // takes over a second to start.
    SIMULATED_FLEET: 'off',
    // Tests sign in hundreds of times; a full-cost hash takes 0.4-0.9 s on a loaded machine. Login still
    // checks a real scrypt hash.
    PASSWORD_HASH_N: String(TEST_PASSWORD_HASH_N),
    ...overrides,
  })
  shippedConfig ??= loadCameraConfig(SHIPPED_CONFIG_DIR, {})
  // Every reply is checked against its route's declared schema (http/reply-contract-check.ts).
  const app = await buildApp(settings, config ?? shippedConfig, { checkReplies: true, ...deps })
  await app.accounts.ensureAdmin(TEST_ADMIN_PASSWORD)
  return {
    app,
    settings,
    async login(username, password) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
      if (response.statusCode !== 200)
        throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`)
      const cookie = response.cookies.find((c) => c.name === 'se_session')
      if (!cookie) throw new Error('login set no session cookie')
      return `se_session=${cookie.value}`
    },
    async close() {
      await app.close()
      data.remove()
    },
  }
}
