/**
 * One recording file being written, crash-safe: bytes go to `<name>.part`; finishing fsyncs it, renames
 * it to `<name>` and fsyncs the directory, so after a kill -9 or a power cut a file under its final name is
 * whole, and a `.part` is what the start-up reconciliation repairs or drops.
 */
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

export const PART_SUFFIX = '.part'

export class SegmentFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<SegmentFile> {
    await mkdir(dirname(path), { recursive: true })
    return new SegmentFile(path, await open(path + PART_SUFFIX, 'w'))
  }

  async append(bytes: Buffer): Promise<void> {
    let written = 0
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written)
      written += bytesWritten
    }
  }

  async finish(): Promise<void> {
    await this.handle.sync()
    await this.handle.close()
    await rename(this.path + PART_SUFFIX, this.path)
    await syncDirectory(dirname(this.path))
  }

  /** After a write error: the half-written file goes (it would only hold the space a full disk needs). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {})
    await unlink(this.path + PART_SUFFIX).catch(() => {})
  }
}

/** A rename is durable once its directory is synced. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
