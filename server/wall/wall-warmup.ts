/**
 * The streams a monitor's tiles open first, so the server can start them when the kiosk asks for its page:
 * a busy wall PC spends seconds loading and running the app before its players ask, and a cold stream
 * needs seconds more to its first segment; started at the page request, the two overlap. Pure.
 * A zone with an override shows that instead, which the browser starts itself.
 */
import type { Quality } from '../contracts/media.ts'
import { zonePage } from '../contracts/wall-paging.ts'
import type { WallState } from '../contracts/wall.ts'

export interface WarmStream {
  cameraId: string
  quality: Quality
}

/**
 * How long after its page request a loaded wall PC's players start (its app's script loaded and run, the
 * monitor's state fetched). A tour whose page turns within this time has its next page started too, so
 * its tile does not find a cold stream.
 */
export const PLAYERS_START_WITHIN_MS = 8_000

/** The sub streams of every tiles zone without an override, each camera once. */
export function firstStreams(state: WallState, nowMs: number): WarmStream[] {
  const overridden = new Set(state.overrides.map((o) => o.zone))
  const cameraIds = state.preset.zones.flatMap((zone) => {
    const { content } = zone
    if (content.kind !== 'tiles' || overridden.has(zone.id)) return []
    const shown = zonePage({ id: zone.id, content }, state.tours, nowMs).cameras
    if (!content.tour) return shown
    return [...shown, ...zonePage({ id: zone.id, content }, state.tours, nowMs + PLAYERS_START_WITHIN_MS).cameras]
  })
  return [...new Set(cameraIds)].map((cameraId) => ({ cameraId, quality: 'sub' }))
}
