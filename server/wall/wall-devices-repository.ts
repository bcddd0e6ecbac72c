/**
 * Kiosk devices paired to wall monitors and their one-time pairing codes (stored as SHA-256 only).
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface WallDevice {
  id: number
  name: string
  monitor: string
  userId: number
  createdAt: string
  pairedAt: string | null
  lastSeenAt: string | null
  revokedAt: string | null
}

interface DeviceRow {
  id: number
  name: string
  monitor: string
  user_id: number
  created_at: string
  paired_at: string | null
  last_seen_at: string | null
  revoked_at: string | null
}

interface CodeRow {
  device_id: number
  expires_at: string
  used_at: string | null
  revoked_at: string | null
}

const toDevice = (r: DeviceRow): WallDevice => ({
  id: r.id,
  name: r.name,
  monitor: r.monitor,
  userId: r.user_id,
  createdAt: r.created_at,
  pairedAt: r.paired_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
})

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('base64url')

export type Redeemed =
  { ok: true; device: WallDevice } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'revoked' }

export class WallDevicesRepository {
  private readonly byName: Database.Statement<[string], DeviceRow>
  private readonly byId: Database.Statement<[number], DeviceRow>
  private readonly byUser: Database.Statement<[number], DeviceRow>
  private readonly all: Database.Statement<[], DeviceRow>
  private readonly insert: Database.Statement<[string, string, number, string]>
  private readonly reactivate: Database.Statement<[string, number]>
  private readonly insertCode: Database.Statement<[string, number, string, string]>
  private readonly code: Database.Statement<[string], CodeRow>
  private readonly useCode: Database.Statement<[string, string]>
  private readonly paired: Database.Statement<[string, number]>
  private readonly revokeDevice: Database.Statement<[string, number]>
  private readonly revokeCodes: Database.Statement<[string, number]>
  private readonly seen: Database.Statement<[string, number]>

  constructor(private readonly db: Database.Database) {
    this.byName = db.prepare('SELECT * FROM wall_devices WHERE name = ?')
    this.byId = db.prepare('SELECT * FROM wall_devices WHERE id = ?')
    this.byUser = db.prepare('SELECT * FROM wall_devices WHERE user_id = ?')
    this.all = db.prepare('SELECT * FROM wall_devices ORDER BY name')
    this.insert = db.prepare('INSERT INTO wall_devices (name, monitor, user_id, created_at) VALUES (?, ?, ?, ?)')
    this.reactivate = db.prepare('UPDATE wall_devices SET monitor = ?, revoked_at = NULL WHERE id = ?')
    this.insertCode = db.prepare(
      'INSERT INTO wall_pairing_codes (code_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    )
    this.code = db.prepare(
      'SELECT device_id, expires_at, used_at, revoked_at FROM wall_pairing_codes WHERE code_hash = ?',
    )
    this.useCode = db.prepare('UPDATE wall_pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL')
    this.paired = db.prepare('UPDATE wall_devices SET paired_at = ? WHERE id = ?')
    this.revokeDevice = db.prepare('UPDATE wall_devices SET revoked_at = ? WHERE id = ?')
    this.revokeCodes = db.prepare(
      'UPDATE wall_pairing_codes SET revoked_at = ? WHERE device_id = ? AND used_at IS NULL AND revoked_at IS NULL',
    )
    this.seen = db.prepare('UPDATE wall_devices SET last_seen_at = ? WHERE user_id = ?')
  }

  findByName(name: string): WallDevice | undefined {
    const row = this.byName.get(name)
    return row && toDevice(row)
  }

  /** The device an account belongs to (revoked ones too), if it is a device account. */
  findByUser(userId: number): WallDevice | undefined {
    const row = this.byUser.get(userId)
    return row && toDevice(row)
  }

  list(): WallDevice[] {
    return this.all.all().map(toDevice)
  }

  create(name: string, monitor: string, userId: number, nowMs: number): WallDevice {
    const { lastInsertRowid } = this.insert.run(name, monitor, userId, new Date(nowMs).toISOString())
    return toDevice(this.byId.get(Number(lastInsertRowid))!)
  }

  /** A device paired again (after a revoke, or to another monitor). */
  reuse(device: WallDevice, monitor: string): WallDevice {
    this.reactivate.run(monitor, device.id)
    return toDevice(this.byId.get(device.id)!)
  }

  addCode(code: string, deviceId: number, nowMs: number, validMs: number): void {
    this.insertCode.run(
      hashCode(code),
      deviceId,
      new Date(nowMs).toISOString(),
      new Date(nowMs + validMs).toISOString(),
    )
  }

  /** Spends a code once: the first caller gets the device, every later one `used`. */
  redeem(code: string, nowMs: number): Redeemed {
    const key = hashCode(code)
    return this.db.transaction((): Redeemed => {
      const row = this.code.get(key)
      if (!row) return { ok: false, reason: 'unknown' }
      if (row.revoked_at) return { ok: false, reason: 'revoked' }
      if (row.used_at) return { ok: false, reason: 'used' }
      if (Date.parse(row.expires_at) <= nowMs) return { ok: false, reason: 'expired' }
      const at = new Date(nowMs).toISOString()
      this.useCode.run(at, key)
      this.paired.run(at, row.device_id)
      return { ok: true, device: toDevice(this.byId.get(row.device_id)!) }
    })()
  }

  revoke(device: WallDevice, nowMs: number): void {
    const at = new Date(nowMs).toISOString()
    this.db.transaction(() => {
      this.revokeDevice.run(at, device.id)
      this.revokeCodes.run(at, device.id)
    })()
  }

  touch(userId: number, nowMs: number): void {
    this.seen.run(new Date(nowMs).toISOString(), userId)
  }
}
