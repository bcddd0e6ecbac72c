/** Resolved ONVIF media of each camera in the store (migration 002): read at start, written on resolve. */
import type Database from 'better-sqlite3'
import type { CameraMedia, ResolvedProfileStream } from './onvif/onvif-media-resolver.ts'
import type { OnvifProfile } from './onvif/onvif-parse.ts'

interface MediaRow {
  camera_id: string
  address: string
  manufacturer: string | null
  model: string | null
  firmware_version: string | null
  serial_number: string | null
  hardware_id: string | null
  profiles: string
  main_profile: string
  main_uri: string
  main_codec: string
  main_width: number | null
  main_height: number | null
  sub_profile: string
  sub_uri: string
  sub_codec: string
  sub_width: number | null
  sub_height: number | null
  snapshot_uri: string | null
  ptz_profile: string | null
  resolved_at: string
  stale_at: string | null
}

const codec = (value: string): ResolvedProfileStream['codec'] =>
  value === 'h264' || value === 'h265' ? value : 'unknown'
const opt = <T>(value: T | null): T | undefined => value ?? undefined
const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined)

/** Profiles as this repository wrote them; anything else in the column is dropped, not trusted. */
function storedProfiles(json: string): OnvifProfile[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown): OnvifProfile[] => {
    if (typeof item !== 'object' || item === null) return []
    const p = item as Record<string, unknown>
    if (typeof p['token'] !== 'string' || typeof p['name'] !== 'string') return []
    return [
      {
        token: p['token'],
        name: p['name'],
        encoding: typeof p['encoding'] === 'string' ? p['encoding'] : undefined,
        width: positive(p['width']),
        height: positive(p['height']),
        ptz: p['ptz'] === true,
      },
    ]
  })
}

function toMedia(row: MediaRow): CameraMedia {
  return {
    cameraId: row.camera_id,
    address: row.address,
    device: {
      manufacturer: opt(row.manufacturer),
      model: opt(row.model),
      firmwareVersion: opt(row.firmware_version),
      serialNumber: opt(row.serial_number),
      hardwareId: opt(row.hardware_id),
    },
    profiles: storedProfiles(row.profiles),
    main: {
      profileToken: row.main_profile,
      uri: row.main_uri,
      codec: codec(row.main_codec),
      width: opt(row.main_width),
      height: opt(row.main_height),
    },
    sub: {
      profileToken: row.sub_profile,
      uri: row.sub_uri,
      codec: codec(row.sub_codec),
      width: opt(row.sub_width),
      height: opt(row.sub_height),
    },
    snapshotUri: row.snapshot_uri,
    ptzProfileToken: row.ptz_profile,
    resolvedAt: row.resolved_at,
  }
}

export class CameraMediaRepository {
  private readonly byId: Database.Statement<[string], MediaRow>
  private readonly upsert: Database.Statement
  private readonly markStale: Database.Statement<[string, string]>

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT * FROM camera_media WHERE camera_id = ?')
    this.upsert = db.prepare(`INSERT OR REPLACE INTO camera_media VALUES (
      @camera_id, @address, @manufacturer, @model, @firmware_version, @serial_number, @hardware_id, @profiles,
      @main_profile, @main_uri, @main_codec, @main_width, @main_height,
      @sub_profile, @sub_uri, @sub_codec, @sub_width, @sub_height,
      @snapshot_uri, @ptz_profile, @resolved_at, NULL)`)
    this.markStale = db.prepare('UPDATE camera_media SET stale_at = ? WHERE camera_id = ? AND stale_at IS NULL')
  }

  /** The stored media of a camera, if resolved from this address and not marked stale. */
  fresh(cameraId: string, address: string): CameraMedia | undefined {
    const row = this.byId.get(cameraId)
    return row && row.address === address && row.stale_at === null ? toMedia(row) : undefined
  }

  save(m: CameraMedia): void {
    const profiles = m.profiles.map(({ token, name, encoding, width, height, ptz }) => ({
      token,
      name,
      encoding,
      width,
      height,
      ptz,
    }))
    this.upsert.run({
      camera_id: m.cameraId,
      address: m.address,
      manufacturer: m.device.manufacturer ?? null,
      model: m.device.model ?? null,
      firmware_version: m.device.firmwareVersion ?? null,
      serial_number: m.device.serialNumber ?? null,
      hardware_id: m.device.hardwareId ?? null,
      profiles: JSON.stringify(profiles),
      main_profile: m.main.profileToken,
      main_uri: m.main.uri,
      main_codec: m.main.codec,
      main_width: m.main.width ?? null,
      main_height: m.main.height ?? null,
      sub_profile: m.sub.profileToken,
      sub_uri: m.sub.uri,
      sub_codec: m.sub.codec,
      sub_width: m.sub.width ?? null,
      sub_height: m.sub.height ?? null,
      snapshot_uri: m.snapshotUri,
      ptz_profile: m.ptzProfileToken,
      resolved_at: m.resolvedAt,
    })
  }

  invalidate(cameraId: string, now = new Date().toISOString()): void {
    this.markStale.run(now, cameraId)
  }
}
