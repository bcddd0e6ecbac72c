/**
 * Fragmented MP4 (an init segment and media segments, as the live packager or a recorder keeps them)
 * remuxed into a progressive MP4 a browser can scrub: `moov` before `mdat` and timestamps from 0, without
 * re-encoding. Cut from a live stream, fragmented MP4 keeps the camera's clock: Chromium shows a clip cut
 * 25 s into a stream as 25 s of nothing before it, and finds a position only by reading fragments. A
 * progressive file starts at 0 and its `moov` indexes every sample up front. (Seeking at all also needs
 * the file served with byte ranges: see http/stored-file-reply.ts.)
 *
 * One bounded ffmpeg run: the output is written under a temporary name and renamed into place when ffmpeg
 * succeeded, so a reader (or a crash) never sees half a file.
 */
import { rm, rename, stat } from 'node:fs/promises'
import type { ProcessPool } from '../../process/process-pool.ts'

/** Where the ffmpeg runs: a pool that stops it when its owner closes. */
export type ProcessStarter = Pick<ProcessPool, 'start'>

export interface ProgressiveMp4Job {
  /**
   * fMP4 bytes in order (init first), fed to ffmpeg's stdin; or a file holding them; or a concat demuxer
   * list of such files, played one after the other.
   */
  input: { bytes: readonly Buffer[] } | { file: string } | { concat: string }
  /** Where the finished file goes. `<output>.part` is used while ffmpeg writes. */
  output: string
  /** ffmpeg is stopped past this (default 60 s): a stuck remux must not hold evidence forever. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Shown in logs (e.g. `clip INC-0042`). */
  name: string
}

export class RemuxError extends Error {
  override readonly name = 'RemuxError'
}

const DEFAULT_TIMEOUT_MS = 60_000

/**
 * ffmpeg arguments for the remux. Pure, so its table test sees the whole argv. Timestamps start at 0
 * because ffmpeg, without `-copyts`, shifts the output by the input's start time (a live stream's
 * fragments start wherever the camera's clock was); `make_zero` also moves a first B-frame's negative
 * decode time to 0 instead of leaving an edit list some players ignore.
 */
export function progressiveMp4Args(input: 'pipe:0' | { file: string } | { concat: string }, output: string): string[] {
  const source =
    input === 'pipe:0'
      ? ['-f', 'mp4', '-i', 'pipe:0']
      : 'file' in input
        ? ['-f', 'mp4', '-i', input.file]
        : // -safe 0: the list names absolute paths (our own work files).
          ['-f', 'concat', '-safe', '0', '-i', input.concat]
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...source,
    '-map',
    '0:v:0',
    '-map',
    '0:a?',
    '-c',
    'copy',
    '-avoid_negative_ts',
    'make_zero',
    // faststart: a second pass moves moov before mdat, so playback and seeking need only the first bytes.
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-y',
    output,
  ]
}

/** Runs the remux; resolves with the finished file's size, rejects with a RemuxError (no file left behind). */
export async function remuxToProgressiveMp4(
  processes: ProcessStarter,
  job: ProgressiveMp4Job,
): Promise<{ bytes: number }> {
  const partial = `${job.output}.part`
  const { input } = job
  const stdin = 'bytes' in input ? Buffer.concat(input.bytes) : undefined
  const args = progressiveMp4Args('bytes' in input ? 'pipe:0' : input, partial)
  try {
    await runBounded(processes, job, args, stdin)
    await rename(partial, job.output)
    return { bytes: (await stat(job.output)).size }
  } finally {
    await rm(partial, { force: true })
  }
}

function runBounded(
  processes: ProcessStarter,
  job: ProgressiveMp4Job,
  args: string[],
  stdin: Buffer | undefined,
): Promise<void> {
  if (job.signal?.aborted) return Promise.reject(new RemuxError(`${job.name}: aborted before it started`))
  return new Promise((resolve, reject) => {
    const stderr: string[] = []
    let stoppedFor: string | undefined
    let exited = false
    const timeoutMs = job.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const stop = (reason: string): void => {
      if (exited) return
      stoppedFor ??= reason
      void child.stop()
    }
    const onAbort = (): void => stop('aborted')
    const timer = setTimeout(() => stop(`stopped after ${timeoutMs} ms`), timeoutMs)
    job.signal?.addEventListener('abort', onAbort, { once: true })
    const child = processes.start({
      name: `remux ${job.name}`,
      command: { file: 'ffmpeg', args, ...(stdin && { stdin }) },
      restart: false,
      onStderrLine: (line) => stderr.push(line),
      onExit: (status) => {
        exited = true
        clearTimeout(timer)
        job.signal?.removeEventListener('abort', onAbort)
        if (stoppedFor) reject(new RemuxError(`${job.name}: ${stoppedFor}`))
        else if (status.code === 0) resolve()
        else
          reject(
            new RemuxError(
              `${job.name}: ffmpeg exited with ${status.code ?? status.signal}: ${stderr.slice(-3).join(' | ')}`,
            ),
          )
      },
    })
  })
}
