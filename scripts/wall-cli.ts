/**
 * `npm run wall -- <command>`: pairs kiosk browsers with wall monitors, in the store under DATA_DIR (works
 * while the server runs: a revoke ends the device's session and its socket within about a second).
 *   pair <monitor> [--name <device-name>] [--host <address>]   prints a one-time pairing link (10 minutes)
 *   list                                                        devices, monitor, paired, last seen, revoked
 *   revoke <device-name>                                        ends the device's session
 */
import { networkInterfaces } from 'node:os'
import { parseArgs } from 'node:util'
import { SessionsRepository } from '../server/auth/sessions-repository.ts'
import { UsersRepository } from '../server/auth/users-repository.ts'
import { ConfigError } from '../server/config/config-error.ts'
import { loadCameraConfig } from '../server/config/load-camera-config.ts'
import { readSettings } from '../server/config/server-settings.ts'
import type { WallConfig } from '../server/contracts/wall.ts'
import { openDatabase } from '../server/db/open-database.ts'
import { HttpError } from '../server/http/http-errors.ts'
import { WallDevicesRepository } from '../server/wall/wall-devices-repository.ts'
import { WallPairing } from '../server/wall/wall-pairing.ts'

const USAGE = `usage: npm run wall -- pair <monitor> [--name <device-name>] [--host <address the wall PC reaches>]
       npm run wall -- list
       npm run wall -- revoke <device-name>
Open the printed link on the wall PC, e.g.:
  chromium --kiosk --autoplay-policy=no-user-gesture-required '<link>'`

function exit(message: string, code: number): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

/** The address a wall PC on the LAN can reach: HOST if it names one, else this machine's first LAN address. */
function reachableHost(listenHost: string): string {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return listenHost
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  return lan?.address ?? '127.0.0.1'
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      options: { name: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    })
  } catch (error) {
    return exit(`${(error as Error).message}\n${USAGE}`, 64)
  }
})()
const [command, argument] = positionals
if (values.help || !command) exit(USAGE, command ? 0 : 64)

const settings = readSettings()
let wall: WallConfig | null
try {
  wall = loadCameraConfig(settings.cameraConfigDir).wall
} catch (error) {
  if (error instanceof ConfigError) exit(error.message, 2)
  throw error
}
const db = openDatabase(settings.dataDir)
const pairing = new WallPairing({
  wall,
  devices: new WallDevicesRepository(db),
  users: new UsersRepository(db),
  sessions: new SessionsRepository(db),
})

try {
  switch (command) {
    case 'pair': {
      const monitor = argument ?? exit(`pair: which monitor?\n${USAGE}`, 64)
      const { code, device } = await pairing.pair(monitor, values.name)
      const host = values.host ?? reachableHost(settings.host)
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${settings.port}/wall/pair?code=${code}`
      console.log(`device ${device.name} -> monitor ${device.monitor}; open within 10 minutes (once):\n${url}`)
      break
    }
    case 'list':
      for (const d of pairing.list()) {
        console.log(
          [
            d.name.padEnd(20),
            d.monitor.padEnd(12),
            `paired ${d.pairedAt ?? '-'}`.padEnd(32),
            `seen ${d.lastSeenAt ?? '-'}`.padEnd(30),
            d.revokedAt ? `revoked ${d.revokedAt}` : 'active',
          ].join(' '),
        )
      }
      break
    case 'revoke': {
      const device = pairing.revoke(argument ?? exit(`revoke: which device?\n${USAGE}`, 64))
      console.log(`revoked ${device.name}; its session has ended`)
      break
    }
    default:
      exit(`unknown command "${command}"\n${USAGE}`, 64)
  }
} catch (error) {
  if (error instanceof HttpError) exit(`${command}: ${error.message}`, 1)
  throw error
} finally {
  db.close()
}
