/**
 * The seek index of a stored recording file (init segment, then moof+mdat fragments): where each
 * seekable piece starts, how long it plays, whether it begins with a keyframe. The recorder writes it as
 * it goes; for a file the index lost (a crash between rename and insert, or a `.part` being repaired) it
 * is rebuilt here by reading the boxes, and a torn tail is cut off at the last complete fragment.
 */
import { Fmp4StreamReader } from '../media/hls/fmp4-stream-reader.ts'

/** [bytes, durationMs, keyframe 0|1]: consecutive pieces after the init segment. */
export type IndexedPiece = [number, number, 0 | 1]

export interface FileIndex {
  initBytes: number
  pieces: IndexedPiece[]
  /** How many leading bytes are whole boxes: the file's length once truncated. */
  validBytes: number
  durationMs: number
}

/** A piece ends at the next keyframe or once it plays this long: seeking lands within a second. */
const PIECE_MS = 1000

/** Undefined when the bytes do not start with an init segment followed by at least one whole fragment. */
export function indexFmp4File(bytes: Buffer): FileIndex | undefined {
  const reader = new Fmp4StreamReader(64 * 1024 * 1024)
  let units
  try {
    units = reader.push(bytes.subarray(0, wholeBoxesLength(bytes)))
  } catch {
    return undefined
  }
  const [init, ...rest] = units
  if (!init || init.kind !== 'init') return undefined
  const timescale = init.track.timescale
  const pieces: IndexedPiece[] = []
  let validBytes = init.bytes.length
  let open: { bytes: number; ticks: number; key: boolean } | undefined
  const close = (): void => {
    if (open) pieces.push([open.bytes, (open.ticks / timescale) * 1000, open.key ? 1 : 0])
    open = undefined
  }
  for (const unit of rest) {
    // A second init means a second run glued on: the file ends before it.
    if (unit.kind === 'init') break
    if (open && (unit.timing.startsWithKeyframe || (open.ticks / timescale) * 1000 >= PIECE_MS)) close()
    open ??= { bytes: 0, ticks: 0, key: unit.timing.startsWithKeyframe }
    open.bytes += unit.bytes.length
    open.ticks += unit.timing.duration
    validBytes += unit.bytes.length
  }
  close()
  if (pieces.length === 0) return undefined
  return { initBytes: init.bytes.length, pieces, validBytes, durationMs: totalMs(pieces) }
}

/** The length of the leading run of well-formed top-level boxes: a torn or zero-filled tail stops it. */
function wholeBoxesLength(bytes: Buffer): number {
  let offset = 0
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset)
    if (size === 1) {
      if (offset + 16 > bytes.length) break
      size = Number(bytes.readBigUInt64BE(offset + 8))
    }
    if (
      size < 8 ||
      offset + size > bytes.length ||
      !/^[a-z0-9 ]{4}$/i.test(bytes.toString('latin1', offset + 4, offset + 8))
    )
      break
    offset += size
  }
  return offset
}

export function totalMs(pieces: readonly IndexedPiece[]): number {
  return pieces.reduce((sum, [, ms]) => sum + ms, 0)
}
