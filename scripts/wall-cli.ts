/**
 * `npm run wall -- <command>`: pairs kiosk browsers with wall monitors, in the store under DATA_DIR (works
 * while the server runs: a revoke ends the device's session and its socket within about a second).
 *   pair <monitor> [--name <device-name>] [--host <address>]   prints a one-time pairing link (10 minutes)
 *   list                                                        devices, monitor, paired, last seen, revoked
 *   revoke <device-name>                                        ends the device's session
 */
import { networkInterfaces } from 'node:os'
import { SessionsRepository } from '../server/auth/sessions-repository.ts'
import { UsersRepository } from '../server/auth/users-repository.ts'
import { readSettings } from '../server/config/server-settings.ts'
import type { WallConfig } from '../server/contracts/wall.ts'
import { openDatabase } from '../server/db/open-database.ts'
import { kioskCommand } from '../server/wall/kiosk-browser.ts'
import { WallDevicesRepository } from '../server/wall/wall-devices-repository.ts'
import { WallPairing } from '../server/wall/wall-pairing.ts'
import { EXIT_USAGE, exitWith, loadConfigOrExit, parseCommandLine, runCommand } from './cli-support.ts'

const USAGE = `usage: npm run wall -- pair <monitor> [--name <device-name>] [--host <address the wall PC reaches>]
       npm run wall -- list
       npm run wall -- revoke <device-name>
Open the printed link on the wall PC with the printed command:
  ${kioskCommand('<link>')}`

/** The address a wall PC on the LAN can reach: HOST if it names one, else this machine's first LAN address. */
function reachableHost(listenHost: string): string {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return listenHost
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  return lan?.address ?? '127.0.0.1'
}

const { command, argument, values } = parseCommandLine({ name: { type: 'string' }, host: { type: 'string' } }, USAGE)
const settings = readSettings()
const wall: WallConfig | null = loadConfigOrExit(settings.cameraConfigDir).wall
const db = openDatabase(settings.dataDir)
const pairing = new WallPairing({
  wall,
  devices: new WallDevicesRepository(db),
  users: new UsersRepository(db),
  sessions: new SessionsRepository(db),
})

await runCommand(
  command,
  async () => {
    switch (command) {
      case 'pair': {
        const monitor = argument ?? exitWith(`pair: which monitor?\n${USAGE}`, EXIT_USAGE)
        const { code, device } = await pairing.pair(monitor, values.name)
        const host = values.host ?? reachableHost(settings.host)
        const url = `http://${host.includes(':') ? `[${host}]` : host}:${settings.port}/wall/pair?code=${code}`
        console.log(`device ${device.name} -> monitor ${device.monitor}; open within 10 minutes (once):\n${url}`)
        console.log(`on the wall PC:\n${kioskCommand(url)}`)
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
        const device = pairing.revoke(argument ?? exitWith(`revoke: which device?\n${USAGE}`, EXIT_USAGE))
        console.log(`revoked ${device.name}; its session has ended`)
        break
      }
      default:
        exitWith(`unknown command "${command}"\n${USAGE}`, EXIT_USAGE)
    }
  },
  () => db.close(),
)
