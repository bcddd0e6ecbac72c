/**
 * The output half of the ffmpeg command that feeds the packager: the camera's first video stream,
 * copied, as fragmented MP4 on stdout.
 *
 * Why +frag_every_frame (measured with ffmpeg 5.1, -re -c copy, 25 fps, see docs in this folder's README):
 * ffmpeg writes a fragment when the packet after it arrives, whatever the flags, so every layout has the
 * same one-frame delay. One frame per fragment lets the packager cut parts itself at exact frame counts
 * for any camera frame rate (at 12.5 fps, -frag_duration 200000 gives 240 ms fragments, over the part
 * target) and end a segment exactly before a keyframe. Its cost is one moof per frame, about 100 bytes,
 * under 1% at 1.5 Mbit/s.
 * empty_moov: the init segment comes first and alone, before any media. default_base_moof: sample data
 * offsets are relative to each moof, so a part or segment served on its own is self-contained.
 */

export type VideoCodec = 'h264' | 'h265' | 'unknown'

export interface Fmp4OutputOptions {
  codec: VideoCodec
}

export const fmp4MovFlags = '+frag_every_frame+empty_moov+default_base_moof'

/** The container half alone, for callers that choose the streams and codec themselves (the restreamer). */
export const fmp4ContainerArgs: readonly string[] = ['-f', 'mp4', '-movflags', fmp4MovFlags, 'pipe:1']

export function buildFmp4OutputArgs(options: Fmp4OutputOptions): string[] {
  return [
    '-map',
    '0:v:0',
    '-c:v',
    'copy',
    // Safari and Apple's HLS rules want hvc1 (parameter sets in the sample entry); ffmpeg defaults to hev1.
    ...(options.codec === 'h265' ? ['-tag:v', 'hvc1'] : []),
    ...fmp4ContainerArgs,
  ]
}
