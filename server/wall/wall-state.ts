/**
 * What a monitor shows at an instant: the preset in force and the overrides in force on its zones.
 * Precedence, highest first: push > rule > schedule > default. A pushed item (or a rule's picture) sits on a
 * zone of whichever preset is in force, over that zone's content; a rule's preset switch replaces the
 * schedule's preset, which replaces the monitor's default.
 * Each tour zone's cameras are resolved from `cameras` (wall-tours.ts), so the browser can start its tour
 * tiles on the state alone.
 * Pure: the stored overrides and switches, the cameras, the clock and the incident lookup are passed in.
 */
import type { Incident } from '../contracts/incidents.ts'
import type { WallConfig, WallMonitor, WallOverride, WallPreset, WallState } from '../contracts/wall.ts'
import type { StoredOverride, StoredPresetSwitch } from './wall-repository.ts'
import { presetInForce } from './wall-schedule.ts'
import { presetTours, type TourCamera } from './wall-tours.ts'

/** What the repository holds in force for the wall. */
export interface StoredWall {
  overrides: readonly StoredOverride[]
  switches: readonly StoredPresetSwitch[]
}

/** The newest preset switch of `monitor` still in force at `atMs`; null: none. */
export function switchInForce(
  switches: readonly StoredPresetSwitch[],
  monitor: string,
  atMs: number,
): StoredPresetSwitch | null {
  let newest: StoredPresetSwitch | null = null
  for (const s of switches) if (s.monitor === monitor && s.untilMs > atMs && (!newest || s.id > newest.id)) newest = s
  return newest
}

export function presetOf(
  wall: WallConfig,
  monitor: WallMonitor,
  switches: readonly StoredPresetSwitch[],
  atMs: number,
  timeZone: string,
): WallPreset {
  const id = switchInForce(switches, monitor.id, atMs)?.preset ?? presetInForce(monitor, atMs, timeZone)
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
  stored: StoredWall,
  atMs: number,
  timeZone: string,
  incident: (id: number) => Incident | undefined,
  cameras: readonly TourCamera[],
): WallState {
  const preset = presetOf(wall, monitor, stored.switches, atMs, timeZone)
  const switched = switchInForce(stored.switches, monitor.id, atMs)
  const overrides = overridesInForce(stored.overrides, monitor.id, preset, atMs).flatMap((o): WallOverride[] => {
    const base = { zone: o.zone, source: o.source, by: o.by, until: new Date(o.untilMs).toISOString() }
    const { content } = o
    if (content.kind !== 'incident') return [{ ...base, content }]
    const found = incident(content.incident)
    return found ? [{ ...base, content: { kind: 'incident', incident: found } }] : []
  })
  return {
    monitor,
    preset,
    presetSwitch: switched && {
      preset: switched.preset,
      by: switched.by,
      until: new Date(switched.untilMs).toISOString(),
    },
    overrides,
    tours: presetTours(preset, cameras),
    centreName: wall.centreName,
    centreNameEn: wall.centreNameEn ?? null,
    map: wall.map ?? null,
  }
}
