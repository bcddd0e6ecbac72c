/**
 * Which cameras a wall zone of tiles shows at a given clock time. One pure function for both sides: the
 * server starts these streams when a kiosk asks for its page (server/wall/wall-warmup.ts) and the wall's
 * browser plays them (web/screens/wall/WallZone.svelte), so the two agree on the page shown now.
 * A tour is paged from the clock, not from a counter: every monitor showing the same tour shows the same
 * page, and a reload resumes where the wall was. No Node imports: the web app imports this file.
 */
import type { WallState, WallZone, ZoneContent } from './wall.ts'

export type TilesContent = Extract<ZoneContent, { kind: 'tiles' }>

const SPLITS = [1, 4, 9, 16] as const

/** Tiles per page: the configured split, else the smallest square that holds a fixed list, else 4 for a tour. */
export function splitOf(content: TilesContent): number {
  if (content.split) return content.split
  const count = content.cameras?.length ?? 0
  if (content.tour || count === 0) return 4
  return SPLITS.find((split) => split >= count) ?? 16
}

export interface TilePage {
  cameras: string[]
  /** 0-based. */
  page: number
  pages: number
}

/** The page of `cameraIds` shown at `nowMs`, `split` at a time; without a dwell, always the first. */
export function tilePage(
  cameraIds: readonly string[],
  split: number,
  dwellSeconds: number | null,
  nowMs: number,
): TilePage {
  const pages = Math.max(1, Math.ceil(cameraIds.length / split))
  const page = dwellSeconds ? Math.floor(nowMs / (dwellSeconds * 1000)) % pages : 0
  return { cameras: cameraIds.slice(page * split, page * split + split), page, pages }
}

/**
 * The cameras a tiles zone shows at `nowMs`: a fixed list's first page, or a tour's page of the moment
 * out of the cameras the server resolved for that zone (`state.tours`).
 */
export function zonePage(
  zone: Pick<WallZone, 'id'> & { content: TilesContent },
  tours: WallState['tours'],
  nowMs: number,
): TilePage {
  const { content } = zone
  const split = splitOf(content)
  if (!content.tour) return tilePage(content.cameras ?? [], split, null, nowMs)
  const tour = tours.find((t) => t.zone === zone.id)
  return tilePage(tour?.cameras ?? [], split, tour?.dwellSeconds ?? content.tour.dwellSeconds, nowMs)
}
