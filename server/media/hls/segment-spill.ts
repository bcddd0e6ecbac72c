/**
 * Moves the bytes of complete segments older than the newest few seconds out of memory into a store
 * (files: `media/segment-spool.ts`), and reads them back for the requests that still want them: instant
 * replay, an evidence clip, a player far behind the live edge. Players at the edge stay in memory: a
 * low-latency player reads the newest parts, a relaxed one (the wall's tiles) whole segments ~2.5 s behind,
 * so the packager keeps 4 s (`memoryMs`). Checked as each segment completes, so 4 s to 4 s plus a segment.
 * Bare ffmpeg's HLS muxer keeps its segments in files the same way. A segment whose write fails stays in
 * memory, where the window's byte cap still bounds it.
 */
import type { MediaWindow, Part, Segment } from './media-window.ts'
import { bytesInMemory, seconds } from './media-window.ts'

/** One stream's store: keys are that stream's segment numbers. */
export interface SegmentStore {
  /** Stores the chunks, in order, under a key not in use; rejects when they could not be stored. */
  write(key: string, chunks: readonly Buffer[]): Promise<void>
  /** `length` bytes from `start` of a stored key's bytes. */
  read(key: string, start: number, length: number): Promise<Buffer>
  /** Lets a key's bytes go; reads already started still finish. */
  remove(key: string): void
  /** No more writes come: what is left goes as its keys are removed. */
  close(): void
}

const keyOf = (segment: Segment): string => String(segment.msn)

export class SegmentSpill {
  private closed = false
  /** The last failed write's message, until a write succeeds. */
  lastError: string | undefined
  /** Bytes of the window's segments that are in the store, not in memory. */
  storedBytes = 0

  constructor(
    private readonly window: MediaWindow,
    private readonly store: SegmentStore,
    /** Media kept in memory behind the live edge. */
    private readonly memoryMs: number,
  ) {}

  /** Writes out each complete segment that ended more than `memoryMs` of media before the newest part. */
  spillOld(): void {
    let afterMs = this.window.durationSeconds() * 1000
    for (const segment of this.window.segments) {
      afterMs -= seconds(segment.ticks, segment.timescale) * 1000
      if (afterMs < this.memoryMs || !segment.complete) return
      if (segment.stored === undefined) this.write(segment)
    }
  }

  /** The window dropped the segment: a stored copy goes too (a write still running removes its own). */
  evicted(segment: Segment): void {
    if (segment.stored !== 'stored') return
    this.storedBytes -= segment.bytes
    this.store.remove(keyOf(segment))
  }

  close(): void {
    this.closed = true
    for (const segment of this.window.segments) this.evicted(segment)
    this.store.close()
  }

  /** The segment's bytes, from memory or the store; rejects only when the store fails to read. */
  segmentBytes(segment: Segment): Buffer | Promise<Buffer> {
    if (segment.stored !== 'stored') return bytesInMemory(segment)
    return this.store.read(keyOf(segment), 0, segment.bytes)
  }

  partBytes(segment: Segment, part: Part): Buffer | Promise<Buffer> {
    return part.bytes ?? this.store.read(keyOf(segment), part.offset, part.size)
  }

  private write(segment: Segment): void {
    segment.stored = 'writing'
    const key = keyOf(segment)
    this.store
      .write(
        key,
        segment.parts.map((part) => part.bytes!),
      )
      .then(
        () => {
          this.lastError = undefined
          if (this.closed || this.window.segment(segment.msn) !== segment) return this.store.remove(key)
          segment.stored = 'stored'
          this.storedBytes += segment.bytes
          for (const part of segment.parts) part.bytes = undefined
        },
        (error: unknown) => {
          segment.stored = 'failed'
          this.lastError = error instanceof Error ? error.message : String(error)
        },
      )
  }
}
