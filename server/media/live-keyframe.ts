/**
 * A JPEG of a running stream's newest keyframe, decoded by a one-shot ffmpeg from the packager's memory:
 * the snapshot at the moment it is asked for, without touching the camera.
 */
import type { ProcessPool } from '../process/process-pool.ts'
import { keyframeJpeg } from './mp4/keyframe-jpeg.ts'
import type { Quality } from '../contracts/media.ts'
import type { StreamManager } from './stream-manager.ts'

export async function liveKeyframeJpeg(
  streams: StreamManager,
  processes: ProcessPool,
  cameraId: string,
  // Prefer the main stream's picture: a snapshot is evidence, detail matters.
  qualities: readonly Quality[] = ['main', 'sub'],
): Promise<Buffer | undefined> {
  const stream = qualities.map((q) => streams.peek(cameraId, q)).find((s) => s?.state === 'live')
  const keyframe = stream?.packager.newestKeyframeFragment()
  if (!keyframe) return undefined
  return keyframeJpeg(processes, `keyframe ${cameraId}`, Buffer.concat([keyframe.init, keyframe.fragment]))
}
