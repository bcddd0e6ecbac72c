/**
 * What travels in a drag from the camera tree (or another tile) to the grid or the tour editor, as a
 * custom MIME type so a drop of text or files from elsewhere is ignored. Parsed, not trusted.
 */
import type { TourItem } from '../../../server/contracts/patrol.ts'
import type { CameraGroup } from './camera-groups.ts'

export const DRAG_TYPE = 'application/x-sharp-eyes-cameras'

export type DragPayload =
  { type: 'camera'; id: string; fromTile: number | null } | { type: 'group'; key: string; cameraIds: string[] }

export function serialize(payload: DragPayload): string {
  return JSON.stringify(payload)
}

export function parsePayload(text: string | undefined | null): DragPayload | null {
  if (!text) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (v['type'] === 'camera' && typeof v['id'] === 'string') {
    const fromTile = typeof v['fromTile'] === 'number' && Number.isInteger(v['fromTile']) ? v['fromTile'] : null
    return { type: 'camera', id: v['id'], fromTile }
  }
  if (
    v['type'] === 'group' &&
    typeof v['key'] === 'string' &&
    Array.isArray(v['cameraIds']) &&
    v['cameraIds'].every((id) => typeof id === 'string')
  ) {
    return { type: 'group', key: v['key'], cameraIds: v['cameraIds'] as string[] }
  }
  return null
}

/** Every camera of a group and its children, in display order, without repeats. */
export function camerasOfGroup(group: CameraGroup): string[] {
  const ids: string[] = []
  const walk = (g: CameraGroup): void => {
    for (const camera of g.cameras) if (!ids.includes(camera.id)) ids.push(camera.id)
    for (const child of g.children) walk(child)
  }
  walk(group)
  return ids
}

/**
 * A tree group as a tour item, so the tour follows the group as cameras are added to it later. A group
 * the config does not name (uncategorized) has no item: its cameras are added one by one instead.
 */
export function tourItemsOf(payload: DragPayload): TourItem[] {
  if (payload.type === 'camera') return [{ type: 'camera', id: payload.id }]
  const grid = /^community:[^/]+\/grid:(.+)$/.exec(payload.key)
  if (grid) return [{ type: 'grid', id: grid[1]! }]
  const match = /^(category|community):([^/]+)$/.exec(payload.key)
  if (match) return [{ type: match[1] as 'category' | 'community', id: match[2]! }]
  return payload.cameraIds.map((id) => ({ type: 'camera', id }))
}
