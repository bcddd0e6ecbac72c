/**
 * The HLS VOD playlist over stored recording files, byte ranges into each file: one EXT-X-MAP per file
 * (its init segment, the file's first bytes) and one entry per indexed piece (~1 s, starting at a
 * keyframe), so a player seeks to within a second without the server cutting anything. The file being
 * written is listed up to its last complete fragment, which is on disk by then, so the newest minute
 * plays too. Files are served
 * as they are stored (Range requests), which keeps playback free of ffmpeg and of copies. A file that
 * does not continue the previous one's timeline (a stream restart, a gap) starts with EXT-X-DISCONTINUITY.
 * Pure.
 */
import type { IndexedPiece } from './fmp4-file-index.ts'
import { CONTIGUOUS_MS } from './recorded-ranges.ts'

export interface PlaylistFile {
  /** The index's id; null for the file being written (not indexed until it closes). */
  id: number | null
  startMs: number
  endMs: number
  newRun: boolean
  initBytes: number
  pieces: readonly IndexedPiece[]
}

/**
 * A file's name in the playlist: an indexed file by its id (`r<id>.mp4`), the file being written by its
 * start (`w<startMs>.mp4`), which stays its name on disk after it closes, so a playlist read while it was
 * open still plays once it has closed.
 */
export const fileName = (file: Pick<PlaylistFile, 'id' | 'startMs'>): string =>
  file.id === null ? `w${file.startMs}.mp4` : `r${file.id}.mp4`

/** The pieces of a file overlapping [fromMs, toMs), reaching back to a keyframe so playback can start there. */
export function piecesWithin(
  file: Pick<PlaylistFile, 'startMs' | 'initBytes' | 'pieces'>,
  fromMs: number,
  toMs: number,
): { offset: number; startMs: number; piece: IndexedPiece }[] {
  const all: { offset: number; startMs: number; piece: IndexedPiece }[] = []
  let offset = file.initBytes
  let startMs = file.startMs
  for (const piece of file.pieces) {
    all.push({ offset, startMs, piece })
    offset += piece[0]
    startMs += piece[1]
  }
  let first = all.findIndex((p) => p.startMs + p.piece[1] > fromMs)
  if (first < 0) return []
  while (first > 0 && all[first]!.piece[2] === 0) first--
  return all.slice(first).filter((p) => p.startMs < toMs)
}

export function renderVodPlaylist(files: readonly PlaylistFile[], fromMs: number, toMs: number): string {
  const body: string[] = []
  let longest = 1
  let previousEnd: number | undefined
  for (const file of files) {
    const pieces = piecesWithin(file, fromMs, toMs)
    if (pieces.length === 0) continue
    const name = fileName(file)
    if (previousEnd !== undefined && (file.newRun || Math.abs(file.startMs - previousEnd) > CONTIGUOUS_MS))
      body.push('#EXT-X-DISCONTINUITY')
    body.push(`#EXT-X-MAP:URI="${name}",BYTERANGE="${file.initBytes}@0"`)
    body.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pieces[0]!.startMs).toISOString()}`)
    for (const { offset, piece } of pieces) {
      const seconds = piece[1] / 1000
      longest = Math.max(longest, seconds)
      body.push(`#EXTINF:${seconds.toFixed(3)},`, `#EXT-X-BYTERANGE:${piece[0]}@${offset}`, name)
    }
    previousEnd = file.endMs
  }
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.ceil(longest - 1e-9)}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...body,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n')
}
