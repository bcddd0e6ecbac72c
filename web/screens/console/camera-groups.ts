/**
 * The camera tree of the left panel, as pure functions: filter by a search query, group by camera
 * category or by community -> grid, flatten what is visible for keyboard movement, count by status.
 * Cameras keep the server's order inside a group: the administrator orders cameras.yaml on purpose.
 */
import type { CameraStatus, CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import type { Language } from '../../lib/i18n/translate.ts'

export type GroupBy = 'category' | 'community'
export const GROUP_BYS: readonly GroupBy[] = ['category', 'community']

export interface Named {
  id: string
  name: string
  nameEn?: string
}

/** `name` is the Chinese name; English falls back to it when the config has no `nameEn`. */
export function labelOf(entity: Named, language: Language): string {
  return language === 'en' ? (entity.nameEn ?? entity.name) : entity.name
}

export interface CameraGroup {
  /** Unique across the tree: `category:school`, `community:c-01`, `community:c-01/grid:g-01-02`. */
  key: string
  label: string
  /** Cameras in this group and its children. A camera in two categories counts in both. */
  count: number
  cameras: CameraView[]
  children: CameraGroup[]
}

export type UnknownKind = 'uncategorized' | 'category' | 'community' | 'grid'

export interface GroupOptions {
  by: GroupBy
  language: Language
  /** Label for a group the config does not name (a camera with no category, or an id not in the config). */
  unknownLabel: (kind: UnknownKind, id: string) => string
  /** Keep configured groups with no cameras (useful unfiltered, noise while searching). */
  keepEmpty: boolean
}

type GroupConfig = Pick<PublicConfig, 'cameraCategories' | 'communities' | 'grids'>

/** All whitespace-separated terms must appear in the camera's name or id, ignoring case. */
export function filterCameras(cameras: readonly CameraView[], query: string): CameraView[] {
  const terms = query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '')
  if (terms.length === 0) return [...cameras]
  return cameras.filter((camera) => {
    const haystack = `${camera.name}\n${camera.id}`.toLowerCase()
    return terms.every((term) => haystack.includes(term))
  })
}

export function groupCameras(
  cameras: readonly CameraView[],
  config: GroupConfig,
  options: GroupOptions,
): CameraGroup[] {
  const groups =
    options.by === 'category' ? byCategory(cameras, config, options) : byCommunity(cameras, config, options)
  return options.keepEmpty ? groups : withoutEmpty(groups)
}

function byCategory(cameras: readonly CameraView[], config: GroupConfig, options: GroupOptions): CameraGroup[] {
  const groups = new Map<string, CameraGroup>()
  for (const category of config.cameraCategories) {
    groups.set(category.id, leaf(`category:${category.id}`, labelOf(category, options.language)))
  }
  const uncategorized = leaf('uncategorized', options.unknownLabel('uncategorized', ''))
  for (const camera of cameras) {
    if (camera.categories.length === 0) add(uncategorized, camera)
    for (const id of new Set(camera.categories)) {
      let group = groups.get(id)
      if (!group) {
        group = leaf(`category:${id}`, options.unknownLabel('category', id))
        groups.set(id, group)
      }
      add(group, camera)
    }
  }
  return uncategorized.count > 0 ? [...groups.values(), uncategorized] : [...groups.values()]
}

function byCommunity(cameras: readonly CameraView[], config: GroupConfig, options: GroupOptions): CameraGroup[] {
  const communities = new Map<string, CameraGroup>()
  const grids = new Map<string, CameraGroup>()
  const community = (id: string, label?: string): CameraGroup => {
    let group = communities.get(id)
    if (!group) {
      group = leaf(`community:${id}`, label ?? options.unknownLabel('community', id))
      communities.set(id, group)
    }
    return group
  }
  for (const item of config.communities) community(item.id, labelOf(item, options.language))
  for (const grid of config.grids) {
    const group = leaf(`community:${grid.community}/grid:${grid.id}`, labelOf(grid, options.language))
    grids.set(grid.id, group)
    community(grid.community).children.push(group)
  }
  for (const camera of cameras) {
    const parent = community(camera.community)
    let grid = grids.get(camera.grid)
    // A camera filed under a grid of another community stays under its own community, marked unknown.
    if (!grid || !parent.children.includes(grid)) {
      const key = `community:${camera.community}/grid:${camera.grid}`
      grid = parent.children.find((child) => child.key === key)
      if (!grid) {
        grid = leaf(key, options.unknownLabel('grid', camera.grid))
        parent.children.push(grid)
      }
    }
    add(grid, camera)
    parent.count += 1
  }
  return [...communities.values()]
}

function leaf(key: string, label: string): CameraGroup {
  return { key, label, count: 0, cameras: [], children: [] }
}

function add(group: CameraGroup, camera: CameraView): void {
  group.cameras.push(camera)
  group.count += 1
}

function withoutEmpty(groups: CameraGroup[]): CameraGroup[] {
  return groups
    .filter((group) => group.count > 0)
    .map((group) => ({ ...group, children: withoutEmpty(group.children) }))
}

/** One camera row as the list shows it. The same camera may appear under two categories. */
export interface ListEntry {
  key: string
  camera: CameraView
}

/** The rows a user can move through: cameras of groups that are not collapsed, in display order. */
export function visibleEntries(groups: readonly CameraGroup[], collapsed: ReadonlySet<string>): ListEntry[] {
  const entries: ListEntry[] = []
  const walk = (group: CameraGroup): void => {
    if (collapsed.has(group.key)) return
    for (const camera of group.cameras) entries.push({ key: `${group.key}#${camera.id}`, camera })
    for (const child of group.children) walk(child)
  }
  for (const group of groups) walk(group)
  return entries
}

/**
 * The row that holds the selection: the remembered row if still visible, else the first row showing
 * the selected camera (after regrouping or filtering), else none.
 */
export function resolveActive(
  entries: readonly ListEntry[],
  activeKey: string | null,
  selectedId: string | null,
): ListEntry | null {
  return (
    entries.find((entry) => entry.key === activeKey) ?? entries.find((entry) => entry.camera.id === selectedId) ?? null
  )
}

export type Move = 'next' | 'previous' | 'first' | 'last'

/** Keyboard movement; stops at the ends instead of wrapping, so holding an arrow key lands somewhere known. */
export function moveActive(entries: readonly ListEntry[], active: ListEntry | null, move: Move): ListEntry | null {
  if (entries.length === 0) return null
  const index = active ? entries.findIndex((entry) => entry.key === active.key) : -1
  const last = entries.length - 1
  switch (move) {
    case 'first':
      return entries[0] ?? null
    case 'last':
      return entries[last] ?? null
    case 'next':
      return entries[index === -1 ? 0 : Math.min(index + 1, last)] ?? null
    case 'previous':
      return entries[index === -1 ? last : Math.max(index - 1, 0)] ?? null
  }
}

export const STATUSES: readonly CameraStatus[] = ['online', 'offline', 'auth-failed', 'unreachable', 'unknown']

export function countByStatus(cameras: readonly CameraView[]): Record<CameraStatus, number> {
  const counts: Record<CameraStatus, number> = { online: 0, offline: 0, 'auth-failed': 0, unreachable: 0, unknown: 0 }
  for (const camera of cameras) counts[camera.status] += 1
  return counts
}
