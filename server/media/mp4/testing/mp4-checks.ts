/** What tests check of a progressive MP4: its top-level box order and what ffprobe says of it. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readChildren } from '../../hls/box-reader.ts'

const run = promisify(execFile)

/** The top-level box types in file order, e.g. ['ftyp', 'moov', 'free', 'mdat']. */
export function topLevelBoxes(file: Buffer): string[] {
  return readChildren(file, 0, file.length, 'file').map((box) => box.type)
}

export interface Mp4Probe {
  startTime: number
  duration: number
  codec: string
  width: number
  height: number
}

export async function probeMp4(path: string): Promise<Mp4Probe> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'format=start_time,duration:stream=codec_name,width,height',
    '-of',
    'json',
    path,
  ])
  const probe = JSON.parse(stdout) as {
    format: { start_time: string; duration: string }
    streams: { codec_name: string; width: number; height: number }[]
  }
  const video = probe.streams[0]
  if (!video) throw new Error(`${path}: no video stream`)
  return {
    startTime: Number(probe.format.start_time),
    duration: Number(probe.format.duration),
    codec: video.codec_name,
    width: video.width,
    height: video.height,
  }
}
