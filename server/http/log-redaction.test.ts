import { describe, expect, it } from 'vitest'
import { maskUrlCredentials } from './log-redaction.ts'

describe('maskUrlCredentials', () => {
  it.each([
    ['a camera URL loses its user and password', 'rtsp://admin:pw@10.0.0.5/x', 'rtsp://***@10.0.0.5/x'],
    [
      "ffmpeg's error about a relay URL loses the token, keeps the camera and quality",
      'rtsp://127.0.0.1:40123/AbCdEfGhIjKlMnOpQrStUvWxYz012345/cam-1/sub: Connection refused',
      'rtsp://127.0.0.1:40123/***/cam-1/sub: Connection refused',
    ],
    [
      'a camera path on loopback that is no token is left alone',
      'rtsp://127.0.0.1:8554/cam-t001/sub: 404 Not Found',
      'rtsp://127.0.0.1:8554/cam-t001/sub: 404 Not Found',
    ],
    ['text without a URL is left alone', 'Connection refused', 'Connection refused'],
  ])('%s', (_name, input, expected) => {
    expect(maskUrlCredentials(input)).toBe(expected)
  })
})
