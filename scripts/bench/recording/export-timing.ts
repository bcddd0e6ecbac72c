/**
 * The export time of a 5-minute clip: recorded files are built from a fleet clip (looped to 5 minutes,
 * fragmented at each keyframe as the recorder writes them, cut into 1-minute files with their seek
 * index), then exported the way POST /api/cameras/:id/exports does it: the byte spans copied, the remux to
 * a progressive MP4, the SHA-256. Timed from the cut to the hash.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { remuxToProgressiveMp4 } from '../../../server/media/mp4/progressive-mp4.ts'
import { ProcessPool } from '../../../server/process/process-pool.ts'
import { silentLogger } from '../../../server/process/logger.ts'
import { indexFmp4File, type IndexedPiece } from '../../../server/recording/fmp4-file-index.ts'
import { remuxRecordedRuns } from '../../../server/recording/recorded-clip.ts'
import { cutRecording, type CutFile } from '../../../server/recording/recorded-cut.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'

const run = promisify(execFile)
const CLIP_SECONDS = 300
const FILE_MS = 60_000

export interface ExportTiming {
  clip: string
  seconds: number
  storedBytes: number
  exportedBytes: number
  exportMs: number
}

export async function measureExport(clip: string): Promise<ExportTiming> {
  const dir = makeTempDir('bench-export')
  const processes = new ProcessPool({ logger: silentLogger })
  try {
    const looped = join(dir.path, 'looped.mp4')
    await run('ffmpeg', [
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-stream_loop', '-1', '-i', clip],
      ...['-t', String(CLIP_SECONDS), '-map', '0:v:0', '-c', 'copy'],
      ...['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', looped],
    ])
    const files = splitIntoFiles(readFileSync(looped), dir.path)
    const output = join(dir.path, 'export-1.mp4')
    const started = performance.now()
    const runs = cutRecording(files, 0, CLIP_SECONDS * 1000)
    const { bytes } = await remuxRecordedRuns({
      runs,
      workRoot: dir.path,
      output,
      name: 'bench export',
      remux: (job) => remuxToProgressiveMp4(processes, { ...job, timeoutMs: 300_000 }),
    })
    const hash = createHash('sha256')
    await pipeline(createReadStream(output), hash)
    hash.digest('hex')
    return {
      clip,
      seconds: CLIP_SECONDS,
      storedBytes: files.reduce((sum, file) => sum + readFileSync(file.path).length, 0),
      exportedBytes: bytes,
      exportMs: Math.round(performance.now() - started),
    }
  } finally {
    await processes.closeAll()
    dir.remove()
  }
}

/** Cuts one fragmented file into ~1-minute files at keyframes, each with the init, as the recorder does. */
function splitIntoFiles(bytes: Buffer, dir: string): CutFile[] {
  const index = indexFmp4File(bytes)
  if (!index) throw new Error('the looped clip is not fragmented MP4')
  const init = bytes.subarray(0, index.initBytes)
  const files: CutFile[] = []
  let offset = index.initBytes
  let startMs = 0
  let current: { pieces: IndexedPiece[]; chunks: Buffer[]; startMs: number; ms: number } | undefined
  const close = (): void => {
    if (!current) return
    const path = join(dir, `${current.startMs}-sub.mp4`)
    writeFileSync(path, Buffer.concat([init, ...current.chunks]))
    files.push({
      path,
      startMs: current.startMs,
      endMs: current.startMs + current.ms,
      newRun: files.length === 0,
      initBytes: init.length,
      pieces: current.pieces,
    })
    current = undefined
  }
  for (const piece of index.pieces) {
    if (current && piece[2] === 1 && current.ms >= FILE_MS) close()
    current ??= { pieces: [], chunks: [], startMs, ms: 0 }
    current.pieces.push(piece)
    current.chunks.push(bytes.subarray(offset, offset + piece[0]))
    current.ms += piece[1]
    offset += piece[0]
    startMs += piece[1]
  }
  close()
  return files
}
