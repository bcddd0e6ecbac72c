import { describe, expect, it } from 'vitest'
import { explainFfmpegError } from './ffmpeg-errors.ts'

describe('explainFfmpegError', () => {
  it.each([
    [
      'a wrong password',
      '[rtsp @ 0x55d0c8e0a2c0] method DESCRIBE failed: 401 Unauthorized',
      'the camera refused the username or password',
    ],
    [
      'an unknown stream path',
      '[rtsp @ 0x5597] method DESCRIBE failed: 404 Not Found',
      'the camera has no such stream (404)',
    ],
    [
      'a camera that is off',
      'rtsp://***@127.0.0.1:8554/cam-0001/main: Connection refused',
      'the camera refused the connection',
    ],
    [
      'a camera that stopped answering',
      'rtsp://***@10.0.0.5/main: Connection timed out',
      'the camera did not answer in time',
    ],
    [
      'an address that cannot be reached',
      'rtsp://***@10.9.9.9/main: No route to host',
      'the camera cannot be reached on the network',
    ],
  ])('%s', (_, line, message) => {
    expect(explainFfmpegError(line)).toBe(message)
  })

  it('says nothing about lines it does not know', () => {
    expect(explainFfmpegError('[h264 @ 0x1] non-existing PPS 0 referenced')).toBeUndefined()
  })
})
