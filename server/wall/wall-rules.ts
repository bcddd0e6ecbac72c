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

export interface RuleFiring {
  monitor: string
  zone: string
  minutes: number
  on: WallRuleEvent
}

/** One firing per monitor the trigger reaches (the longest of its matching rules), into its alarm zone. */
export function ruleFirings(wall: WallConfig, trigger: WallTrigger): RuleFiring[] {
  const minutes = new Map<string, number>()
  for (const rule of wall.rules ?? []) {
    if (rule.on !== trigger.on) continue
    const categories = trigger.on === 'camera-down' ? trigger.categories : [trigger.category]
    if (rule.categories && !rule.categories.some((c) => categories.includes(c))) continue
    for (const monitor of rule.monitors ?? wall.monitors.map((m) => m.id))
      minutes.set(monitor, Math.max(minutes.get(monitor) ?? 0, rule.minutes))
  }
  return wall.monitors.flatMap((monitor) => {
    const forMonitor = minutes.get(monitor.id)
    if (forMonitor === undefined || monitor.alarmZone === undefined) return []
    return [{ monitor: monitor.id, zone: monitor.alarmZone, minutes: forMonitor, on: trigger.on }]
  })
}
