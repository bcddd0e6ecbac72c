import { describe, expect, it } from 'vitest'
import { parseRtspResponse } from './rtsp-probe.ts'

describe('reading RTSP answers', () => {
  it('reads status, headers (repeated ones kept) and a body, and keeps what follows', () => {
    const text =
      'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm="a", nonce="b"\r\nWWW-Authenticate: Basic realm="a"\r\n' +
      'Content-Length: 4\r\n\r\nbodyRTSP/1.0'
    const parsed = parseRtspResponse(Buffer.from(text))
    expect(parsed?.response.status).toBe(401)
    expect(parsed?.response.headers.get('www-authenticate')).toHaveLength(2)
    expect(parsed?.response.body).toBe('body')
    expect(parsed?.rest.toString()).toBe('RTSP/1.0')
  })

  it('waits for the whole body before answering', () => {
    expect(parseRtspResponse(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc'))).toBeNull()
    expect(parseRtspResponse(Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 1'))).toBeNull()
  })

  it.each([
    ['an HTTP answer is not RTSP', 'HTTP/1.1 200 OK\r\n\r\n', 'RTSP: the answer is not RTSP'],
    [
      'a huge Content-Length is refused before reading it',
      'RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n',
      'RTSP: bad Content-Length',
    ],
  ])('%s', (_name, text, message) => {
    expect(() => parseRtspResponse(Buffer.from(text))).toThrow(message)
  })
})
