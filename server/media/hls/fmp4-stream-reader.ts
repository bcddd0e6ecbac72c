/**
 * Turns ffmpeg's fragmented-MP4 byte stream, chunked anyhow, into whole units: the init segment
 * (ftyp + moov) and media fragments (moof + mdat) with their timing. Box sizes are checked against a cap
 * before anything is buffered, so a corrupt size field cannot make the server hold gigabytes waiting for a
 * box that never ends. After an error the reader refuses input until reset(): the byte stream has lost
 * its box boundaries and nothing after that point can be trusted.
 */
import { Fmp4ParseError, readBoxHeader } from './box-reader.ts'
import { type FragmentTiming, readFragmentTiming } from './media-fragment.ts'
import { readVideoTrack, type VideoTrackInfo } from './init-segment.ts'

export type Fmp4Unit =
  { kind: 'init'; bytes: Buffer; track: VideoTrackInfo } | { kind: 'fragment'; bytes: Buffer; timing: FragmentTiming }

export const defaultMaxBoxBytes = 16 * 1024 * 1024

export class Fmp4StreamReader {
  private chunks: Buffer[] = []
  private buffered = 0
  private ftyp: Buffer | undefined
  private track: VideoTrackInfo | undefined
  private pendingMoof: { bytes: Buffer; timing: FragmentTiming | undefined } | undefined
  private failed: Fmp4ParseError | undefined

  constructor(private readonly maxBoxBytes = defaultMaxBoxBytes) {}

  /** Forget buffered bytes and the current init: the next bytes start a new stream. */
  reset(): void {
    this.chunks = []
    this.buffered = 0
    this.ftyp = undefined
    this.track = undefined
    this.pendingMoof = undefined
    this.failed = undefined
  }

  /** Whole units completed by this chunk. Throws Fmp4ParseError once when the stream is malformed. */
  push(chunk: Buffer): Fmp4Unit[] {
    if (this.failed) return []
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const units: Fmp4Unit[] = []
    try {
      for (let box = this.nextBox(); box; box = this.nextBox()) {
        const unit = this.accept(box.type, box.bytes)
        if (unit) units.push(unit)
      }
    } catch (error) {
      this.failed = error instanceof Fmp4ParseError ? error : new Fmp4ParseError(String(error))
      this.chunks = []
      this.buffered = 0
      throw this.failed
    }
    return units
  }

  /** The first `length` buffered bytes (fewer if not yet buffered), contiguous. */
  private peek(length: number): Buffer {
    const first = this.chunks[0]
    if (first && first.length >= length) return first.subarray(0, length)
    const parts: Buffer[] = []
    let gathered = 0
    for (const chunk of this.chunks) {
      if (gathered >= length) break
      parts.push(chunk.subarray(0, length - gathered))
      gathered += parts[parts.length - 1]!.length
    }
    return Buffer.concat(parts)
  }

  /** Takes the next complete top-level box off the buffered chunks as its own copy, or undefined. */
  private nextBox(): { type: string; bytes: Buffer } | undefined {
    if (this.buffered < 8) return undefined
    const head = this.peek(16)
    const size =
      head.readUInt32BE(0) === 1
        ? head.length < 16
          ? undefined
          : Number(head.readBigUInt64BE(8))
        : head.readUInt32BE(0)
    if (size === undefined) return undefined
    if (size > this.maxBoxBytes)
      throw new Fmp4ParseError(
        `box ${JSON.stringify(head.toString('latin1', 4, 8))} of ${size} bytes is over the ${this.maxBoxBytes}-byte limit`,
      )
    // readBoxHeader validates the type, size 0 and undersized boxes on the head alone.
    const header = readBoxHeader(head, 0, size <= head.length ? size : head.length)
    if (size > this.buffered) return undefined
    // A box inside one read is a view of it, with no copy; the segmenter copies each part once when it
    // closes it, so what the window keeps for 30 s pins no read. A box spread over reads is gathered.
    const first = this.chunks[0]!
    const bytes = first.length >= size ? first.subarray(0, size) : Buffer.concat(this.chunks, size)
    this.drop(size)
    return { type: header?.type ?? head.toString('latin1', 4, 8), bytes }
  }

  private drop(bytes: number): void {
    let left = bytes
    while (left > 0) {
      const first = this.chunks[0]!
      if (first.length <= left) {
        left -= first.length
        this.chunks.shift()
      } else {
        this.chunks[0] = first.subarray(left)
        left = 0
      }
    }
    this.buffered -= bytes
  }

  private accept(type: string, bytes: Buffer): Fmp4Unit | undefined {
    switch (type) {
      case 'ftyp':
        // A new ftyp means the source restarted (or was restarted without telling us): a new init follows.
        this.ftyp = bytes
        this.track = undefined
        this.pendingMoof = undefined
        return undefined
      case 'moov': {
        if (!this.ftyp) throw new Fmp4ParseError('moov arrived without a preceding ftyp')
        const box = readBoxHeader(bytes, 0, bytes.length)!
        this.track = readVideoTrack(bytes, box)
        return { kind: 'init', bytes: Buffer.concat([this.ftyp, bytes]), track: this.track }
      }
      case 'moof': {
        if (!this.track) throw new Fmp4ParseError('moof arrived before the init segment (ftyp + moov)')
        if (this.pendingMoof) throw new Fmp4ParseError('moof followed a moof without an mdat between them')
        const box = readBoxHeader(bytes, 0, bytes.length)!
        this.pendingMoof = { bytes, timing: readFragmentTiming(bytes, box, this.track.trackId, this.track.defaults) }
        return undefined
      }
      case 'mdat': {
        if (!this.pendingMoof) throw new Fmp4ParseError('mdat arrived without a moof')
        const { bytes: moof, timing } = this.pendingMoof
        this.pendingMoof = undefined
        // A fragment without video samples (another track's) carries nothing this packager can place.
        return timing ? { kind: 'fragment', bytes: joined(moof, bytes), timing } : undefined
      }
      default:
        // styp, sidx, prft, free, mfra...: not needed for parts and segments built from moof + mdat.
        return undefined
    }
  }
}

/** `a` then `b` as one Buffer: a view when `b` follows `a` in the same memory (one read held both), else a copy. */
function joined(a: Buffer, b: Buffer): Buffer {
  if (a.buffer === b.buffer && a.byteOffset + a.length === b.byteOffset)
    return Buffer.from(a.buffer, a.byteOffset, a.length + b.length)
  return Buffer.concat([a, b])
}
