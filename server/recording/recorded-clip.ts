/**
 * Turns recorded runs (recorded-cut.ts) into a progressive MP4: each run's byte spans are copied into one
 * fMP4 file in a work directory, then one ffmpeg remux (progressive-mp4.ts) reads it, or, for several runs,
 * joins them with ffmpeg's concat demuxer (each run keeps its own init; the output plays them one after
 * the other, the gaps between them left out). The work directory is removed in every case.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { ProgressiveMp4Job } from '../media/mp4/progressive-mp4.ts'
import type { ByteSpan, RecordedRun } from './recorded-cut.ts'

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
      const out = createWriteStream(file)
      for (const span of run.spans) await pipeline(await openSpan(span), out, { end: false })
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      )
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
