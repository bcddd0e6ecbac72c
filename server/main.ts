/**
 * Entry point: settings -> camera configuration -> buildApp -> listen. A bad setting or configuration
 * exits with code 2 and a message naming what to fix; SIGTERM/SIGINT close everything in order. A second
 * signal, or a close that takes longer than SHUTDOWN_LIMIT_MS, exits at once with code 1.
 */
import { buildApp } from './app.ts'
import { DEFAULT_HASH_N } from './auth/password-hash.ts'
import { ConfigError } from './config/config-error.ts'
import { loadCameraConfig } from './config/load-camera-config.ts'
import { readSettings, SettingsError } from './config/server-settings.ts'
import type { CameraConfig } from './contracts/camera-config.ts'
import { HttpError } from './http/http-errors.ts'
import { reportDroppedLinesTo, writeStdout } from './http/stdout-log.ts'

/** How long closing may take (ffmpeg children, the store) before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 20_000

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
reportDroppedLinesTo((droppedLines) =>
  app.log.warn({ droppedLines }, 'the log reader fell behind: log lines were dropped'),
)
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
  // Every write on this path is the logger's, which never blocks: a stalled log reader cannot hold it up.
  if (closing) {
    app.log.warn({ signal }, 'second signal: exiting at once')
    process.exit(1)
  }
  closing = true
  app.log.info({ signal }, 'shutting down')
  setTimeout(() => {
    app.log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time: exiting anyway')
    process.exit(1)
  }, SHUTDOWN_LIMIT_MS).unref()
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
if (settings.passwordHashN < DEFAULT_HASH_N)
  app.log.warn(
    { passwordHashN: settings.passwordHashN, default: DEFAULT_HASH_N },
    'PASSWORD_HASH_N is below the default: new password hashes are cheaper to crack (a setting for tests only)',
  )
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : settings.port
const shownHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host
const login = admin.generatedPassword
  ? `log in as admin with password ${admin.generatedPassword} (shown once: change it with \`npm run user -- passwd admin\`)`
  : admin.created
    ? 'log in as admin with the password from ADMIN_PASSWORD'
    : 'log in with your account (`npm run user -- list` shows them)'
writeStdout(`\nSharp Eyes console: http://${shownHost}:${port}/  ${config.cameras.length} cameras; ${login}\n`)
