/**
 * The split-screen layout as pure data: which kinds exist, where each tile sits on the CSS grid, placing
 * cameras and groups, maximise/restore, keyboard movement between tiles and paging a camera list.
 * No state and no DOM here: layout-state.svelte.ts holds the current layout and calls these.
 */
import { LAYOUT_TILES, type LayoutKind } from '../../../server/contracts/patrol.ts'

export const LAYOUT_KINDS: readonly LayoutKind[] = ['1', '4', '9', '16', '25', '1+5', '1+7']

export type TileCameras = ReadonlyArray<string | null>

/** 1-based CSS grid lines, as `grid-area: row / col / span rowSpan / span colSpan`. */
export interface TileArea {
  row: number
  col: number
  rowSpan: number
  colSpan: number
}

export interface GridShape {
  /** Columns and rows of equal size: tiles never change size with what they show. */
  size: number
  areas: TileArea[]
}

export function isLayoutKind(value: unknown): value is LayoutKind {
  return typeof value === 'string' && (LAYOUT_KINDS as readonly string[]).includes(value)
}

export function tileCount(kind: LayoutKind): number {
  return LAYOUT_TILES[kind]
}

/**
 * n x n kinds fill row by row. Focus kinds put the large tile top-left, then the small ones down the right
 * column and along the bottom row: 1+5 on a 3 x 3 grid (2 x 2 large), 1+7 on 4 x 4 (3 x 3 large).
 */
export function gridShape(kind: LayoutKind): GridShape {
  if (kind === '1+5' || kind === '1+7') {
    const size = kind === '1+5' ? 3 : 4
    const big = size - 1
    const areas: TileArea[] = [{ row: 1, col: 1, rowSpan: big, colSpan: big }]
    for (let row = 1; row <= big; row++) areas.push({ row, col: size, rowSpan: 1, colSpan: 1 })
    for (let col = 1; col <= size; col++) areas.push({ row: size, col, rowSpan: 1, colSpan: 1 })
    return { size, areas }
  }
  const size = Math.sqrt(tileCount(kind))
  const areas: TileArea[] = []
  for (let row = 1; row <= size; row++) {
    for (let col = 1; col <= size; col++) areas.push({ row, col, rowSpan: 1, colSpan: 1 })
  }
  return { size, areas }
}

/** A camera list fitted to a kind: the first tiles keep their cameras, extra tiles are empty. */
export function fitCameras(cameras: TileCameras, kind: LayoutKind): Array<string | null> {
  return Array.from({ length: tileCount(kind) }, (_, i) => cameras[i] ?? null)
}

/**
 * One camera dropped on a tile. A camera already on screen moves rather than playing twice (two tiles of
 * the same stream tell the operator nothing and cost a player).
 */
export function placeCamera(cameras: TileCameras, index: number, cameraId: string): Array<string | null> {
  const next = [...cameras]
  if (index < 0 || index >= next.length) return next
  const existing = next.indexOf(cameraId)
  if (existing !== -1) next[existing] = null
  next[index] = cameraId
  return next
}

export interface GroupPlacement {
  cameras: Array<string | null>
  /** Cameras of the group that found no empty tile. */
  leftOver: string[]
}

/**
 * A group dropped on a tile: its first camera goes on the drop tile, the rest fill the empty tiles after
 * it in order; tiles already showing something keep it. Cameras already on screen are skipped.
 */
export function placeGroup(cameras: TileCameras, dropIndex: number, cameraIds: readonly string[]): GroupPlacement {
  const next = [...cameras]
  const onScreen = new Set(next.filter((id): id is string => id !== null))
  const queue = cameraIds.filter((id, i) => !onScreen.has(id) && cameraIds.indexOf(id) === i)
  if (dropIndex < 0 || dropIndex >= next.length) return { cameras: next, leftOver: queue }
  let tile = dropIndex
  const first = queue.shift()
  if (first !== undefined) next[tile++] = first
  while (queue.length > 0 && tile < next.length) {
    if (next[tile] === null) next[tile] = queue.shift()!
    tile += 1
  }
  return { cameras: next, leftOver: queue }
}

export function clearTile(cameras: TileCameras, index: number): Array<string | null> {
  return cameras.map((id, i) => (i === index ? null : id))
}

export type Direction = 'left' | 'right' | 'up' | 'down'

/**
 * Arrow-key movement between tiles by geometry, so it also works on focus layouts: the nearest tile whose
 * centre lies in that direction, preferring the one best lined up. Stays put at an edge.
 */
export function moveSelection(kind: LayoutKind, from: number, direction: Direction): number {
  const { areas } = gridShape(kind)
  const origin = areas[from]
  if (!origin) return 0
  const centre = (a: TileArea) => ({ x: a.col + a.colSpan / 2, y: a.row + a.rowSpan / 2 })
  const o = centre(origin)
  let best = from
  let bestScore = Infinity
  areas.forEach((area, index) => {
    if (index === from) return
    const c = centre(area)
    const along =
      direction === 'left' ? o.x - c.x : direction === 'right' ? c.x - o.x : direction === 'up' ? o.y - c.y : c.y - o.y
    const across = direction === 'left' || direction === 'right' ? Math.abs(c.y - o.y) : Math.abs(c.x - o.x)
    // Must overlap the origin's span across the movement, or be strictly ahead of it.
    if (along <= 0) return
    const overlaps =
      direction === 'left' || direction === 'right'
        ? area.row < origin.row + origin.rowSpan && area.row + area.rowSpan > origin.row
        : area.col < origin.col + origin.colSpan && area.col + area.colSpan > origin.col
    if (!overlaps) return
    const score = along * 10 + across
    if (score < bestScore) {
      bestScore = score
      best = index
    }
  })
  return best
}

/** A tour's cameras cut into pages of the layout's size; the last page is padded with empty tiles. */
export function pagesOf(cameraIds: readonly string[], kind: LayoutKind): Array<Array<string | null>> {
  const size = tileCount(kind)
  const pages: Array<Array<string | null>> = []
  for (let start = 0; start < cameraIds.length; start += size) {
    pages.push(fitCameras(cameraIds.slice(start, start + size), kind))
  }
  return pages
}

export interface DeepLink {
  layout: { kind: LayoutKind; cameras: Array<string | null> } | null
  tourId: number | null
}

/**
 * `/console?layout=4&cameras=a,b,c,d` and `/console?tour=7`. A `+` in a query decodes to a space, so
 * `layout=1+5` arrives as "1 5" unless the sender encoded it; both are accepted. Empty entries in
 * `cameras` (`a,,c`) leave a tile empty.
 */
export function parseDeepLink(search: string): DeepLink {
  const query = new URLSearchParams(search)
  const rawKind = query.get('layout')?.trim().replace(/\s+/g, '+') ?? null
  const rawCameras = query.get('cameras')
  const tour = Number(query.get('tour'))
  const tourId = query.has('tour') && Number.isInteger(tour) && tour > 0 ? tour : null
  if (rawKind === null && rawCameras === null) return { layout: null, tourId }
  const ids = (rawCameras ?? '').split(',').map((id) => id.trim())
  const kind = isLayoutKind(rawKind) ? rawKind : smallestKindFor(ids.length)
  return {
    layout: {
      kind,
      cameras: fitCameras(
        ids.map((id) => (id === '' ? null : id)),
        kind,
      ),
    },
    tourId,
  }
}

/** The smallest n x n kind that shows `count` tiles. */
export function smallestKindFor(count: number): LayoutKind {
  return (['1', '4', '9', '16', '25'] as const).find((kind) => tileCount(kind) >= count) ?? '25'
}
