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
 * - quick start: the stream's very first segment ends after QUICK_START_PARTS parts (~600 ms after the
 *   first keyframe) instead of at the next keyframe one GOP later. hls.js will not start from a playlist
 *   without a complete segment, so this is what lets the first playlist be answered sooner. The second
 *   segment then starts mid-GOP (its first part is not INDEPENDENT), which HLS allows.
 */
import type { FragmentTiming } from './media-fragment.ts'
import type { VideoTrackInfo } from './init-segment.ts'
import { type MediaWindow, type Segment } from './media-window.ts'

export interface SegmenterOptions {
  partTargetMs: number
  segmentTargetMs: number
  /** Before the target duration is announced, the longest a segment may grow without a keyframe. */
  maxSegmentMs: number
  /** End the stream's first segment after QUICK_START_PARTS parts (see above). */
  quickStart: boolean
  now: () => number
}

interface OpenPart {
  fragments: Buffer[]
  ticks: number
  independent: boolean
}

interface GenerationTiming {
  number: number
  track: VideoTrackInfo
  partTargetTicks: number
  anchor?: { wallMs: number; ticks: number }
  lastKeyframeTicks?: number
}

/**
 * The quick-start segment covers PART-HOLD-BACK (three part targets), where hls.js starts playing: it then
 * loads that segment whole and goes on part by part. Measured in Chromium (hls.js 1.7, 2 s GOP camera):
 * with a 1- or 2-part lead segment hls.js stopped loading parts and waited for the second segment to
 * complete, freezing the first picture for ~1 s; with 3 parts, no freeze in 6 of 6 starts, 0.70 s latency.
 */
export const QUICK_START_PARTS = 3

export class Segmenter {
  /** EXT-X-TARGETDURATION once announced (seconds), fixed from then on. */
  targetDuration: number | undefined
  /** The quick-start segment (msn 0) once cut: the playlist writes its parts without INDEPENDENT (playlist-renderer.ts). */
  leadSegmentMsn: number | undefined
  gopMs: number | undefined
  newestKeyframe: { generation: number; bytes: Buffer; atMs: number } | undefined
  private generation: GenerationTiming | undefined
  private segment: Segment | undefined
  private part: OpenPart | undefined
  private generationCount = 0
  /** The next fragment continues the quick-start segment's GOP, so it may open a segment without a keyframe. */
  private continuesLead = false

  constructor(private readonly window: MediaWindow, private readonly options: SegmenterOptions) {}

  get currentGeneration(): number | undefined {
    return this.generation?.number
  }

  /** The current run's part target in seconds, once its frame interval is known. */
  get partTargetSeconds(): number | undefined {
    const generation = this.generation
    return generation && generation.partTargetTicks > 0 ? generation.partTargetTicks / generation.track.timescale : undefined
  }

  /** A new init segment: closes what is open and starts a generation whose first segment is a discontinuity. */
  startGeneration(init: Buffer, track: VideoTrackInfo): void {
    this.finishSegment()
    const number = this.generationCount++
    this.window.addGeneration({ number, init, track })
    this.generation = { number, track, partTargetTicks: 0 }
  }

  /** Closes the open part and segment (the source stopped or restarted); the next fragment needs a keyframe. */
  finishSegment(): void {
    this.continuesLead = false
    this.closePart()
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
    if (generation.partTargetTicks === 0) generation.partTargetTicks = partTargetTicks(this.options.partTargetMs, timescale, timing.firstSampleDuration || frameTicks)

    let published = false
    if (!this.segment) {
      // Nothing before the first keyframe of a generation can be decoded (after the quick-start segment, it can).
      if (!timing.startsWithKeyframe && !this.continuesLead) return 'dropped'
      this.openSegment(generation, timing, now)
    } else {
      const segmentTicks = this.segment.ticks + (this.part?.ticks ?? 0)
      const keyframeCut = timing.startsWithKeyframe && segmentTicks >= 0.75 * (this.options.segmentTargetMs / 1000) * timescale
      const limitSeconds = this.targetDuration !== undefined ? this.targetDuration + 0.5 : this.options.maxSegmentMs / 1000
      const forcedCut = (segmentTicks + timing.duration) / timescale >= limitSeconds
      if (keyframeCut || forcedCut) {
        published = this.closePart() || published
        this.window.completeSegment(this.segment)
        this.openSegment(generation, timing, now)
      } else if (this.part && this.part.ticks + timing.duration > generation.partTargetTicks) {
        published = this.closePart() || published
      }
    }

    const part = (this.part ??= { fragments: [], ticks: 0, independent: timing.startsWithKeyframe })
    part.fragments.push(bytes)
    part.ticks += timing.duration
    if (part.ticks + frameTicks > generation.partTargetTicks) {
      published = this.closePart() || published
      const segment = this.segment
      if (this.options.quickStart && segment?.msn === 0 && segment.parts.length === QUICK_START_PARTS) {
        this.window.completeSegment(segment)
        this.leadSegmentMsn = 0
        this.segment = undefined
        this.continuesLead = true
      }
    }
    return published ? 'part' : 'buffered'
  }

  private openSegment(generation: GenerationTiming, timing: FragmentTiming, now: number): void {
    const { timescale } = generation.track
    let wallMs = generation.anchor ? generation.anchor.wallMs + ((timing.decodeTime - generation.anchor.ticks) / timescale) * 1000 : now
    // Re-anchor when media time and the wall clock drift apart by more than a second (camera clock, stalls).
    if (!generation.anchor || Math.abs(wallMs - now) > 1000) {
      generation.anchor = { wallMs: now, ticks: timing.decodeTime }
      wallMs = now
    }
    // A restart is a discontinuity only if something was played before it.
    this.continuesLead = false
    const discontinuity = this.window.nextMsn > 0 && !this.window.segments.some((segment) => segment.generation === generation.number)
    this.segment = this.window.openNewSegment({ generation: generation.number, timescale, programDateTimeMs: wallMs, discontinuity })
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
