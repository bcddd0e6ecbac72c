/**
 * The ring buffer of one stream: the last ~30 s of segments and their parts, bounded by time and by bytes
 * (a camera that suddenly sends 50 Mbit/s must not take the server's memory or disk with it). The bytes
 * of segments older than the newest few seconds move to the packager's store when it has one
 * (segment-spill.ts); the window keeps every segment's and part's description.
 * Media sequence numbers and part numbers only grow, across source restarts too; evicting a segment
 * advances EXT-X-MEDIA-SEQUENCE, and evicting a segment that began a discontinuity advances the
 * discontinuity sequence, so a client reloading the playlist keeps its place.
 */
import type { VideoTrackInfo } from './init-segment.ts'

export interface Part {
  /** Global part number, the name in part-<number>.m4s. */
  number: number
  msn: number
  /** In memory until its segment is stored (segment-spill.ts); then read back by `offset` and `size`. */
  bytes: Buffer | undefined
  /** Where the part starts in its segment's bytes. */
  offset: number
  size: number
  ticks: number
  /** Starts with a keyframe, so a player can begin decoding here (INDEPENDENT=YES). */
  independent: boolean
}

export interface Segment {
  msn: number
  generation: number
  timescale: number
  programDateTimeMs: number
  /** Media time from the start of its generation's first segment to its own start, in `timescale` ticks. */
  startTicks: number
  /** The first segment after a source restart: EXT-X-DISCONTINUITY, and a new EXT-X-MAP. */
  discontinuity: boolean
  parts: Part[]
  ticks: number
  bytes: number
  complete: boolean
  /** Set once the segment leaves memory: being written to the packager's store, stored, or kept after a failed write. */
  stored?: 'writing' | 'stored' | 'failed'
}

export interface Generation {
  number: number
  init: Buffer
  track: VideoTrackInfo
}

export interface WindowLimits {
  windowMs: number
  maxBytes: number
}

/** A segment's bytes while its parts are in memory (not yet moved to a store: segment-spill.ts). */
export function bytesInMemory(segment: Segment): Buffer {
  return Buffer.concat(segment.parts.map((part) => part.bytes!))
}

export function seconds(ticks: number, timescale: number): number {
  return ticks / timescale
}

export class MediaWindow {
  readonly segments: Segment[] = []
  readonly generations = new Map<number, Generation>()
  nextMsn = 0
  nextPartNumber = 0
  discontinuitySequence = 0
  /** Counts every change to what a playlist lists: a reader compares it to skip work when nothing changed. */
  changes = 0
  private readonly partsByNumber = new Map<number, Part>()
  private totalBytes = 0
  /** The segments' summed duration, kept up as parts come and segments go rather than summed per part. */
  private totalSeconds = 0

  constructor(
    private readonly limits: WindowLimits,
    /** Told of each segment the window drops, so what holds its bytes elsewhere can let them go. */
    private readonly onEvict: (segment: Segment) => void = () => {},
  ) {}

  get bytes(): number {
    return this.totalBytes
  }

  get openSegment(): Segment | undefined {
    const last = this.segments[this.segments.length - 1]
    return last && !last.complete ? last : undefined
  }

  get completeSegments(): Segment[] {
    return this.segments.filter((segment) => segment.complete)
  }

  /** Found from the end without a copy: only the newest segment or two can be open. */
  get newestCompleteSegment(): Segment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) if (this.segments[i]!.complete) return this.segments[i]
    return undefined
  }

  get lastCompleteMsn(): number | undefined {
    return this.newestCompleteSegment?.msn
  }

  get firstMsn(): number {
    return this.segments[0]?.msn ?? this.nextMsn
  }

  durationSeconds(): number {
    return this.totalSeconds
  }

  addGeneration(generation: Generation): void {
    this.generations.set(generation.number, generation)
    this.changes++
  }

  openNewSegment(
    fields: Pick<Segment, 'generation' | 'timescale' | 'programDateTimeMs' | 'startTicks' | 'discontinuity'>,
  ): Segment {
    const segment: Segment = { ...fields, msn: this.nextMsn++, parts: [], ticks: 0, bytes: 0, complete: false }
    this.segments.push(segment)
    this.changes++
    return segment
  }

  appendPart(segment: Segment, bytes: Buffer, ticks: number, independent: boolean): Part {
    const part: Part = {
      number: this.nextPartNumber++,
      msn: segment.msn,
      bytes,
      offset: segment.bytes,
      size: bytes.length,
      ticks,
      independent,
    }
    segment.parts.push(part)
    segment.ticks += ticks
    this.totalSeconds += seconds(ticks, segment.timescale)
    segment.bytes += bytes.length
    this.totalBytes += bytes.length
    this.partsByNumber.set(part.number, part)
    this.changes++
    this.evict()
    return part
  }

  completeSegment(segment: Segment): void {
    segment.complete = true
    this.changes++
    this.evict()
  }

  part(number: number): Part | undefined {
    return this.partsByNumber.get(number)
  }

  segment(msn: number): Segment | undefined {
    const index = msn - this.firstMsn
    return index >= 0 ? this.segments[index] : undefined
  }

  /**
   * Drops the oldest complete segments while the rest still cover the time window, or while the bytes
   * are over the cap. The newest complete segment and the open one always stay, so a player can start.
   */
  private evict(): void {
    for (;;) {
      const oldest = this.segments[0]
      const newestComplete = this.newestCompleteSegment
      if (!oldest || !oldest.complete || oldest === newestComplete) break
      const oldestSeconds = seconds(oldest.ticks, oldest.timescale)
      const overTime = (this.totalSeconds - oldestSeconds) * 1000 >= this.limits.windowMs
      if (!overTime && this.totalBytes <= this.limits.maxBytes) break
      this.segments.shift()
      // Rounding error from adding and taking away stays under a microsecond over a year of parts.
      this.totalSeconds -= oldestSeconds
      this.totalBytes -= oldest.bytes
      for (const part of oldest.parts) this.partsByNumber.delete(part.number)
      if (oldest.discontinuity) this.discontinuitySequence++
      this.onEvict(oldest)
    }
    if (this.generations.size < 2) return
    const inUse = new Set(this.segments.map((segment) => segment.generation))
    const newest = Math.max(...this.generations.keys())
    for (const number of this.generations.keys())
      if (!inUse.has(number) && number !== newest) this.generations.delete(number)
  }
}
