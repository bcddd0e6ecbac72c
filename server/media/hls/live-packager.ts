/**
 * One camera stream's low-latency HLS packager. ffmpeg's fragmented MP4 goes in (push), and out come the
 * LL-HLS playlist with blocking reload, the init segment, segments and parts, plus the recent media for
 * snapshots and evidence clips. No I/O of its own and no timers except the waiters' timeouts: given a
 * store, it moves segments older than `memoryMs` there (segment-spill.ts); without one, all stay in memory.
 *
 * The HTTP layer maps answers like this (see answerPlaylist):
 *   ok -> 200, bad-request -> 400, timeout -> 503 (the spec's answer when a blocked request is not
 *   satisfied within three target durations; hls.js retries it), gone -> 404 (the stream was closed).
 */
import { Fmp4ParseError } from './box-reader.ts'
import { Fmp4StreamReader } from './fmp4-stream-reader.ts'
import { bytesInMemory, MediaWindow, type Segment, seconds } from './media-window.ts'
import { renderPlaylist } from './playlist-renderer.ts'
import { renderReplayPlaylist } from './replay-playlist.ts'
import { parseResourceName } from './resource-names.ts'
import { SegmentSpill, type SegmentStore } from './segment-spill.ts'
import { type QuickStart, Segmenter } from './segmenter.ts'
import { Waiters } from './waiters.ts'

export interface LivePackagerOptions {
  /** Part target, rounded down to whole frames; default 200 ms. */
  partTargetMs?: number
  /** Segments start at the first keyframe after this much media; default 1000 ms. */
  segmentTargetMs?: number
  /** How much media the ring buffer keeps; default 30 s. */
  windowMs?: number
  /** Byte cap on the ring buffer, whatever the window; default 64 MiB. */
  maxBytes?: number
  /** Where complete segments go once `memoryMs` of newer media follows them; default none (all in memory). */
  store?: SegmentStore
  /** Media kept in memory behind the live edge when there is a store; default 4000 ms (see segment-spill.ts). */
  memoryMs?: number
  /** Longest segment before the target duration is announced, for a source that never sends a second keyframe; default 10 s. */
  maxSegmentMs?: number
  /** How the first playlist avoids waiting for a second keyframe (segmenter.ts); default `lead-segment`. */
  quickStart?: QuickStart
  /** A first playlist request is answered only while media came this recently; default 4000 ms. */
  freshForMs?: number
  now?: () => number
}

export interface PlaylistQuery {
  msn?: number
  part?: number
}

export type PlaylistAnswer =
  | { status: 'ok'; body: string }
  | { status: 'bad-request'; reason: string }
  | { status: 'timeout' }
  | { status: 'gone' }

export interface MediaResource {
  body: Buffer
  contentType: string
}

export interface PackagerStats {
  segments: number
  bytesInWindow: number
  /** The window's bytes not (yet) moved to the store. */
  bytesInMemory: number
  bitrateBps: number
  lastMediaAt: number | undefined
  codec: string | undefined
  width?: number
  height?: number
  gopMs?: number
  /** The last malformed-input error, until the next restart(). */
  lastError?: string
  /** The last failed write to the store, until one succeeds (those segments stay in memory). */
  storeError?: string
}

/** Wall-clock span of complete segments for a clip, and their bytes: read() is called in the same tick. */
export interface HeldClip {
  init: Buffer
  startMs: number
  endMs: number
  /** Starts the reads at once, so segments the window drops meanwhile are still read whole. */
  read(): Promise<Buffer[]>
}

/** A segment once complete, as the recorder taps it: its bytes (moof+mdat fragments) and its init. */
export interface CompletedSegment {
  msn: number
  /** Changes when the source restarted: the segment needs `init`, and its timestamps start anew. */
  generation: number
  init: Buffer
  programDateTimeMs: number
  durationMs: number
  /** Starts with a keyframe: a file may begin with it. */
  independent: boolean
  bytes: Buffer
}

type Listeners = {
  media: Set<() => void>
  error: Set<(error: Fmp4ParseError) => void>
  segment: Set<(segment: CompletedSegment) => void>
}

export const mediaContentType = 'video/mp4'
const QUICK_START_TARGET_DURATION = 2

export class LivePackager {
  private readonly reader = new Fmp4StreamReader()
  private readonly window: MediaWindow
  private readonly spill: SegmentSpill | undefined
  private readonly segmenter: Segmenter
  private readonly waiters = new Waiters()
  private readonly listeners: Listeners = { media: new Set(), error: new Set(), segment: new Set() }
  /** The newest segment the 'segment' listeners have seen. */
  private reportedMsn = -1
  private readonly now: () => number
  private declaredPartTarget = 0
  private lastMediaAt: number | undefined
  private lastError: Fmp4ParseError | undefined
  private closed = false
  private readonly freshForMs: number
  /** The window's change count the waiters were last checked at. */
  private notifiedChanges = -1
  /** The playlist rendered at a window change count, shared by every request answered before the next change. */
  private rendered: { changes: number; body: string } | undefined
  /** Parts numbered below this were measured for PART-TARGET already. */
  private partsMeasured = 0
  readonly quickStart: QuickStart

  constructor(options: LivePackagerOptions = {}) {
    this.now = options.now ?? Date.now
    this.quickStart = options.quickStart ?? 'lead-segment'
    this.freshForMs = options.freshForMs ?? 4_000
    this.window = new MediaWindow(
      { windowMs: options.windowMs ?? 30_000, maxBytes: options.maxBytes ?? 64 * 1024 * 1024 },
      (segment) => this.spill?.evicted(segment),
    )
    const store = options.store
    this.spill = store && new SegmentSpill(this.window, store, options.memoryMs ?? 4_000)
    this.segmenter = new Segmenter(this.window, {
      partTargetMs: options.partTargetMs ?? 200,
      segmentTargetMs: options.segmentTargetMs ?? 1000,
      maxSegmentMs: options.maxSegmentMs ?? 10_000,
      quickStart: this.quickStart,
      now: this.now,
    })
  }

  /** Raw fMP4 bytes in any chunking. Malformed input is reported to 'error' listeners (and stats), never thrown. */
  push(chunk: Buffer): void {
    if (this.closed) return
    let units
    try {
      units = this.reader.push(chunk)
    } catch (error) {
      this.lastError = error instanceof Fmp4ParseError ? error : new Fmp4ParseError(String(error))
      for (const listener of this.listeners.error) listener(this.lastError)
      return
    }
    if (units.length === 0) return
    // Media after a quiet spell makes the stream live again without a change to the window (isLive).
    const wasStale = !this.isFresh()
    let fragments = 0
    for (const unit of units) {
      if (unit.kind === 'init') {
        this.segmenter.startGeneration(unit.bytes, unit.track)
      } else {
        this.segmenter.addFragment(unit.bytes, unit.timing)
        this.lastMediaAt = this.now()
        fragments++
      }
    }
    // Held requests wait for a new part or segment: checked once per change, not once per frame.
    if (wasStale || this.window.changes !== this.notifiedChanges) this.notifyWaiters()
    if (fragments > 0) for (const listener of this.listeners.media) listener()
    this.reportCompleted()
  }

  /** The source restarted: what is open is closed, and the next bytes must start with a new init. */
  restart(): void {
    this.reader.reset()
    this.lastError = undefined
    this.segmenter.finishSegment()
    this.notifyWaiters()
    this.reportCompleted()
  }

  /** Answers every held request as gone and lets the store's segments go; later pushes are ignored. */
  close(): void {
    this.closed = true
    this.waiters.close()
    this.spill?.close()
  }

  on(event: 'media', listener: () => void): () => void
  on(event: 'error', listener: (error: Fmp4ParseError) => void): () => void
  /** Each segment once, when it completes (from the moment of subscribing; the ring's older ones are not replayed). */
  on(event: 'segment', listener: (segment: CompletedSegment) => void): () => void
  on(
    event: 'media' | 'error' | 'segment',
    listener: (() => void) | ((error: Fmp4ParseError) => void) | ((segment: CompletedSegment) => void),
  ): () => void {
    const set = this.listeners[event] as Set<typeof listener>
    set.add(listener)
    return () => set.delete(listener)
  }

  private notifyWaiters(): void {
    this.notifiedChanges = this.window.changes
    this.waiters.notify()
  }

  /** Each newly complete segment goes to the 'segment' listeners, then older ones to the store. */
  private reportCompleted(): void {
    const newest = this.window.lastCompleteMsn
    if (newest === undefined || newest <= this.reportedMsn) return
    const listeners = this.listeners.segment
    for (const segment of listeners.size > 0 ? this.window.completeSegments : []) {
      if (segment.msn <= this.reportedMsn) continue
      const generation = this.window.generations.get(segment.generation)
      if (!generation) continue
      const completed: CompletedSegment = {
        msn: segment.msn,
        generation: segment.generation,
        init: generation.init,
        programDateTimeMs: segment.programDateTimeMs,
        durationMs: seconds(segment.ticks, segment.timescale) * 1000,
        independent: segment.parts[0]?.independent ?? false,
        bytes: bytesInMemory(segment),
      }
      for (const listener of listeners) listener(completed)
    }
    this.reportedMsn = newest
    this.spill?.spillOld()
  }

  /** How long a blocked request should wait: three target durations (spec), or 15 s before the first segment. */
  blockingTimeoutMs(): number {
    return this.segmenter.targetDuration !== undefined ? this.segmenter.targetDuration * 3000 : 15_000
  }

  async playlist(query: PlaylistQuery, timeoutMs: number): Promise<string | undefined> {
    const answer = await this.answerPlaylist(query, timeoutMs)
    return answer.status === 'ok' ? answer.body : undefined
  }

  async answerPlaylist(query: PlaylistQuery, timeoutMs: number): Promise<PlaylistAnswer> {
    const { msn, part } = query
    if (part !== undefined && msn === undefined) return { status: 'bad-request', reason: '_HLS_part needs _HLS_msn' }
    if ((msn !== undefined && !isCount(msn)) || (part !== undefined && !isCount(part)))
      return { status: 'bad-request', reason: '_HLS_msn and _HLS_part are whole numbers' }
    const lastListed = this.window.lastCompleteMsn ?? this.window.firstMsn - 1
    if (msn !== undefined && msn > lastListed + 2)
      return { status: 'bad-request', reason: `_HLS_msn ${msn} is more than two segments ahead of ${lastListed}` }
    const ready = (): boolean => this.hasContent() && (msn === undefined ? this.isLive() : this.contains(msn, part))
    const outcome = await this.waiters.wait(ready, timeoutMs)
    if (outcome !== 'ready') return { status: outcome }
    return { status: 'ok', body: this.render() }
  }

  /** Media under the stream's URL by name (see resource-names.ts); undefined means 404. */
  async resource(name: string, timeoutMs: number): Promise<MediaResource | undefined> {
    const parsed = parseResourceName(name)
    if (!parsed) return undefined
    if (parsed.kind === 'init') {
      const generation = this.window.generations.get(parsed.generation)
      return generation && { body: generation.init, contentType: mediaContentType }
    }
    if (parsed.kind === 'segment') {
      const segment = this.window.segment(parsed.msn)
      return segment?.complete ? this.answerMedia(() => this.segmentBytes(segment)) : undefined
    }
    const number = parsed.number
    // Only the preload-hinted part (the next one) is worth waiting for; anything further ahead is a 404.
    if (!this.window.part(number) && number === this.window.nextPartNumber && this.hasContent()) {
      await this.waiters.wait(() => this.window.nextPartNumber > number, timeoutMs)
    }
    const part = this.window.part(number)
    const segment = part && this.window.segment(part.msn)
    return part && segment ? this.answerMedia(() => this.spill?.partBytes(segment, part) ?? part.bytes!) : undefined
  }

  /** A store that cannot read a segment back answers like a segment gone from the window: 404. */
  private async answerMedia(bytes: () => Buffer | Promise<Buffer>): Promise<MediaResource | undefined> {
    try {
      return { body: await bytes(), contentType: mediaContentType }
    } catch {
      return undefined
    }
  }

  private segmentBytes(segment: Segment): Buffer | Promise<Buffer> {
    return this.spill?.segmentBytes(segment) ?? bytesInMemory(segment)
  }

  newestKeyframeFragment(): { init: Buffer; fragment: Buffer; at: number } | undefined {
    const keyframe = this.segmenter.newestKeyframe
    const generation = keyframe && this.window.generations.get(keyframe.generation)
    return keyframe && generation ? { init: generation.init, fragment: keyframe.bytes, at: keyframe.atMs } : undefined
  }

  /**
   * Complete segments overlapping [fromMs, toMs] of wall-clock time; across a restart, only the newest run's
   * (one init). `startMs`/`endMs`: the wall-clock span they cover, to compare what two streams hold.
   */
  segmentsBetween(fromMs: number, toMs: number): HeldClip | undefined {
    const complete = this.window.completeSegments
    const overlaps = (segment: (typeof complete)[number]): boolean =>
      segment.programDateTimeMs < toMs &&
      segment.programDateTimeMs + seconds(segment.ticks, segment.timescale) * 1000 > fromMs
    const last = complete.findLastIndex(overlaps)
    const newest = complete[last]
    const generation = newest && this.window.generations.get(newest.generation)
    if (!newest || !generation) return undefined
    let first = complete.findIndex((segment) => overlaps(segment) && segment.generation === newest.generation)
    // A clip must start at a keyframe: segments cut mid-GOP (quick start, a GOP over the target) reach back to one.
    while (
      first > 0 &&
      !complete[first]!.parts[0]?.independent &&
      complete[first - 1]!.generation === newest.generation
    )
      first--
    const segments = complete.slice(first, last + 1)
    return {
      init: generation.init,
      read: () => Promise.all(segments.map((segment) => this.segmentBytes(segment))),
      startMs: segments[0]!.programDateTimeMs,
      endMs: newest.programDateTimeMs + seconds(newest.ticks, newest.timescale) * 1000,
    }
  }

  /** Instant replay: a VOD playlist over the ring's complete segments now (replay-playlist.ts). */
  replayPlaylist(): string | undefined {
    return renderReplayPlaylist(
      this.window.completeSegments.map((segment) => ({
        msn: segment.msn,
        generation: segment.generation,
        programDateTimeMs: segment.programDateTimeMs,
        durationMs: seconds(segment.ticks, segment.timescale) * 1000,
        independent: segment.parts[0]?.independent ?? false,
      })),
    )
  }

  stats(): PackagerStats {
    const generationNumber = this.segmenter.currentGeneration
    const track = generationNumber === undefined ? undefined : this.window.generations.get(generationNumber)?.track
    const duration = this.window.durationSeconds()
    return {
      segments: this.window.completeSegments.length,
      bytesInWindow: this.window.bytes,
      bytesInMemory: this.window.bytes - (this.spill?.storedBytes ?? 0),
      bitrateBps: duration > 0 ? Math.round((this.window.bytes * 8) / duration) : 0,
      lastMediaAt: this.lastMediaAt,
      codec: track?.codec,
      ...(track && { width: track.width, height: track.height }),
      ...(this.segmenter.gopMs !== undefined && { gopMs: Math.round(this.segmenter.gopMs) }),
      ...(this.lastError && { lastError: this.lastError.message }),
      ...(this.spill?.lastError !== undefined && { storeError: this.spill.lastError }),
    }
  }

  /** The quick start's first segment is listed first and no segment after it starts with a keyframe. */
  private firstSegmentHoldsNewestKeyframe(): boolean {
    const [first, ...rest] = this.window.segments
    return (
      first !== undefined &&
      first.msn === this.segmenter.leadSegmentMsn &&
      !rest.some((segment) => segment.parts[0]?.independent)
    )
  }

  /**
   * Whether a player may start now. From a source gone quiet (the camera dropped, ffmpeg restarting) the
   * window's last seconds would play as live and then freeze; just after a restart, a player starting a
   * second behind the edge would begin in the video from before the drop. So the media must be recent and
   * the newest complete segment must be the running source's. A blocking reload needs no such rule: it
   * waits for a part that is new.
   */
  private isLive(): boolean {
    return this.isFresh() && this.window.newestCompleteSegment?.generation === this.segmenter.currentGeneration
  }

  private isFresh(): boolean {
    return this.lastMediaAt !== undefined && this.now() - this.lastMediaAt <= this.freshForMs
  }

  /**
   * A playlist a player can start from. With short segments, the first one waits for the second short
   * segment (~80 ms more): answered with the first alone, hls.js finishes it before the playlist lists
   * anything after it, re-requests it in a loop and freezes the picture for ~0.6 s (4 of 8 starts).
   */
  private hasContent(): boolean {
    const last = this.window.lastCompleteMsn
    if (last === undefined) return false
    const lead = this.segmenter.leadSegmentMsn
    return this.quickStart !== 'short-segments' || lead === undefined || last > lead
  }

  /** Does the playlist contain segment msn (or part `part` of it)? A part index past a complete segment's last part means part 0 of the next (spec). */
  private contains(msn: number, part: number | undefined): boolean {
    if (msn < this.window.firstMsn) return true
    if (part === undefined) return (this.window.lastCompleteMsn ?? -1) >= msn
    let segmentMsn = msn
    let index = part
    for (;;) {
      const segment = this.window.segment(segmentMsn)
      if (!segment) return false
      if (segment.complete && index >= segment.parts.length) {
        segmentMsn++
        index = 0
        continue
      }
      return index < segment.parts.length
    }
  }

  private render(): string {
    const changes = this.window.changes
    if (this.rendered?.changes !== changes) this.rendered = { changes, body: this.renderNow() }
    return this.rendered.body
  }

  /** The longest part appended since the last call (parts never change once appended): newest first. */
  private longestNewPart(): number {
    let longest = 0
    const segments = this.window.segments
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i]!
      for (let j = segment.parts.length - 1; j >= 0; j--) {
        const part = segment.parts[j]!
        if (part.number < this.partsMeasured) {
          this.partsMeasured = this.window.nextPartNumber
          return longest
        }
        longest = Math.max(longest, seconds(part.ticks, segment.timescale))
      }
    }
    this.partsMeasured = this.window.nextPartNumber
    return longest
  }

  private renderNow(): string {
    // Announced once, then fixed: the segmenter cuts later segments to fit it. The quick start's segments
    // say nothing about the camera's GOP; announced beside them alone, the target allows a 2 s GOP.
    if (this.segmenter.targetDuration === undefined) {
      const full = this.window.completeSegments.filter((segment) => !this.segmenter.isStartupSegment(segment.msn))
      const longest =
        full.length > 0 ? Math.max(...full.map((s) => seconds(s.ticks, s.timescale))) : QUICK_START_TARGET_DURATION
      this.segmenter.targetDuration = Math.max(1, Math.ceil(longest - 1e-9))
    }
    this.declaredPartTarget = Math.max(
      this.declaredPartTarget,
      this.longestNewPart(),
      this.segmenter.partTargetSeconds ?? 0,
    )
    return renderPlaylist({
      targetDuration: this.segmenter.targetDuration,
      partTarget: this.declaredPartTarget,
      discontinuitySequence: this.window.discontinuitySequence,
      segments: this.window.segments,
      nextPartNumber: this.window.nextPartNumber,
      startAtFirstSegment: this.firstSegmentHoldsNewestKeyframe(),
      ...(this.segmenter.startupEndMsn !== undefined && { startupEndMsn: this.segmenter.startupEndMsn }),
      ...(this.segmenter.leadSegmentMsn !== undefined && { leadSegmentMsn: this.segmenter.leadSegmentMsn }),
    })
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0
}
