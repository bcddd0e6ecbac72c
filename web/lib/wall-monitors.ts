/**
 * The wall's monitors as GET /api/wall/monitors answers them, parsed rather than trusted: the push picker
 * (console, board) and the wall screen (its default monitor) both read this list.
 */

export interface MonitorZone {
  id: string
  /** The zone's content kind in the monitor's default preset, when the server says it. */
  kind: string | null
}

export interface MonitorChoice {
  id: string
  name: string
  nameEn: string | null
  /** Where pushes without a zone go. */
  alarmZone: string | null
  zones: MonitorZone[]
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

function parseZone(value: unknown): MonitorZone | null {
  if (typeof value === 'string') return value === '' ? null : { id: value, kind: null }
  const zone = record(value)
  const id = text(zone?.id)
  if (!zone || !id) return null
  const kind = text(zone.kind) ?? text(record(zone.content)?.kind)
  return { id, kind }
}

/** `{monitors: [...]}` or a bare array; entries without an id are dropped, names default to the id. */
export function parseMonitors(body: unknown): MonitorChoice[] {
  const list = Array.isArray(body) ? body : record(body)?.monitors
  if (!Array.isArray(list)) return []
  const monitors: MonitorChoice[] = []
  for (const item of list) {
    const entry = record(item)
    const id = text(entry?.id)
    if (!entry || !id) continue
    const zones = Array.isArray(entry.zones) ? entry.zones.map(parseZone).filter((z) => z !== null) : []
    monitors.push({
      id,
      name: text(entry.name) ?? id,
      nameEn: text(entry.nameEn),
      alarmZone: text(entry.alarmZone),
      zones,
    })
  }
  return monitors
}

/** The monitor a wall browser shows: the one in the address, else the device's own, else the first. */
export function chooseMonitor(
  requested: string | null,
  sessionMonitor: string | null,
  monitors: readonly MonitorChoice[],
): string | null {
  return requested || sessionMonitor || monitors[0]?.id || null
}

/** A session user's `monitor` (a paired wall device has one); read without trusting the shape. */
export function monitorOfUser(user: unknown): string | null {
  return text(record(user)?.monitor)
}
