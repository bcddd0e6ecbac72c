/**
 * The streams a monitor's tiles open first, so the server can start them when the kiosk asks for its page:
 * a busy wall PC spends seconds loading and running the app before its players ask, and a cold stream
 * needs seconds more to its first segment; started at the page request, the two overlap. Pure.
 * Only fixed tile lists: a tour's cameras come from their categories and the clock, which the browser
 * resolves (and prefetches) itself; a zone with an override shows that instead, which the browser starts.
 */
import type { Quality } from '../contracts/media.ts'
import type { WallState } from '../contracts/wall.ts'

export interface WarmStream {
  cameraId: string
  quality: Quality
}

/** Each fixed tile list's first page (`split` cameras) of zones without an override, as sub streams. */
export function firstStreams(state: WallState): WarmStream[] {
  const overridden = new Set(state.overrides.map((o) => o.zone))
  const cameraIds = state.preset.zones.flatMap((zone) => {
    const { content } = zone
    if (content.kind !== 'tiles' || !content.cameras || overridden.has(zone.id)) return []
    return content.cameras.slice(0, content.split ?? content.cameras.length)
  })
  return [...new Set(cameraIds)].map((cameraId) => ({ cameraId, quality: 'sub' }))
}
