/**
 * Turns a discovered device into a cameras.yaml stanza to paste and complete: an id suggestion, a name,
 * host/port/path from its XAddrs, and `passwordEnv: CAM_<ID>_PASSWORD` (never the password itself).
 * What discovery cannot know (categories, community, grid, location) is filled with values the
 * configuration loader will reject by name, so nothing half-configured slips through.
 */
import { stringify } from 'yaml'
import type { OnvifDeviceInfo } from './onvif-parse.ts'
import type { ProbeMatch } from './ws-discovery.ts'

export interface DiscoveredCamera {
  match: ProbeMatch
  /** With credentials: what GetDeviceInformation said, and whether a profile has PTZ. */
  device?: OnvifDeviceInfo
  ptz?: boolean
  /** Why the device could not be asked (wrong password, silent...). */
  problem?: string
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/
const kebab = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')

/** The device name from its `onvif://www.onvif.org/name/<name>` scope, decoded. */
export function scopeValue(scopes: readonly string[], kind: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${kind}/`
  const scope = scopes.find((s) => s.toLowerCase().startsWith(prefix.toLowerCase()))
  if (!scope) return undefined
  try {
    return decodeURIComponent(scope.slice(prefix.length)).trim() || undefined
  } catch {
    return scope.slice(prefix.length)
  }
}

/** Prefers an id already in the service path (`/onvif/cam-0001/device_service`, as NVR channels have), else the address. */
export function suggestId(xaddr: URL): string {
  const segments = xaddr.pathname
    .split('/')
    .map(kebab)
    .filter((s) => s && !['onvif', 'device-service', 'services'].includes(s))
  const fromPath = segments.find((s) => ID_PATTERN.test(s))
  if (fromPath) return fromPath.startsWith('cam') ? fromPath : `cam-${fromPath}`
  const port = xaddr.port && xaddr.port !== '80' ? `-${xaddr.port}` : ''
  return kebab(`cam-${xaddr.hostname}${port}`)
}

export const passwordEnvFor = (id: string): string =>
  `CAM_${id
    .replace(/^cam-/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')}_PASSWORD`

export function discoveredName(d: DiscoveredCamera, fallback: string): string {
  const fromDevice = d.device
    ? [d.device.manufacturer, d.device.model, d.device.serialNumber].filter(Boolean).join(' ')
    : ''
  return (fromDevice || scopeValue(d.match.scopes, 'name') || fallback).slice(0, 80)
}

/** One stanza (a YAML list item) per device; devices whose XAddrs are not http(s) were dropped when parsed. */
export function cameraStanza(d: DiscoveredCamera, username: string): string {
  const xaddr = new URL(d.match.xaddrs[0]!)
  const id = suggestId(xaddr)
  const camera = {
    id,
    name: discoveredName(d, xaddr.hostname),
    categories: ['change-me'],
    community: 'change-me',
    grid: 'change-me',
    location: { lat: 0, lng: 0 },
    ...(d.ptz ? { ptz: true } : {}),
    source: {
      type: 'onvif',
      host: xaddr.hostname,
      port: Number(xaddr.port || (xaddr.protocol === 'https:' ? 443 : 80)),
      path: xaddr.pathname,
      username,
      passwordEnv: passwordEnvFor(id),
    },
  }
  const notes = [`# ${d.match.endpoint}${d.problem ? ` - not asked: ${d.problem}` : ''}`]
  const hardware = scopeValue(d.match.scopes, 'hardware')
  if (hardware) notes.push(`# hardware: ${hardware}`)
  notes.push('# fill in categories, community, grid and location')
  return `${notes.join('\n')}\n${stringify([camera], { flowCollectionPadding: false }).trimEnd()}\n`
}
