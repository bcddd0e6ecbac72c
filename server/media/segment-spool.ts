/**
 * The live packagers' store for segments older than the newest few seconds (hls/segment-spill.ts), in
 * DATA_DIR/live-spool (emptied at start, removed at close). Each stream appends its segments to a file of
 * its own and starts a new file every SEGMENTS_PER_FILE segments; a file is deleted once the window has
 * dropped all its segments and no read of it is running. One positioned write per segment (and an open,
 * close and unlink per file) costs less than half the CPU of a file per segment: the writes run on libuv's
 * thread pool beside a server that is busy with every other stream's requests.
 *
 * A file lives ~28 s (four 1 s segments, then the 24 s between the memory span and the window's end),
 * under the kernel's 30 s before dirty pages are written back: the segments stay in the page cache and
 * are mostly deleted before they reach the disk.
 */
import { close, open, read, unlink, writev } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { SegmentStore } from './hls/segment-spill.ts'
import type { Logger } from '../process/logger.ts'

export const SEGMENTS_PER_FILE = 4

const openFile = promisify(open)
const writeAt = promisify(writev)
const readAt = promisify(read)

interface SpoolFile {
  path: string
  fd: Promise<number>
  /** Bytes reserved so far: the next segment's offset. */
  size: number
  segments: number
  /** Segments written or being written and not yet removed. */
  live: number
  reading: number
  /** No more segments go in: deleted once nothing in it is live or being read. */
  sealed: boolean
  deleted: boolean
}

export class SegmentSpool {
  private streams = 0
  private failing = false

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Empties what a server that ended without closing left behind. */
  static async open(dir: string, logger: Logger): Promise<SegmentSpool> {
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    return new SegmentSpool(dir, logger)
  }

  /** A store of its own for one packager, its files named apart from every other stream's. */
  forStream(): SegmentStore {
    return new StreamFiles(join(this.dir, `s${++this.streams}-`), (error) => this.noteWrite(error))
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }

  /** Logs the first failure of a spell and the recovery, not every segment between. */
  private noteWrite(error: unknown): void {
    if (error !== undefined && !this.failing)
      this.logger.warn({ err: error, dir: this.dir }, 'live segments stay in memory: the spool cannot be written')
    if (error === undefined && this.failing)
      this.logger.info({ dir: this.dir }, 'live segments are written to the spool again')
    this.failing = error !== undefined
  }
}

class StreamFiles implements SegmentStore {
  private files = 0
  private current: SpoolFile | undefined
  private readonly where = new Map<string, { file: SpoolFile; offset: number }>()

  constructor(
    private readonly pathPrefix: string,
    private readonly noteWrite: (error?: unknown) => void,
  ) {}

  async write(key: string, chunks: readonly Buffer[]): Promise<void> {
    const file = this.fileForNext()
    const offset = file.size
    for (const chunk of chunks) file.size += chunk.length
    file.live++
    try {
      await writeAt(await file.fd, chunks as Buffer[], offset)
    } catch (error) {
      // The next segment starts a new file rather than write after a hole or into a file that failed.
      this.seal(file)
      file.live--
      this.release(file)
      this.noteWrite(error)
      throw error
    }
    this.where.set(key, { file, offset })
    this.noteWrite()
  }

  async read(key: string, start: number, length: number): Promise<Buffer> {
    const stored = this.where.get(key)
    if (!stored) throw new Error(`segment ${key} is not in the spool`)
    const { file, offset } = stored
    file.reading++
    try {
      const buffer = Buffer.allocUnsafe(length)
      const { bytesRead } = await readAt(await file.fd, buffer, 0, length, offset + start)
      if (bytesRead !== length) throw new Error(`${file.path}: ${bytesRead} of ${length} bytes at ${offset + start}`)
      return buffer
    } finally {
      file.reading--
      this.release(file)
    }
  }

  remove(key: string): void {
    const stored = this.where.get(key)
    if (!stored) return
    this.where.delete(key)
    stored.file.live--
    this.release(stored.file)
  }

  close(): void {
    if (this.current) this.seal(this.current)
  }

  private fileForNext(): SpoolFile {
    if (this.current && this.current.segments < SEGMENTS_PER_FILE) {
      this.current.segments++
      return this.current
    }
    if (this.current) this.seal(this.current)
    const path = `${this.pathPrefix}${++this.files}.m4s`
    const fd = openFile(path, 'w+')
    fd.catch(() => {}) // each write awaiting it gets the error
    this.current = { path, fd, size: 0, segments: 1, live: 0, reading: 0, sealed: false, deleted: false }
    return this.current
  }

  private seal(file: SpoolFile): void {
    file.sealed = true
    if (this.current === file) this.current = undefined
    this.release(file)
  }

  private release(file: SpoolFile): void {
    if (!file.sealed || file.live > 0 || file.reading > 0 || file.deleted) return
    file.deleted = true
    file.fd.then(
      (fd) => close(fd, () => unlink(file.path, () => {})),
      () => {},
    )
  }
}
