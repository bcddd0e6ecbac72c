/**
 * The wall's rules as data: which events they react to, and where (monitor, alarm zone) and for how long
 * an event's picture goes. Pure: the caller turns live events into triggers and firings into overrides.
 */
import { isCameraDown } from '../contracts/api.ts'
import type { IncidentEvent } from '../contracts/incidents.ts'
import type { CameraStatusEvent } from '../contracts/realtime-events.ts'
import type { WallConfig, WallRuleEvent } from '../contracts/wall.ts'

export type WallTrigger =
  | { on: 'incident-urgent' | 'incident-escalated'; incident: number; camera: string; category: string }
  | { on: 'camera-down'; camera: string; categories: readonly string[] }

/** A new urgent incident or an escalation with a camera; null for every other incident event. */
export function incidentTrigger(event: IncidentEvent): WallTrigger | null {
  const { incident } = event
  if (incident.cameraId === null) return null
  const on =
    event.kind === 'created' && incident.severity === 'urgent'
      ? 'incident-urgent'
      : event.kind === 'escalated'
        ? 'incident-escalated'
        : null
  return on && { on, incident: incident.id, camera: incident.cameraId, category: incident.category }
}

/** A camera entering a down status; null for one coming back or unknown. */
export function cameraTrigger(event: CameraStatusEvent, categories: readonly string[]): WallTrigger | null {
  return isCameraDown(event.status) ? { on: 'camera-down', camera: event.cameraId, categories } : null
}

/** A rule firing on one monitor: its picture into the alarm zone, or (a rule with `preset`) that preset shown. */
export type RuleFiring =
  | { monitor: string; zone: string; minutes: number; on: WallRuleEvent }
  | { monitor: string; preset: string; minutes: number; on: WallRuleEvent }

interface Longest {
  minutes: number
  preset?: string
}

/**
 * Per monitor the trigger reaches: one preset switch (the longest of its matching preset rules, the first
 * on a tie) and one alarm-zone firing (the longest of its other matching rules). The switch comes first,
 * so the alarm zone is filled on the preset the monitor shows next.
 */
export function ruleFirings(wall: WallConfig, trigger: WallTrigger): RuleFiring[] {
  const switches = new Map<string, Longest>()
  const fills = new Map<string, Longest>()
  for (const rule of wall.rules ?? []) {
    if (rule.on !== trigger.on) continue
    const categories = trigger.on === 'camera-down' ? trigger.categories : [trigger.category]
    if (rule.categories && !rule.categories.some((c) => categories.includes(c))) continue
    const longest = rule.preset === undefined ? fills : switches
    for (const monitor of rule.monitors ?? wall.monitors.map((m) => m.id))
      if (rule.minutes > (longest.get(monitor)?.minutes ?? 0))
        longest.set(monitor, { minutes: rule.minutes, preset: rule.preset })
  }
  return wall.monitors.flatMap((monitor) => {
    const firings: RuleFiring[] = []
    const switched = switches.get(monitor.id)
    if (switched)
      firings.push({ monitor: monitor.id, preset: switched.preset!, minutes: switched.minutes, on: trigger.on })
    const filled = fills.get(monitor.id)
    if (filled && monitor.alarmZone !== undefined)
      firings.push({ monitor: monitor.id, zone: monitor.alarmZone, minutes: filled.minutes, on: trigger.on })
    return firings
  })
}
