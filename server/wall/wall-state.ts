/**
 * What a monitor shows at an instant: the preset in force and the overrides in force on its zones.
 * Pure: the stored overrides, the clock and the incident lookup are passed in.
 */
import type { Incident } from '../contracts/incidents.ts'
import type { WallConfig, WallMonitor, WallOverride, WallPreset, WallState } from '../contracts/wall.ts'
import type { StoredOverride } from './wall-repository.ts'
import { presetInForce } from './wall-schedule.ts'

export function presetOf(wall: WallConfig, monitor: WallMonitor, atMs: number, timeZone: string): WallPreset {
  const id = presetInForce(monitor, atMs, timeZone)
  // The configuration checks guarantee the preset exists.
  return wall.presets.find((p) => p.id === id)!
}

/** The newest override per zone of `preset` still in force at `atMs`. */
export function overridesInForce(
  stored: readonly StoredOverride[],
  monitor: string,
  preset: WallPreset,
  atMs: number,
): StoredOverride[] {
  const zones = new Set(preset.zones.map((z) => z.id))
  const newest = new Map<string, StoredOverride>()
  for (const o of stored) {
    if (o.monitor !== monitor || !zones.has(o.zone) || o.untilMs <= atMs) continue
    const current = newest.get(o.zone)
    if (!current || o.id > current.id) newest.set(o.zone, o)
  }
  return [...newest.values()].sort((a, b) => a.id - b.id)
}

export function wallState(
  wall: WallConfig,
  monitor: WallMonitor,
  stored: readonly StoredOverride[],
  atMs: number,
  timeZone: string,
  incident: (id: number) => Incident | undefined,
): WallState {
  const preset = presetOf(wall, monitor, atMs, timeZone)
  const overrides = overridesInForce(stored, monitor.id, preset, atMs).flatMap((o): WallOverride[] => {
    const base = { zone: o.zone, source: o.source, by: o.by, until: new Date(o.untilMs).toISOString() }
    const { content } = o
    if (content.kind !== 'incident') return [{ ...base, content }]
    const found = incident(content.incident)
    return found ? [{ ...base, content: { kind: 'incident', incident: found } }] : []
  })
  return {
    monitor,
    preset,
    overrides,
    centreName: wall.centreName,
    centreNameEn: wall.centreNameEn ?? null,
    map: wall.map ?? null,
  }
}
