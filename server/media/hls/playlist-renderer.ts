/**
 * Renders the LL-HLS media playlist (draft-pantos-hls-rfc8216bis) for one stream. Every segment is listed
 * with EXTINF, so a player that ignores parts plays the same playlist; parts are listed only for the
 * segments within three target durations of the live edge, as the spec suggests, which keeps the
 * playlist small for the 5 reloads a second a low-latency player makes.
 *
 * EXT-X-VERSION is 6: the highest feature used is EXT-X-MAP in a playlist that is not I-frames-only.
 * The low-latency tags need no version, and delta updates (version 9) are not offered: the whole
 * playlist is a few kilobytes.
 */
import { initName, partName, segmentName } from './resource-names.ts'
import { type Segment, seconds } from './media-window.ts'

export const playlistContentType = 'application/vnd.apple.mpegurl'

export interface PlaylistView {
  targetDuration: number
  /** PART-TARGET in seconds; PART-HOLD-BACK is three times it. */
  partTarget: number
  discontinuitySequence: number
  /** Complete segments, then the open one (if any). */
  segments: readonly Segment[]
  nextPartNumber: number
  /**
   * The quick start's first segment (segmenter.ts), if still listed. Its part is written without
   * INDEPENDENT=YES: the segments after it start mid-GOP, and hls.js loads a part that is not INDEPENDENT
   * only when it follows a loaded part or when no part before it in the list is marked. Marked, the lead
   * makes hls.js wait for the next segment to complete: with a 600 ms first segment and a 2 s GOP, a ~1 s
   * freeze after the first frame in 3 of 3 starts (unmarked, none in 6 of 6); with the short segments, a
   * player joining 1-2 s into the stream waits up to 2.7 s (cold starts are alike). INDEPENDENT is a
   * SHOULD, and the part still starts with the keyframe.
   */
  leadSegmentMsn?: number
  /**
   * Write EXT-X-START:TIME-OFFSET=0: the first listed segment holds the stream's newest keyframe. During the
   * quick start (either way) every later segment starts mid-GOP, and hls.js joining then starts near the
   * live edge in one of them with nothing to decode: measured in Chromium (hls.js 1.7), players joining
   * 1.5 s after the first playlist of a 2 s GOP stream play after 2.77 s without this tag (median of 6:
   * the next keyframe) and after 0.23 s with it. From the first segment, hls.js catches up to the live edge.
   */
  startAtFirstSegment?: boolean
  /** The quick start's last segment (segmenter.ts): its segments' EXTINF is written by startupDuration. */
  startupEndMsn?: number
}

/** Durations are written with 5 decimal places (but see startupDuration): exact to 10 µs, and never rounded up past a target. */
export function decimal(value: number): string {
  return (Math.floor(value * 1e5 + 1e-6) / 1e5).toFixed(5)
}

/**
 * A quick-start segment's EXTINF, written so that adding up the EXTINFs from the stream's first segment in
 * binary floating point, as hls.js does to place segments, lands exactly on each segment's start: the same
 * time its program date-time gives. Written as 0.08000, 80 ms segments add up to times off by ~1e-16 s
 * (0.08 x 6 -> 0.48000000000000004); hls.js aligning a reloaded playlist by program date-time then moves
 * every segment by that much, a segment ends a hair after the buffer does, and hls.js loads its part
 * again and again: players joining 0.8 s after a stream's first playlist freeze ~1.2 s in 3 of 6 (Chromium,
 * hls.js 1.7.4), 0 of 6 with this. Both starts below are correctly rounded; for segments no longer than
 * all before them together, their difference is exact (Sterbenz), so adding it back gives the next start
 * exactly. String() writes the shortest decimal that reads back as the same number.
 */
function startupDuration(segment: Segment): string {
  const start = segment.startTicks / segment.timescale
  return String((segment.startTicks + segment.ticks) / segment.timescale - start)
}

function programDateTime(ms: number): string {
  return new Date(ms).toISOString()
}

export function renderPlaylist(view: PlaylistView): string {
  const first = view.segments[0]
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${view.targetDuration}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${decimal(view.partTarget * 3)}`,
    `#EXT-X-PART-INF:PART-TARGET=${decimal(view.partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${first?.msn ?? 0}`,
  ]
  if (view.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${view.discontinuitySequence}`)
  if (view.startAtFirstSegment) lines.push('#EXT-X-START:TIME-OFFSET=0')

  const total = view.segments.reduce((sum, segment) => sum + seconds(segment.ticks, segment.timescale), 0)
  let elapsed = 0
  let previous: Segment | undefined
  for (const segment of view.segments) {
    // An open segment whose first part is not finished yet has nothing to show; its tags come with its first part.
    if (!segment.complete && segment.parts.length === 0) continue
    const duration = seconds(segment.ticks, segment.timescale)
    if (previous && segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY')
    if (!previous || previous.generation !== segment.generation)
      lines.push(`#EXT-X-MAP:URI="${initName(segment.generation)}"`)
    // Written where extrapolating from the previous segment would be wrong: first, after a restart, after re-anchoring.
    const expected = previous
      ? previous.programDateTimeMs + seconds(previous.ticks, previous.timescale) * 1000
      : undefined
    if (expected === undefined || Math.abs(expected - segment.programDateTimeMs) > 1)
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${programDateTime(segment.programDateTimeMs)}`)
    const endsWithinThreeTargets = total - (elapsed + duration) <= 3 * view.targetDuration
    if (endsWithinThreeTargets || !segment.complete) {
      for (const part of segment.parts) {
        const independent = part.independent && segment.msn !== view.leadSegmentMsn
        lines.push(
          `#EXT-X-PART:DURATION=${decimal(seconds(part.ticks, segment.timescale))},URI="${partName(part.number)}"${independent ? ',INDEPENDENT=YES' : ''}`,
        )
      }
    }
    const written =
      view.startupEndMsn !== undefined && segment.msn <= view.startupEndMsn
        ? startupDuration(segment)
        : decimal(duration)
    if (segment.complete) lines.push(`#EXTINF:${written},`, segmentName(segment.msn))
    elapsed += duration
    previous = segment
  }
  // Always present: without it hls.js falls into a reload loop (MediaMTX's experience too).
  lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${partName(view.nextPartNumber)}"`)
  return `${lines.join('\n')}\n`
}
