/**
 * Pushing to the wall (上墙): what is pushed and the body of POST /api/wall/push. Pure; the picker's state
 * (wall-push.svelte.ts) sends it.
 */
import type { Role } from '../../server/contracts/api.ts'
import type { PushBody } from '../../server/contracts/wall.ts'

export type PushTarget =
  | { kind: 'camera'; camera: string; name: string }
  | { kind: 'layout'; cameras: string[] }
  | { kind: 'incident'; incident: number; code: string }

export interface PushChoice {
  monitor: string
  /** Empty: the monitor's alarm zone (the server's default). */
  zone: string
  minutes: number
}

export const DEFAULT_PUSH_MINUTES = 5
export const PUSH_MINUTES = [1, 5, 15, 30, 60] as const
/** A layout push carries at most this many cameras (the wall's 4x4). */
export const MAX_LAYOUT = 16

/** The roles that may push; the server enforces the same. */
export function canPush(role: Role): boolean {
  return role === 'admin' || role === 'supervisor' || role === 'operator'
}

/** The current layout's cameras, empty tiles left out, repeats once, at most a 4x4. */
export function layoutTarget(tiles: readonly (string | null)[]): PushTarget | null {
  const cameras = [...new Set(tiles.filter((id): id is string => id !== null))].slice(0, MAX_LAYOUT)
  return cameras.length === 0 ? null : { kind: 'layout', cameras }
}

export function pushBody(target: PushTarget, choice: PushChoice): PushBody {
  const body: PushBody = { monitor: choice.monitor, seconds: Math.round(choice.minutes * 60) }
  if (choice.zone !== '') body.zone = choice.zone
  if (target.kind === 'camera') body.camera = target.camera
  else if (target.kind === 'layout') body.layout = [...target.cameras]
  else body.incident = target.incident
  return body
}
