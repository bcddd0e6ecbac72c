/**
 * Kiosk pairing without a typed password: an administrator's command makes a one-time code for a device
 * (its own `wall` account, bound to one monitor); the kiosk's browser opens the link and receives a
 * long-lived device session. Shared by the server (redeeming) and the wall CLI (pair, list, revoke), which
 * may run while the server does: they meet in the store.
 */
import { randomBytes } from 'node:crypto'
import { hashPassword } from '../auth/password-hash.ts'
import type { SessionsRepository } from '../auth/sessions-repository.ts'
import type { UsersRepository } from '../auth/users-repository.ts'
import type { WallConfig } from '../contracts/wall.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../http/http-errors.ts'
import type { Redeemed, WallDevice, WallDevicesRepository } from './wall-devices-repository.ts'

export const PAIRING_CODE_MS = 10 * 60_000
export const DEVICE_SESSION_MS = 365 * 24 * 3600_000
const DEVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,25}$/
/** Device accounts are named after the device, so the user list shows what they are. */
export const deviceUsername = (name: string): string => `wall.${name}`

export interface WallPairingDeps {
  wall: WallConfig | null
  devices: WallDevicesRepository
  users: UsersRepository
  sessions: SessionsRepository
  now?: () => number
}

export class WallPairing {
  private readonly now: () => number

  constructor(private readonly deps: WallPairingDeps) {
    this.now = deps.now ?? Date.now
  }

  /** Creates (or re-pairs) the device and returns a fresh one-time code for it. */
  async pair(monitor: string, name?: string): Promise<{ code: string; device: WallDevice }> {
    const monitors = this.deps.wall?.monitors.map((m) => m.id) ?? []
    if (monitors.length === 0)
      throw new BadRequestError('wall.none', {}, 'monitor: there is no wall (camera-config/wall.yaml is missing)')
    if (!monitors.includes(monitor))
      throw new BadRequestError(
        'wall.unknown-monitor',
        { monitor },
        `monitor: unknown monitor "${monitor}" (known: ${monitors.join(', ')})`,
      )
    const deviceName = name ?? this.freeName(monitor)
    if (!DEVICE_NAME.test(deviceName))
      throw new BadRequestError(
        'wall.device-name-invalid',
        {},
        'name: 2 to 26 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
      )
    const now = this.now()
    let device = this.deps.devices.findByName(deviceName)
    if (device) {
      device = this.deps.devices.reuse(device, monitor)
      this.deps.users.setDisabledAt(device.userId, null)
    } else {
      const username = deviceUsername(deviceName)
      if (this.deps.users.findByUsername(username))
        throw new ConflictError('account.username-taken', { username }, `username "${username}" is taken`)
      // Nobody ever types this password: the account opens only through pairing.
      const passwordHash = await hashPassword(randomBytes(32).toString('base64url'))
      const user = this.deps.users.create({ username, passwordHash, role: 'wall', department: null })
      device = this.deps.devices.create(deviceName, monitor, user.id, now)
    }
    const code = randomBytes(24).toString('base64url')
    this.deps.devices.addCode(code, device.id, now, PAIRING_CODE_MS)
    return { code, device }
  }

  /** Spends the code and opens the device's session; returns the session token for the cookie. */
  redeem(code: string, client: { ip?: string; userAgent?: string }): Redeemed & { token?: string } {
    const now = this.now()
    const result = this.deps.devices.redeem(code, now)
    if (!result.ok) return result
    const token = this.deps.sessions.create(result.device.userId, client, now, { lifetimeMs: DEVICE_SESSION_MS })
    return { ...result, token }
  }

  /** Ends the device: its account disabled, its sessions and unused codes void. */
  revoke(name: string): WallDevice {
    const device = this.deps.devices.findByName(name)
    if (!device) throw new NotFoundError('wall.unknown-device', { name }, `no wall device "${name}"`)
    const now = this.now()
    this.deps.devices.revoke(device, now)
    this.deps.users.setDisabledAt(device.userId, new Date(now).toISOString())
    this.deps.sessions.endAllFor(device.userId)
    return this.deps.devices.findByName(name)!
  }

  list(): WallDevice[] {
    return this.deps.devices.list()
  }

  private freeName(monitor: string): string {
    for (let n = 1; ; n++) {
      const name = `${monitor}-${n}`
      if (!this.deps.devices.findByName(name)) return name
    }
  }
}
