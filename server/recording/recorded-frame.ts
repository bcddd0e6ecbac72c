/**
 * A JPEG of the keyframe at or before an instant in a stored file: the init segment and that keyframe's
 * piece are read from the file (the seek index says where) and decoded by a one-shot ffmpeg.
 */
import type { FileHandle } from 'node:fs/promises'
import type { ProcessPool } from '../process/process-pool.ts'
import { keyframeJpeg } from '../media/mp4/keyframe-jpeg.ts'
import type { IndexedPiece } from './fmp4-file-index.ts'

type Opener = (path: string, flags: string) => Promise<FileHandle>

interface SeekIndexed {
  startMs: number
  initBytes: number
  pieces: readonly IndexedPiece[]
}

/** The byte offset and length of the keyframe piece covering `atMs` (or the last one before it). */
export function keyframePiece(file: SeekIndexed, atMs: number) {
  let offset = file.initBytes
  let startMs = file.startMs
  let found: { offset: number; bytes: number } | undefined
  for (const [bytes, durationMs, keyframe] of file.pieces) {
    if (startMs > atMs && found) break
    if (keyframe === 1) found = { offset, bytes }
    offset += bytes
    startMs += durationMs
  }
  return found
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, offset)
  return buffer.subarray(0, bytesRead)
}

/** `fallbackPath`: where the file is once closed, when `path` is the `.part` of the file being written. */
export async function keyframeAt(
  processes: ProcessPool,
  path: string,
  file: SeekIndexed & { cameraId: string; fallbackPath?: string },
  atMs: number,
  openFile: Opener,
): Promise<Buffer | undefined> {
  const piece = keyframePiece(file, atMs)
  if (!piece) return undefined
  const handle =
    (await openFile(path, 'r').catch(() => undefined)) ??
    (file.fallbackPath ? await openFile(file.fallbackPath, 'r').catch(() => undefined) : undefined)
  if (!handle) return undefined
  let input: Buffer
  try {
    input = Buffer.concat([await readAt(handle, 0, file.initBytes), await readAt(handle, piece.offset, piece.bytes)])
  } finally {
    await handle.close()
  }
  return keyframeJpeg(processes, `recorded frame ${file.cameraId}`, input)
}
