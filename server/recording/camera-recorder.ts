/**
 * Writes one camera stream's segments to disk as it runs: it taps the live packager's completed segments
 * (no second camera connection) and rolls them into files of about `segmentMs`, each its own playable
 * fMP4 (init + fragments), cut at a keyframe once the time has passed. A source restart (a camera drop)
 * closes the file, and so does a silence of IDLE_CLOSE_MS: a gap on disk is a real gap in the video.
 */
import { join } from 'node:path'
import type { Quality } from '../contracts/media.ts'
import type { CompletedSegment } from '../media/hls/live-packager.ts'
import type { IndexedPiece } from './fmp4-file-index.ts'
import { SegmentFile } from './segment-file.ts'

export interface ClosedFile {
  cameraId: string
  quality: Quality
  startMs: number
  endMs: number
  bytes: number
  /** Relative to the recordings root: `<camera>/<YYYY-MM-DD>/<startMs>-<quality>.mp4`. */
  path: string
  newRun: boolean
  initBytes: number
  pieces: IndexedPiece[]
}

export type WritingFile = Pick<ClosedFile, 'startMs' | 'endMs' | 'newRun' | 'initBytes' | 'pieces'> & {
  relativePath: string
}

export interface RecorderDeps {
  root: string
  segmentMs: number
  now: () => number
  /** The file is on disk under its final name: index it. */
  closed: (file: ClosedFile) => void
  /** Writing failed; the recorder has stopped writing. */
  failed: (error: NodeJS.ErrnoException) => void
}

export interface SegmentSource {
  on(event: 'segment', listener: (segment: CompletedSegment) => void): () => void
}

/** Pieces of the seek index grow to about this long (see take()). */
const PIECE_MS = 1000

/** No segment for this long (a camera gone quiet before the stall watchdog restarts it): the file is closed. */
export const IDLE_CLOSE_MS = 4000

interface OpenFile {
  generation: number
  startMs: number
  durationMs: number
  bytes: number
  initBytes: number
  newRun: boolean
  relativePath: string
  pieces: IndexedPiece[]
  lastSegmentAt: number
  file: Promise<SegmentFile>
  abandoned?: boolean
}

export function recordingPath(cameraId: string, quality: Quality, startMs: number): string {
  const day = new Date(startMs).toISOString().slice(0, 10)
  return join(cameraId, day, `${startMs}-${quality}.mp4`)
}

export class CameraRecorder {
  private current: OpenFile | undefined
  /** Where the last closed file ended, if the next one continues its timeline (same source run). */
  private continuation: { generation: number; endMs: number } | undefined
  private queue: Promise<void> = Promise.resolve()
  private unsubscribe: (() => void) | undefined
  private stopped = false
  private failure: NodeJS.ErrnoException | undefined

  constructor(
    readonly cameraId: string,
    readonly quality: Quality,
    private readonly deps: RecorderDeps,
  ) {}

  /** Starts taking a packager's segments; a new packager (a restarted stream) numbers generations anew. */
  attach(source: SegmentSource): void {
    this.unsubscribe?.()
    this.closeCurrent()
    this.continuation = undefined
    this.unsubscribe = source.on('segment', (segment) => this.take(segment))
  }

  /** Closes a file whose stream went quiet. */
  tick(): void {
    if (this.current && this.deps.now() - this.current.lastSegmentAt >= IDLE_CLOSE_MS) {
      this.closeCurrent()
      this.continuation = undefined
    }
  }

  /** Closes the open file and waits for every write; nothing is taken after this. */
  async stop(): Promise<void> {
    this.unsubscribe?.()
    this.closeCurrent()
    this.stopped = true
    await this.queue
  }

  /**
   * The file being written as far as its bytes are queued (the seek index copied now): on disk, under
   * `<path>.part` (or `<path>` once closed), when the flushed() called after this resolves. The newest
   * minute is only here until the file closes.
   */
  writing(): WritingFile | undefined {
    const open = this.current
    if (!open || open.pieces.length === 0 || open.abandoned) return undefined
    return {
      relativePath: open.relativePath,
      startMs: open.startMs,
      endMs: Math.round(open.startMs + open.durationMs),
      newRun: open.newRun,
      initBytes: open.initBytes,
      pieces: open.pieces.map((piece) => [...piece] as IndexedPiece),
    }
  }

  /** Resolves once every write so far reached the disk (tests, shutdown). */
  async flushed(): Promise<void> {
    await this.queue
  }

  private take(segment: CompletedSegment): void {
    if (this.stopped || this.failure) return
    const open = this.current
    if (open && segment.generation !== open.generation) {
      this.closeCurrent()
      this.continuation = undefined
    } else if (open && segment.independent && open.durationMs >= this.deps.segmentMs) {
      this.closeCurrent()
    }
    const file = this.current ?? (segment.independent ? this.openFile(segment) : undefined)
    if (!file) return // a file starts at a keyframe
    // A seek lands on a piece's start: mid-GOP segments (the live quick start's 80 ms ones) join the piece
    // before them while it is under a second, so every piece starts at a keyframe where the camera allows.
    const last = file.pieces.at(-1)
    if (last && !segment.independent && last[1] < PIECE_MS) {
      last[0] += segment.bytes.length
      last[1] += segment.durationMs
    } else {
      file.pieces.push([segment.bytes.length, segment.durationMs, segment.independent ? 1 : 0])
    }
    file.durationMs += segment.durationMs
    file.bytes += segment.bytes.length
    file.lastSegmentAt = this.deps.now()
    this.write(file, (f) => f.append(segment.bytes))
  }

  private openFile(segment: CompletedSegment): OpenFile {
    const continues = this.continuation?.generation === segment.generation
    const startMs = continues ? this.continuation!.endMs : Math.round(segment.programDateTimeMs)
    const relativePath = recordingPath(this.cameraId, this.quality, startMs)
    const opening = SegmentFile.create(join(this.deps.root, relativePath))
    const file: OpenFile = {
      generation: segment.generation,
      startMs,
      durationMs: 0,
      bytes: segment.init.length,
      initBytes: segment.init.length,
      newRun: !continues,
      relativePath,
      pieces: [],
      lastSegmentAt: this.deps.now(),
      file: opening,
    }
    // A failed open is reported by the first write through the queue.
    opening.catch(() => {})
    this.current = file
    this.write(file, (f) => f.append(segment.init))
    return file
  }

  private closeCurrent(): void {
    const file = this.current
    if (!file) return
    this.current = undefined
    this.continuation = { generation: file.generation, endMs: file.startMs + file.durationMs }
    if (file.pieces.length === 0) return
    this.write(file, async (f) => {
      await f.finish()
      this.deps.closed({
        cameraId: this.cameraId,
        quality: this.quality,
        startMs: file.startMs,
        endMs: Math.round(file.startMs + file.durationMs),
        bytes: file.bytes,
        path: file.relativePath,
        newRun: file.newRun,
        initBytes: file.initBytes,
        pieces: file.pieces,
      })
    })
  }

  /** Writes run one after another; the first error stops the recorder and removes the torn files. */
  private write(file: OpenFile, step: (f: SegmentFile) => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure) return abandon(file)
      try {
        await step(await file.file)
      } catch (error) {
        this.failure = error as NodeJS.ErrnoException
        this.unsubscribe?.()
        this.current = undefined
        await abandon(file)
        this.deps.failed(this.failure)
      }
    })
  }
}

async function abandon(file: OpenFile): Promise<void> {
  if (file.abandoned) return
  file.abandoned = true
  await file.file.then((f) => f.abandon()).catch(() => {})
}
