/**
 * Cuts media fragments into LL-HLS parts and segments, using media time only (tfdt and trun durations):
 * - a segment starts at a keyframe once the open one has reached 75% of the segment target (~1 s): a
 *   camera with a 2-4 s GOP gets one GOP per segment, one with a 0.48 s GOP gets 0.96 s segments rather
 *   than 1.44 s ones (which would double the target duration);
 * - a part closes as soon as one more frame would take it past the part target, so a part is published
 *   the moment its last frame arrives instead of waiting for the next one;
 * - once EXT-X-TARGETDURATION has been announced it never changes, so a segment that would round above
 *   it (a camera whose GOP grew) is cut at a part boundary without a keyframe: legal HLS, and players
 *   still find INDEPENDENT parts at the keyframes;
 * - quick start: hls.js will not start from a playlist without a complete segment, so the stream's first
 *   segment must not wait for the camera's second keyframe, a GOP later. Two ways, chosen per stream
 *   (server/media/hls/README.md, "Quick start"):
 *   - `short-segments` (a camera opened alone): until the second keyframe (for STARTUP_MAX_MS at most),
 *     the stream is cut into short parts (STARTUP_PART_MS) that are each a segment of their own, and the
 *     first playlist can be answered ~160 ms after the first keyframe;
 *   - `lead-segment` (streams started together, a layout or a tour page): the first segment ends after
 *     QUICK_START_PARTS parts, ~600 ms after the first keyframe, and the ones after it after MID_GOP_PARTS
 *     until the second keyframe (for STARTUP_MAX_MS at most).
 *   The segments after the first start mid-GOP (their parts are not INDEPENDENT), which HLS allows; each
 *   short part is its segment's last, which the 85%-of-PART-TARGET rule exempts.
 */
import type { FragmentTiming } from './media-fragment.ts'
import type { VideoTrackInfo } from './init-segment.ts'
import { type MediaWindow, type Segment } from './media-window.ts'

export interface SegmenterOptions {
  partTargetMs: number
  segmentTargetMs: number
  /** Before the target duration is announced, the longest a segment may grow without a keyframe. */
  maxSegmentMs: number
  /** How the stream's first segment avoids waiting a whole GOP (see above). */
  quickStart: QuickStart
  now: () => number
}

export type QuickStart = 'short-segments' | 'lead-segment' | 'off'

interface OpenPart {
  fragments: Buffer[]
  ticks: number
  independent: boolean
}

interface GenerationTiming {
  number: number
  track: VideoTrackInfo
  partTargetTicks: number
  /** The quick start's part target, whole frames (at least one). */
  startupPartTicks: number
  anchor?: { wallMs: number; ticks: number }
  /** Decode time at the start of the generation's first segment: where its segments' startTicks count from. */
  originTicks?: number
  lastKeyframeTicks?: number
}

/**
 * The quick start's part length: two frames at 25 fps. Measured in Chromium (hls.js 1.7, 1 s GOP camera,
 * console settings, 16 cold starts each on one machine): click -> playing 0.76 s median with 80 ms parts,
 * 1.32 s with 200 ms parts and 1.57 s with a 600 ms first segment. What makes short starts work where a
 * short first segment alone freezes (server/media/hls/README.md, "Quick start"): the segments after the
 * first are short too, and the first playlist waits for the second (live-packager.ts).
 */
export const STARTUP_PART_MS = 80

/**
 * The short segments cover at most this much: a 1-2 s GOP whole, while a camera with a longer GOP (or none)
 * goes on in one mid-GOP segment to its next keyframe rather than in dozens more short ones.
 */
export const STARTUP_MAX_MS = 2000

/**
 * The lead segment covers PART-HOLD-BACK (three part targets), where hls.js starts playing: it then loads
 * that segment whole and goes on part by part. Measured in Chromium (hls.js 1.7, 2 s GOP camera): with a 1-
 * or 2-part lead segment hls.js stops loading parts and waits for the second segment to complete,
 * freezing the first picture for ~1 s; with 3 parts, no freeze in 6 of 6 starts, 0.70 s latency. Sixteen
 * tiles opened at once reach `playing` in 3.07 s this way and in 4.76 s with short segments (median of 5).
 */
export const QUICK_START_PARTS = 3

/**
 * The lead segment's mid-GOP followers have 2 parts (400 ms). hls.js loads parts only while its buffer
 * reaches past the first listed part plus the open segment's parts. With one long follower running to the
 * next keyframe, a player joining while it is open falls back to whole segments and freezes until it is
 * complete (0.4-0.6 s in 6 of 6 joins 0.3 or 0.8 s after the first playlist). With 3-part followers the
 * test fails at the boundary by floating point (0.2 + 0.4 = 0.6000000000000001 > 0.6 buffered), hls.js
 * loads the lead twice (parts, then whole) and playback stands still ~0.55 s (2 and 4 of 6 joins 0.3 s
 * in, 2 s GOP; traced). With 2, the open follower lists at most one part.
 */
export const MID_GOP_PARTS = 2

export class Segmenter {
  /** EXT-X-TARGETDURATION once announced (seconds), fixed from then on. */
  targetDuration: number | undefined
  /** The quick start's first segment (msn 0) once cut: the playlist writes its parts without INDEPENDENT (playlist-renderer.ts). */
  leadSegmentMsn: number | undefined
  /** The quick start's last segment so far: its segments say nothing about the camera's GOP. */
  startupEndMsn: number | undefined
  gopMs: number | undefined
  newestKeyframe: { generation: number; bytes: Buffer; atMs: number } | undefined
  private generation: GenerationTiming | undefined
  private segment: Segment | undefined
  private part: OpenPart | undefined
  private generationCount = 0
  /** Between the quick start's first segment and the next keyframe: every short part is a segment of its own. */
  private startupRun = false
  private startupTicks = 0
  /** The quick start ended before a keyframe: the next segment may open mid-GOP, once. */
  private continuesMidGop = false

  constructor(
    private readonly window: MediaWindow,
    private readonly options: SegmenterOptions,
  ) {}

  get currentGeneration(): number | undefined {
    return this.generation?.number
  }

  /** The current run's part target in seconds, once its frame interval is known. */
  get partTargetSeconds(): number | undefined {
    const generation = this.generation
    return generation && generation.partTargetTicks > 0
      ? generation.partTargetTicks / generation.track.timescale
      : undefined
  }

  isStartupSegment(msn: number): boolean {
    return this.startupEndMsn !== undefined && msn <= this.startupEndMsn
  }

  /** A new init segment: closes what is open and starts a generation whose first segment is a discontinuity. */
  startGeneration(init: Buffer, track: VideoTrackInfo): void {
    this.finishSegment()
    const number = this.generationCount++
    this.window.addGeneration({ number, init, track })
    this.generation = { number, track, partTargetTicks: 0, startupPartTicks: 0 }
  }

  /** Closes the open part and segment (the source stopped or restarted); the next fragment needs a keyframe. */
  finishSegment(): void {
    this.closePart()
    // Cut short by a restart, a quick-start segment is still a short one (it says nothing about the GOP).
    if (this.segment && this.segment.parts.length > 0 && this.inStartup()) this.endStartupSegment()
    this.startupRun = false
    this.continuesMidGop = false
    if (this.segment) {
      if (this.segment.parts.length > 0) this.window.completeSegment(this.segment)
      this.segment = undefined
    }
  }

  /** Returns what changed, so the caller knows whether waiters may now be satisfied. */
  addFragment(bytes: Buffer, timing: FragmentTiming): 'dropped' | 'buffered' | 'part' {
    const generation = this.generation
    if (!generation) return 'dropped'
    const { timescale } = generation.track
    const now = this.options.now()
    if (timing.startsWithKeyframe) this.noteKeyframe(generation, bytes, timing, now)
    const frameTicks = timing.sampleCount > 0 ? timing.duration / timing.sampleCount : timing.duration
    if (generation.partTargetTicks === 0) {
      const firstFrameTicks = timing.firstSampleDuration || frameTicks
      generation.partTargetTicks = partTargetTicks(this.options.partTargetMs, timescale, firstFrameTicks)
      generation.startupPartTicks = partTargetTicks(STARTUP_PART_MS, timescale, firstFrameTicks)
    }

    let published = false
    if (this.segment) {
      const segmentTicks = this.segment.ticks + (this.part?.ticks ?? 0)
      const keyframeCut =
        timing.startsWithKeyframe &&
        (this.startupRun || segmentTicks >= 0.75 * (this.options.segmentTargetMs / 1000) * timescale)
      const limitSeconds =
        this.targetDuration !== undefined ? this.targetDuration + 0.5 : this.options.maxSegmentMs / 1000
      const forcedCut = (segmentTicks + timing.duration) / timescale >= limitSeconds
      if (keyframeCut || forcedCut) {
        published = this.closePart() || published
        if (this.startupRun) this.startupEndMsn = this.segment.msn
        this.window.completeSegment(this.segment)
        this.openSegment(generation, timing, now)
      } else if (this.part && this.part.ticks + timing.duration > this.partLimitTicks(generation)) {
        published = this.closePart() || published
        if (this.startupSegmentIsFull()) this.endStartupSegment()
      }
    }
    if (timing.startsWithKeyframe) this.startupRun = false
    if (!this.segment) {
      // Nothing before the first keyframe of a generation can be decoded (during the quick start, it can).
      if (!timing.startsWithKeyframe && !this.startupRun && !this.continuesMidGop) return 'dropped'
      this.openSegment(generation, timing, now)
    }

    const part = (this.part ??= { fragments: [], ticks: 0, independent: timing.startsWithKeyframe })
    part.fragments.push(bytes)
    part.ticks += timing.duration
    if (part.ticks + frameTicks > this.partLimitTicks(generation)) {
      published = this.closePart() || published
      if (this.startupSegmentIsFull()) this.endStartupSegment()
    }
    return published ? 'part' : 'buffered'
  }

  /** The quick start's first segment is open, or the ones after it are running. */
  private inStartup(): boolean {
    return (
      this.startupRun ||
      (this.options.quickStart !== 'off' && this.leadSegmentMsn === undefined && this.segment?.msn === 0)
    )
  }

  private partLimitTicks(generation: GenerationTiming): number {
    return this.options.quickStart === 'short-segments' && this.inStartup()
      ? generation.startupPartTicks
      : generation.partTargetTicks
  }

  /** A quick-start segment ends after one short part; with a lead segment, after QUICK_START_PARTS parts, then MID_GOP_PARTS. */
  private startupSegmentIsFull(): boolean {
    const segment = this.segment
    if (!segment || !this.inStartup()) return false
    if (this.options.quickStart === 'short-segments') return segment.parts.length >= 1
    return segment.parts.length >= (this.leadSegmentMsn === undefined ? QUICK_START_PARTS : MID_GOP_PARTS)
  }

  /** Ends a quick-start segment; the next fragment opens another, keyframe or not. */
  private endStartupSegment(): void {
    const segment = this.segment
    if (!segment) return
    this.window.completeSegment(segment)
    this.leadSegmentMsn ??= segment.msn
    this.startupEndMsn = segment.msn
    this.segment = undefined
    this.startupTicks += segment.ticks
    this.startupRun = this.startupTicks < (STARTUP_MAX_MS / 1000) * segment.timescale
    this.continuesMidGop = !this.startupRun
  }

  private openSegment(generation: GenerationTiming, timing: FragmentTiming, now: number): void {
    const { timescale } = generation.track
    let wallMs = generation.anchor
      ? generation.anchor.wallMs + ((timing.decodeTime - generation.anchor.ticks) / timescale) * 1000
      : now
    // Re-anchor when media time and the wall clock drift apart by more than a second (camera clock, stalls).
    if (!generation.anchor || Math.abs(wallMs - now) > 1000) {
      generation.anchor = { wallMs: now, ticks: timing.decodeTime }
      wallMs = now
    }
    this.continuesMidGop = false
    // A restart is a discontinuity only if something was played before it.
    const discontinuity =
      this.window.nextMsn > 0 && !this.window.segments.some((segment) => segment.generation === generation.number)
    generation.originTicks ??= timing.decodeTime
    const startTicks = timing.decodeTime - generation.originTicks
    this.segment = this.window.openNewSegment({
      generation: generation.number,
      timescale,
      programDateTimeMs: wallMs,
      startTicks,
      discontinuity,
    })
  }

  private closePart(): boolean {
    const part = this.part
    this.part = undefined
    if (!part || !this.segment || part.fragments.length === 0) return false
    this.window.appendPart(this.segment, Buffer.concat(part.fragments), part.ticks, part.independent)
    return true
  }

  private noteKeyframe(generation: GenerationTiming, bytes: Buffer, timing: FragmentTiming, now: number): void {
    if (generation.lastKeyframeTicks !== undefined && timing.decodeTime > generation.lastKeyframeTicks) {
      this.gopMs = ((timing.decodeTime - generation.lastKeyframeTicks) / generation.track.timescale) * 1000
    }
    generation.lastKeyframeTicks = timing.decodeTime
    this.newestKeyframe = { generation: generation.number, bytes, atMs: now }
  }
}

/** The part target rounded down to whole frames (at least one), so full parts are equal and within the target. */
export function partTargetTicks(partTargetMs: number, timescale: number, frameTicks: number): number {
  const targetTicks = (partTargetMs / 1000) * timescale
  if (!(frameTicks > 0)) return targetTicks
  return Math.max(frameTicks, Math.floor(targetTicks / frameTicks + 1e-9) * frameTicks)
}
