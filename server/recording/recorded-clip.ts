/**
 * Turns recorded runs (recorded-cut.ts) into a progressive MP4: each run's byte spans are copied into one
 * fMP4 file in a work directory, then one ffmpeg remux (progressive-mp4.ts) reads it, or, for several runs,
 * joins them with ffmpeg's concat demuxer (each run keeps its own init; the output plays them one after
 * the other, the gaps between them left out). The work directory is removed in every case.
 */
import { createReadStream } from 'node:fs'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ProgressiveMp4Job } from '../media/mp4/progressive-mp4.ts'
import type { Quality } from '../contracts/media.ts'
import type { RecordedClip } from '../incidents/evidence-capture.ts'
import { cutRecording, type ByteSpan, type RecordedRun } from './recorded-cut.ts'
import { recordedFiles, type RecordedFilesSource } from './recorded-files.ts'

export interface RecordedClipJob {
  runs: readonly RecordedRun[]
  /** Where the work files go (a directory on the same disk as the recordings). */
  workRoot: string
  output: string
  name: string
  remux: (job: ProgressiveMp4Job) => Promise<{ bytes: number }>
}

export async function remuxRecordedRuns(job: RecordedClipJob): Promise<{ bytes: number }> {
  const dir = await mkdtemp(join(job.workRoot, 'cut-'))
  try {
    const files: string[] = []
    for (const [index, run] of job.runs.entries()) {
      const file = join(dir, `run-${index}.mp4`)
      const out = await open(file, 'w')
      try {
        for (const span of run.spans) for await (const chunk of await openSpan(span)) await out.write(chunk as Buffer)
      } finally {
        await out.close()
      }
      files.push(file)
    }
    const input = files.length === 1 ? { file: files[0]! } : { concat: await writeConcatList(dir, files) }
    return await job.remux({ input, output: job.output, name: job.name })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The span's bytes; from its fallback path when the file was renamed meanwhile (a recording file closing). */
async function openSpan(span: ByteSpan): Promise<NodeJS.ReadableStream> {
  const options = { start: span.start, end: span.end - 1 }
  const opened = (path: string) =>
    new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      const stream = createReadStream(path, options)
      stream.once('open', () => resolve(stream))
      stream.once('error', reject)
    })
  try {
    return await opened(span.path)
  } catch (error) {
    if (!span.fallbackPath || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return opened(span.fallbackPath)
  }
}

async function writeConcatList(dir: string, files: readonly string[]): Promise<string> {
  const list = join(dir, 'runs.txt')
  // The names are ours (run-<n>.mp4 in our own directory): nothing to escape but the quoting itself.
  await writeFile(list, files.map((file) => `file '${file.replaceAll("'", "'\\''")}'\n`).join(''))
  return list
}

export interface EvidenceClipSource {
  files: RecordedFilesSource
  remux: RecordedClipJob['remux']
}

/**
 * An incident's clip from the camera's recording, undefined when the camera is not being recorded or its
 * recording starts later than `wantedFromMs` (memory then holds as much: the caller cuts from there).
 * The file being written holds the newest minute: it is read as far as the recorder has flushed it, so
 * the clip need not wait up to a minute for the file to close, nor splice recording and memory.
 */
export async function recordedEvidenceClip(
  source: EvidenceClipSource,
  cameraId: string,
  range: { fromMs: number; toMs: number; wantedFromMs: number },
  output: string,
): Promise<(RecordedClip & { quality: Quality }) | undefined> {
  if (!source.files.recorderOf(cameraId)) return undefined
  const files = await recordedFiles(source.files, cameraId, range.fromMs, range.toMs)
  const runs = cutRecording(files, range.fromMs, range.toMs)
  if (runs.length === 0 || runs[0]!.startMs > range.wantedFromMs) return undefined
  await remuxRecordedRuns({ runs, workRoot: dirname(output), output, name: `clip ${cameraId}`, remux: source.remux })
  return {
    quality: files[0]?.quality ?? source.files.recorderOf(cameraId)!.quality,
    startMs: runs[0]!.startMs,
    endMs: runs.at(-1)!.endMs,
  }
}
