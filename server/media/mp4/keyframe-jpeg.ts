/**
 * One keyframe in MP4 form (an init segment and the fragment holding the keyframe) decoded to a JPEG by a
 * one-shot ffmpeg: live snapshots from the packager's memory and frames from recordings both come here.
 */
import type { ProcessPool } from '../../process/process-pool.ts'

export const KEYFRAME_JPEG_ARGS: readonly string[] = [
  ...['-hide_banner', '-loglevel', 'error'],
  ...['-f', 'mp4', '-i', 'pipe:0'],
  ...['-frames:v', '1', '-q:v', '3'],
  ...['-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
]

/** The JPEG, or undefined when ffmpeg could not decode a picture from the bytes. */
export async function keyframeJpeg(processes: ProcessPool, label: string, mp4: Buffer): Promise<Buffer | undefined> {
  const result = await processes.run(label, { file: 'ffmpeg', args: [...KEYFRAME_JPEG_ARGS], stdin: mp4 })
  return result.code === 0 && result.stdout.length > 0 ? result.stdout : undefined
}
