/**
 * Instant replay of a stream that is only watched live: an HLS VOD playlist over the complete segments
 * the packager's ring holds at that moment (~30 s), named as the live playlist names them, so they are
 * served from the same memory. One run only (the newest init), starting at a keyframe; each segment with
 * its wall-clock time, so the tile's timeline shows the moment played. Pure.
 */
import { initName, segmentName } from './resource-names.ts'

export interface ReplaySegment {
  msn: number
  generation: number
  programDateTimeMs: number
  durationMs: number
  independent: boolean
}

/** The playlist, or undefined when the ring holds no segment that starts at a keyframe yet. */
export function renderReplayPlaylist(complete: readonly ReplaySegment[]): string | undefined {
  const newest = complete.at(-1)
  if (!newest) return undefined
  const run = complete.filter((segment) => segment.generation === newest.generation)
  const first = run.findIndex((segment) => segment.independent)
  if (first < 0) return undefined
  const listed = run.slice(first)
  const longest = Math.max(1, ...listed.map((segment) => segment.durationMs / 1000))
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${Math.ceil(longest - 1e-9)}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXT-X-MEDIA-SEQUENCE:${listed[0]!.msn}`,
    `#EXT-X-MAP:URI="${initName(newest.generation)}"`,
  ]
  for (const segment of listed)
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.programDateTimeMs).toISOString()}`,
      `#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`,
      segmentName(segment.msn),
    )
  lines.push('#EXT-X-ENDLIST', '')
  return lines.join('\n')
}
