import { describe, expect, it } from 'vitest'
import { explainFfmpegError } from './ffmpeg-errors.ts'

describe('explainFfmpegError', () => {
  it.each([
    [
      'a wrong password',
      '[rtsp @ 0x55d0c8e0a2c0] method DESCRIBE failed: 401 Unauthorized',
      'camera.auth-failed',
      'the camera refused the username or password',
    ],
    [
      'an unknown stream path',
      '[rtsp @ 0x5597] method DESCRIBE failed: 404 Not Found',
      'camera.offline',
      'the camera has no such stream (404)',
    ],
    [
      'a camera that is off',
      'rtsp://***@127.0.0.1:8554/cam-0001/main: Connection refused',
      'camera.unreachable',
      'the camera refused the connection',
    ],
    [
      'a camera that stopped answering',
      'rtsp://***@10.0.0.5/main: Connection timed out',
      'camera.unreachable',
      'the camera did not answer in time',
    ],
    [
      'an address that cannot be reached',
      'rtsp://***@10.9.9.9/main: No route to host',
      'camera.unreachable',
      'the camera cannot be reached on the network',
    ],
    [
      'a camera that hung up',
      '[rtsp @ 0x5597] Connection reset by peer',
      'camera.closed-connection',
      'the camera closed the connection',
    ],
  ])('%s', (_, line, code, message) => {
    expect(explainFfmpegError(line)).toEqual({ code, params: {}, message })
  })

  it('says nothing about lines it does not know', () => {
    expect(explainFfmpegError('[h264 @ 0x1] non-existing PPS 0 referenced')).toBeUndefined()
  })
})
