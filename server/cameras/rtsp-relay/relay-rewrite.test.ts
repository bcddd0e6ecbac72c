import { describe, expect, it } from 'vitest'
import { requestToCamera, responseToClient, type RelayRoute } from './relay-rewrite.ts'
import { readWire, writeMessage, type RtspMessage } from './rtsp-wire.ts'

const route: RelayRoute = {
  relayBase: 'rtsp://127.0.0.1:40000/TOKEN/cam-1/sub',
  cameraBase: 'rtsp://10.0.0.5:554/Streaming/Channels/102',
}

/** One message from its text (the head's line ends made CRLF; a body as written), through the real parser. */
function message(text: string): RtspMessage {
  const headEnd = text.indexOf('\n\n') + 2
  const wire = text.slice(0, headEnd).replace(/\n/g, '\r\n') + text.slice(headEnd)
  const { items } = readWire(Buffer.from(wire, 'utf8'))
  const item = items[0]
  if (item?.kind !== 'message') throw new Error('not a message')
  return item.message
}

const asText = (m: RtspMessage): string => writeMessage(m).toString('utf8').replace(/\r\n/g, '\n')
// Bodies here have LF line ends only, so the round trip through asText leaves them as they are.

describe('requests from ffmpeg, as the camera receives them', () => {
  it.each([
    [
      'the relay URL becomes the camera URL, CSeq the relay’s own',
      'DESCRIBE rtsp://127.0.0.1:40000/TOKEN/cam-1/sub RTSP/1.0\nCSeq: 2\nAccept: application/sdp\n\n',
      7,
      undefined,
      'DESCRIBE rtsp://10.0.0.5:554/Streaming/Channels/102 RTSP/1.0\nCSeq: 7\nAccept: application/sdp\n\n',
    ],
    [
      'a track control under the relay URL maps under the camera URL, with the computed Authorization',
      'SETUP rtsp://127.0.0.1:40000/TOKEN/cam-1/sub/trackID=1 RTSP/1.0\nCSeq: 3\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\n\n',
      9,
      'Digest username="admin"',
      'SETUP rtsp://10.0.0.5:554/Streaming/Channels/102/trackID=1 RTSP/1.0\nCSeq: 9\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\nAuthorization: Digest username="admin"\n\n',
    ],
    [
      'a URL the camera gave under another address goes to the camera as it is',
      'SETUP rtsp://192.168.1.64/Streaming/Channels/102/trackID=1 RTSP/1.0\nCSeq: 3\n\n',
      4,
      undefined,
      'SETUP rtsp://192.168.1.64/Streaming/Channels/102/trackID=1 RTSP/1.0\nCSeq: 4\n\n',
    ],
    [
      'an Authorization ffmpeg might send is dropped: only the relay signs',
      'OPTIONS rtsp://127.0.0.1:40000/TOKEN/cam-1/sub RTSP/1.0\nCSeq: 1\nAuthorization: Basic Og==\n\n',
      1,
      undefined,
      'OPTIONS rtsp://10.0.0.5:554/Streaming/Channels/102 RTSP/1.0\nCSeq: 1\n\n',
    ],
    [
      'a keep-alive during PLAY keeps its Session header',
      'GET_PARAMETER rtsp://127.0.0.1:40000/TOKEN/cam-1/sub/ RTSP/1.0\nCSeq: 8\nSession: 12345678\n\n',
      12,
      undefined,
      'GET_PARAMETER rtsp://10.0.0.5:554/Streaming/Channels/102/ RTSP/1.0\nCSeq: 12\nSession: 12345678\n\n',
    ],
  ])('%s', (_name, input, cseq, authorization, expected) => {
    expect(asText(requestToCamera(message(input), route, cseq, authorization))).toBe(expected)
  })
})

describe('responses from the camera, as ffmpeg receives them', () => {
  const sdp = [
    'v=0',
    'o=- 1 1 IN IP4 10.0.0.5',
    's=Media Presentation',
    'c=IN IP4 0.0.0.0',
    't=0 0',
    'a=control:rtsp://10.0.0.5:554/Streaming/Channels/102/?transportmode=unicast',
    'm=video 0 RTP/AVP 96',
    'a=rtpmap:96 H264/90000',
    'a=control:rtsp://10.0.0.5:554/Streaming/Channels/102/trackID=1?transportmode=unicast',
    '',
  ].join('\n')
  const relayed = sdp.replaceAll('rtsp://10.0.0.5:554/Streaming/Channels/102', route.relayBase)

  it.each([
    [
      'Content-Base and absolute controls in the SDP name the relay, and Content-Length counts the new body',
      `RTSP/1.0 200 OK\nCSeq: 7\nContent-Type: application/sdp\nContent-Base: rtsp://10.0.0.5:554/Streaming/Channels/102/\nContent-Length: ${sdp.length}\n\n${sdp}`,
      '2',
      `RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Base: rtsp://127.0.0.1:40000/TOKEN/cam-1/sub/\nContent-Length: ${relayed.length}\n\n${relayed}`,
    ],
    [
      'RTP-Info names the relay’s track URL, so ffmpeg matches it to its stream',
      'RTSP/1.0 200 OK\nCSeq: 10\nSession: 12345678\nRTP-Info: url=rtsp://10.0.0.5:554/Streaming/Channels/102/trackID=1;seq=1;rtptime=0\n\n',
      '5',
      'RTSP/1.0 200 OK\nCSeq: 5\nSession: 12345678\nRTP-Info: url=rtsp://127.0.0.1:40000/TOKEN/cam-1/sub/trackID=1;seq=1;rtptime=0\n\n',
    ],
    [
      'a final 401 reaches ffmpeg without the challenge, so ffmpeg reports it rather than retry',
      'RTSP/1.0 401 Unauthorized\nCSeq: 8\nWWW-Authenticate: Digest realm="cam", nonce="abc"\n\n',
      '3',
      'RTSP/1.0 401 Unauthorized\nCSeq: 3\n\n',
    ],
    [
      'an SDP that names the camera only by another address is passed as it is',
      'RTSP/1.0 200 OK\nCSeq: 7\nContent-Type: application/sdp\nContent-Length: 24\n\nv=0\na=control:trackID=1\n',
      '2',
      'RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Length: 24\n\nv=0\na=control:trackID=1\n',
    ],
  ])('%s', (_name, input, clientCseq, expected) => {
    expect(asText(responseToClient(message(input), route, clientCseq))).toBe(expected)
  })
})

describe('the wire', () => {
  it('reads interleaved frames between messages, consecutive frames as one slice, and keeps a partial one', () => {
    const frame = (channel: number, size: number): Buffer =>
      Buffer.concat([Buffer.from([0x24, channel, size >> 8, size & 0xff]), Buffer.alloc(size, channel + 1)])
    const keepAlive = Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n')
    const input = Buffer.concat([
      frame(0, 1400),
      frame(1, 60),
      keepAlive,
      frame(0, 900),
      frame(0, 1000).subarray(0, 500),
    ])
    const { items, rest } = readWire(input)
    expect(items.map((i) => (i.kind === 'frames' ? `frames ${i.bytes.length}` : i.message.startLine))).toEqual([
      'frames 1468',
      'RTSP/1.0 200 OK',
      'frames 904',
    ])
    expect(rest.length).toBe(500)
  })

  it('refuses what is not RTSP, and a body larger than any SDP', () => {
    expect(() => readWire(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toThrow('not an RTSP message')
    expect(() => readWire(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 999999\r\n\r\n'))).toThrow(
      'bad Content-Length',
    )
  })
})
