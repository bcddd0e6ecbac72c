/**
 * Which stored bytes make up a recorded range: whole fragments from the keyframe at or before `from` to
 * the piece that holds `to`, grouped in runs. A run is what one stream run wrote (files that continue
 * each other): its init segment once, then its fragments in order, which is one playable fMP4 however many
 * files it spans. A new run (a stream restart, a gap) has an init of its own, so it is a run of its own.
 * Pure: the seek index in, byte spans out.
 */
import type { Quality } from '../contracts/media.ts'
import type { IndexedPiece } from './fmp4-file-index.ts'
import { CONTIGUOUS_MS } from './recorded-ranges.ts'
import { piecesWithin } from './vod-playlist.ts'

export interface CutFile {
  /** Absolute path of the file; `fallbackPath` is tried when it has gone (a `.part` renamed meanwhile). */
  path: string
  fallbackPath?: string
  startMs: number
  endMs: number
  newRun: boolean
  initBytes: number
  pieces: readonly IndexedPiece[]
  quality?: Quality
}

/** Bytes [start, end) of one file. */
export interface ByteSpan {
  path: string
  fallbackPath?: string
  start: number
  end: number
}

export interface RecordedRun {
  startMs: number
  endMs: number
  spans: ByteSpan[]
  bytes: number
}

export function cutRecording(files: readonly CutFile[], fromMs: number, toMs: number): RecordedRun[] {
  const runs: RecordedRun[] = []
  let previousEnd: number | undefined
  for (const file of [...files].sort((a, b) => a.startMs - b.startMs)) {
    const pieces = piecesWithin(file, fromMs, toMs)
    if (pieces.length === 0) continue
    const first = pieces[0]!
    const last = pieces.at(-1)!
    const where = { path: file.path, ...(file.fallbackPath && { fallbackPath: file.fallbackPath }) }
    const fragments: ByteSpan = { ...where, start: first.offset, end: last.offset + last.piece[0] }
    const endMs = last.startMs + last.piece[1]
    const continues = previousEnd !== undefined && !file.newRun && Math.abs(file.startMs - previousEnd) <= CONTIGUOUS_MS
    const run = runs.at(-1)
    if (continues && run) {
      run.spans.push(fragments)
      run.endMs = endMs
      run.bytes += fragments.end - fragments.start
    } else {
      const init: ByteSpan = { ...where, start: 0, end: file.initBytes }
      runs.push({
        startMs: first.startMs,
        endMs,
        spans: [init, fragments],
        bytes: file.initBytes + fragments.end - fragments.start,
      })
    }
    previousEnd = file.endMs
  }
  return runs
}

export const runsBytes = (runs: readonly RecordedRun[]): number => runs.reduce((sum, run) => sum + run.bytes, 0)
