import { describe, expect, it } from 'vitest'
import { buildFrameGrabArgs } from './ffmpeg-frame-grab.ts'

describe('one-frame grab arguments', () => {
  it('read the first keyframe over TCP with a socket timeout, and write it as one JPEG to stdout', () => {
    expect(buildFrameGrabArgs('rtsp://u:p@h/sub', 3000)).toEqual([
      '-nostdin',
      '-hide_banner',
      '-loglevel',
      'error',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '3000000',
      '-skip_frame',
      'nokey',
      '-i',
      'rtsp://u:p@h/sub',
      '-an',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      '4',
      'pipe:1',
    ])
  })
})
