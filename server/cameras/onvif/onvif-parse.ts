/**
 * Reads what the `onvif` package hands back (xml2js objects, typed `any`) into plain typed values.
 * Parse, don't cast: every field is checked; whatever is missing or odd becomes undefined or an error
 * naming the field. The package turns numeric-looking text into numbers, so tokens are read as either.
 */

export type Json = unknown

export interface OnvifDeviceInfo {
  manufacturer: string | undefined
  model: string | undefined
  firmwareVersion: string | undefined
  serialNumber: string | undefined
  hardwareId: string | undefined
}

export interface OnvifProfile {
  token: string
  name: string
  /** As the camera names it: H264, H265, JPEG, MPEG4... */
  encoding: string | undefined
  width: number | undefined
  height: number | undefined
  /** The profile carries a PTZ configuration (PTZ commands use such a profile). */
  ptz: boolean
}

export interface OnvifPreset {
  token: string
  name: string
}

export class OnvifParseError extends Error {}

const record = (value: Json): Record<string, Json> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : undefined

/** Text, or a number the package made of text; xml2js puts text beside attributes under `_`. */
function text(value: Json): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  const r = record(value)
  return r ? text(r['_']) : undefined
}

function positive(value: Json): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  return Number.isFinite(n) && n > 0 ? n : undefined
}

const attribute = (value: Json, name: string): string | undefined => text(record(record(value)?.['$'])?.[name])

const list = (value: Json): Json[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]

export function parseDeviceInfo(value: Json): OnvifDeviceInfo {
  const r = record(value) ?? {}
  return {
    manufacturer: text(r['manufacturer']),
    model: text(r['model']),
    firmwareVersion: text(r['firmwareVersion']),
    serialNumber: text(r['serialNumber']),
    hardwareId: text(r['hardwareId']),
  }
}

/** Media 1 profiles (videoEncoderConfiguration) and Media 2 profiles (configurations.videoEncoder) alike. */
export function parseProfiles(value: Json): OnvifProfile[] {
  return list(value).flatMap((item): OnvifProfile[] => {
    const p = record(item)
    const token = attribute(item, 'token') ?? text(p?.['token'])
    if (!p || !token) return []
    const configurations = record(p['configurations'])
    const encoder = record(p['videoEncoderConfiguration']) ?? record(configurations?.['videoEncoder'])
    const resolution = record(encoder?.['resolution'])
    return [
      {
        token,
        name: text(p['name']) ?? token,
        encoding: text(encoder?.['encoding']),
        width: positive(resolution?.['width']),
        height: positive(resolution?.['height']),
        ptz: p['PTZConfiguration'] !== undefined || configurations?.['PTZ'] !== undefined,
      },
    ]
  })
}

/** GetStreamUri / GetSnapshotUri answers: `{uri}` or `{mediaUri: {uri}}` depending on the package path. */
export function parseMediaUri(value: Json, what: string): string {
  const r = record(value)
  const uri = text(r?.['uri']) ?? text(record(r?.['mediaUri'])?.['uri'])
  if (!uri) throw new OnvifParseError(`${what}: the answer holds no URI`)
  try {
    new URL(uri)
  } catch {
    throw new OnvifParseError(`${what}: the answer holds no valid URI`)
  }
  return uri
}

/** GetPresets as the package keeps them: token -> preset element (with `$.token` and `name`). */
export function parsePresets(value: Json): OnvifPreset[] {
  const r = record(value) ?? {}
  return Object.values(r).flatMap((item): OnvifPreset[] => {
    const token = attribute(item, 'token')
    if (!token) return []
    return [{ token, name: text(record(item)?.['name']) ?? token }]
  })
}
