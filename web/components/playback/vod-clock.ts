/**
 * Wall-clock time <-> a VOD player's media time, from the playlist's fragments (each with the
 * EXT-X-PROGRAM-DATE-TIME hls.js gives it). A recording with gaps is one continuous media timeline with
 * the gaps left out, so the mapping goes fragment by fragment. Pure.
 */

export interface ClockFragment {
  /** Media time of the fragment's start, seconds. */
  start: number
  /** Seconds. */
  duration: number
  /** Wall-clock start, epoch ms. */
  programDateTimeMs: number
}

/** The wall-clock moment at media time `seconds`, or null before the playlist is known. */
export function wallTimeAt(fragments: readonly ClockFragment[], seconds: number): number | null {
  if (fragments.length === 0) return null
  let fragment = fragments[0]!
  for (const candidate of fragments) {
    if (candidate.start > seconds) break
    fragment = candidate
  }
  const into = Math.min(Math.max(0, seconds - fragment.start), fragment.duration)
  return Math.round(fragment.programDateTimeMs + into * 1000)
}

/**
 * The media time showing wall-clock `ms`: inside a fragment, the matching point; in a gap, the start of
 * what comes next; outside the playlist, null (the player loads a playlist around it instead).
 */
export function mediaTimeAt(fragments: readonly ClockFragment[], ms: number): number | null {
  const first = fragments[0]
  const last = fragments.at(-1)
  if (!first || !last) return null
  if (ms < first.programDateTimeMs || ms >= last.programDateTimeMs + last.duration * 1000) return null
  for (const fragment of fragments) {
    const endMs = fragment.programDateTimeMs + fragment.duration * 1000
    if (ms < fragment.programDateTimeMs) return fragment.start
    if (ms < endMs) return fragment.start + (ms - fragment.programDateTimeMs) / 1000
  }
  return null
}
