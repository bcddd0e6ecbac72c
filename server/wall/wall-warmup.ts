/**
 * The streams a monitor's tiles open first, so the server can start them when the kiosk asks for its page:
 * a busy wall PC spends seconds loading and running the app before its players ask, and a cold stream
 * needs seconds more to its first segment; started at the page request, the two overlap. Pure.
 * A zone with an override shows that instead, which the browser starts itself.
 */
import type { Quality } from '../contracts/media.ts'
import type { WallState, WallTour, ZoneContent } from '../contracts/wall.ts'

export interface WarmStream {
  cameraId: string
  quality: Quality
}

/** What a tour needs to know of a camera. */
export interface TourCamera {
  id: string
  categories: readonly string[]
  community: string
}

type TilesContent = Extract<ZoneContent, { kind: 'tiles' }>

// The page arithmetic is the browser's (web/screens/wall/wall-view.ts: tourCameras, splitOf, tilePage):
// paged from the clock, so the server and the wall agree on the page shown now.
const SPLITS = [1, 4, 9, 16] as const

function splitOf(content: TilesContent): number {
  if (content.split) return content.split
  const count = content.cameras?.length ?? 0
  if (content.tour || count === 0) return 4
  return SPLITS.find((split) => split >= count) ?? 16
}

function tourCameras(tour: WallTour, cameras: readonly TourCamera[]): string[] {
  if (tour.cameras) return [...tour.cameras]
  return cameras
    .filter(
      (camera) =>
        (!tour.categories || camera.categories.some((category) => tour.categories!.includes(category))) &&
        (!tour.communities || tour.communities.includes(camera.community)),
    )
    .map((camera) => camera.id)
}

/** The cameras a tiles zone shows at `nowMs`: a fixed list's first page, a tour's page of the moment. */
function shownNow(content: TilesContent, cameras: readonly TourCamera[], nowMs: number): string[] {
  const split = splitOf(content)
  const ids = content.tour ? tourCameras(content.tour, cameras) : (content.cameras ?? [])
  const pages = Math.max(1, Math.ceil(ids.length / split))
  const page = content.tour ? Math.floor(nowMs / (content.tour.dwellSeconds * 1000)) % pages : 0
  return ids.slice(page * split, page * split + split)
}

/** The sub streams of every tiles zone without an override, each camera once. */
export function firstStreams(state: WallState, cameras: readonly TourCamera[], nowMs: number): WarmStream[] {
  const overridden = new Set(state.overrides.map((o) => o.zone))
  const cameraIds = state.preset.zones.flatMap((zone) =>
    zone.content.kind === 'tiles' && !overridden.has(zone.id) ? shownNow(zone.content, cameras, nowMs) : [],
  )
  return [...new Set(cameraIds)].map((cameraId) => ({ cameraId, quality: 'sub' }))
}
