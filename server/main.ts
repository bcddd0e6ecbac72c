/**
 * Entry point: settings -> camera configuration -> buildApp -> listen. A bad setting or configuration
 * exits with code 2 and a message naming what to fix; SIGTERM/SIGINT close everything in order.
 */
import { buildApp } from './app.ts'
import { ConfigError } from './config/config-error.ts'
import { loadCameraConfig } from './config/load-camera-config.ts'
import { readSettings, SettingsError } from './config/server-settings.ts'
import type { CameraConfig } from './contracts/camera-config.ts'
import { HttpError } from './http/http-errors.ts'

// Everything the server writes (the store, evidence, its children's files) is for its own user alone.
process.umask(0o077)

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

let settings
let config: CameraConfig
try {
  settings = readSettings()
  config = loadCameraConfig(settings.cameraConfigDir)
} catch (error) {
  if (error instanceof SettingsError) fail(`bad setting: ${error.message}`)
  if (error instanceof ConfigError)
    fail(`${error.message}\n(camera configuration directory: ${settings?.cameraConfigDir})`)
  throw error
}

const app = await buildApp(settings, config)
let admin: Awaited<ReturnType<typeof app.accounts.ensureAdmin>>
try {
  admin = await app.accounts.ensureAdmin(settings.adminPassword)
} catch (error) {
  await app.close()
  if (error instanceof HttpError)
    fail(`cannot create the first admin: ${error.message}${settings.adminPassword ? ' (ADMIN_PASSWORD)' : ''}`)
  throw error
}

let closing = false
const shutdown = (signal: string): void => {
  if (closing) {
    process.stderr.write(`${signal} again: exiting at once\n`)
    process.exit(1)
  }
  closing = true
  app.log.info({ signal }, 'shutting down')
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    },
  )
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))

await app.listen({ host: settings.host, port: settings.port })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : settings.port
const shownHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host
const login = admin.generatedPassword
  ? `log in as admin with password ${admin.generatedPassword} (shown once: change it with \`npm run user -- passwd admin\`)`
  : admin.created
    ? 'log in as admin with the password from ADMIN_PASSWORD'
    : 'log in with your account (`npm run user -- list` shows them)'
console.log(`\nSharp Eyes console: http://${shownHost}:${port}/  ${config.cameras.length} cameras; ${login}\n`)
