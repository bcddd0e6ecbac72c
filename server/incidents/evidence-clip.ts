/**
 * Which of a camera's two streams an incident clip is cut from. Pure: a table test reads as the policy.
 *
 * The clip comes from one stream, never spliced from both: a clip that jumps from 640x360 to 1280x720
 * halfway is harder to read than either half, and splicing needs a re-encode. The seconds before the
 * flag matter most to an investigator (they hold what the operator saw and flagged; the seconds after
 * show only what followed), so the stream that reaches further back wins, and main wins a near tie:
 * - main ran before the flag (a maximised tile): the whole clip from main;
 * - only the sub stream ran (the usual 9-split): the whole clip from sub, although main is started at
 *   the flag (for the snapshot, and for a clip when nothing ran before);
 * - nothing ran before the flag: main from the flag on, the seconds after only.
 */
import type { Quality } from '../contracts/media.ts'

export const CLIP_BEFORE_MS = 10_000
export const CLIP_AFTER_MS = 5_000
/**
 * How much less of the seconds before main may hold and still be chosen: one segment (a GOP, 1-2 s),
 * as the two streams' keyframes fall at different moments.
 */
export const CLIP_MAIN_TOLERANCE_MS = 2_000

export interface HeldSpan {
  /** Wall-clock start of the segments a stream holds for the clip (see LivePackager.segmentsBetween). */
  startMs: number
}

export function chooseClipStream(
  flaggedAt: number,
  held: Partial<Record<Quality, HeldSpan | undefined>>,
): Quality | undefined {
  const reachBack = (span: HeldSpan | undefined): number =>
    span === undefined ? -Infinity : Math.max(0, flaggedAt - span.startMs)
  const main = reachBack(held.main)
  const sub = reachBack(held.sub)
  if (main === -Infinity && sub === -Infinity) return undefined
  return main >= sub - CLIP_MAIN_TOLERANCE_MS ? 'main' : 'sub'
}
