/**
 * The recorded files of a camera over a range, including the one its recorder is still writing: the index
 * has only closed files, and a file closes every RECORDING_SEGMENT_S (a minute), so without the open one
 * playback, an export or an incident clip would lack the newest minute. The open file is read only as far as the
 * recorder had queued when asked, after those writes reached the disk: never a torn tail.
 */
import { join } from 'node:path'
import type { Quality } from '../contracts/media.ts'
import type { CameraRecorder } from './camera-recorder.ts'
import type { CutFile } from './recorded-cut.ts'
import type { RecordingsRepository } from './recordings-repository.ts'
import { PART_SUFFIX } from './segment-file.ts'

export interface RecordedFilesSource {
  root: string
  repository: Pick<RecordingsRepository, 'overlapping'>
  recorderOf: (cameraId: string) => Pick<CameraRecorder, 'writing' | 'flushed' | 'quality'> | undefined
}

export interface RecordedFile extends CutFile {
  /** The index's id; null for the file being written, which is indexed once it closes. */
  id: number | null
  quality: Quality
}

export async function recordedFiles(
  source: RecordedFilesSource,
  cameraId: string,
  fromMs: number,
  toMs: number,
): Promise<RecordedFile[]> {
  const recorder = source.recorderOf(cameraId)
  const writing = recorder?.writing()
  await recorder?.flushed()
  // Read after the flush: a file that closed meanwhile is in the index, and is then taken from there.
  const closed: RecordedFile[] = source.repository
    .overlapping(cameraId, fromMs, toMs)
    .map((file) => ({ ...file, path: join(source.root, file.path) }))
  if (!writing || writing.startMs >= toMs || writing.endMs <= fromMs) return closed
  if (closed.some((file) => file.startMs === writing.startMs)) return closed
  const path = join(source.root, writing.relativePath)
  return [...closed, { ...writing, id: null, quality: recorder!.quality, path: path + PART_SUFFIX, fallbackPath: path }]
}
