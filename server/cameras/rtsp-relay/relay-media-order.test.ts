/**
 * Camera media through the relay: ffmpeg must get the camera's bytes unchanged and in order, with the
 * camera's own requests and the answers to ffmpeg's keep-alives in their place between the frames. A
 * scripted camera on loopback sends frames as many small writes, as a camera sends a frame's RTP packets,
 * and some in the same write as an RTSP message.
 */
import { createServer, connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../process/logger.ts'
import { waitFor } from '../../testing/wait-for.ts'
import { RtspRelay } from './rtsp-relay.ts'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An interleaved frame on channel 0 whose payload is `index` repeated `size` times. */
function frame(index: number, size: number): Buffer {
  const bytes = Buffer.alloc(4 + size, index % 256)
  bytes[0] = 0x24
  bytes[1] = 0
  bytes.writeUInt16BE(size, 2)
  return bytes
}

const okResponse = (cseq: string): string => `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nSession: 1\r\n\r\n`

/**
 * A camera that answers every request 200 and, after PLAY, hands its socket to `afterPlay`. Answers after
 * PLAY come in one write with `beforeLaterAnswers()`: media just before the answer, in the same chunk.
 */
async function scriptedCamera(
  afterPlay: (socket: Socket) => void,
  beforeLaterAnswers: () => Buffer = () => Buffer.alloc(0),
): Promise<{ port: number }> {
  let playing = false
  const server = createServer((socket) => {
    socket.setNoDelay(true)
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      for (let end = text.indexOf('\r\n\r\n'); end >= 0; end = text.indexOf('\r\n\r\n')) {
        const head = text.slice(0, end)
        text = text.slice(end + 4)
        const cseq = /CSeq: (\d+)/i.exec(head)?.[1] ?? '0'
        const answer = Buffer.from(okResponse(cseq))
        socket.write(playing ? Buffer.concat([beforeLaterAnswers(), answer]) : answer)
        if (head.startsWith('PLAY ')) {
          playing = true
          afterPlay(socket)
        }
      }
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { port: (server.address() as { port: number }).port }
}

/** ffmpeg's side: sends requests through the relay and keeps every byte it receives. */
async function player(relayUrl: string, port: number): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = connect(port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  await new Promise<void>((resolve) => socket.once('connect', resolve))
  cleanups.push(() => socket.destroy())
  socket.write(`PLAY ${relayUrl} RTSP/1.0\r\nCSeq: 7\r\nSession: 1\r\n\r\n`)
  return { socket, received: () => Buffer.concat(chunks) }
}

async function startRelay(): Promise<RtspRelay> {
  const relay = new RtspRelay({ logger: silentLogger })
  await relay.listen()
  cleanups.push(() => relay.close())
  return relay
}

/** A camera, the relay and ffmpeg's side, up to the answered PLAY. */
async function playing(
  label: string,
  beforeLaterAnswers?: () => Buffer,
): Promise<{ camera: Socket; ffmpeg: Awaited<ReturnType<typeof player>>; relayUrl: string; cameraPort: number }> {
  let cameraSocket: Socket | null = null
  const camera = await scriptedCamera((socket) => {
    cameraSocket = socket
  }, beforeLaterAnswers)
  const relay = await startRelay()
  const lease = relay.register(`rtsp://127.0.0.1:${camera.port}/stream1`, null, label)
  const ffmpeg = await player(lease.url, relay.port)
  const socket = await waitFor(
    () => (ffmpeg.received().includes('RTSP/1.0 200 OK') ? cameraSocket : null),
    10_000,
    'PLAY answered',
    10,
  )
  return { camera: socket, ffmpeg, relayUrl: lease.url, cameraPort: camera.port }
}

describe('camera media through the relay', () => {
  it('reaches ffmpeg unchanged and in order, with the camera request and the keep-alive answer in place', async () => {
    const sent: Buffer[] = []
    const {
      camera: socket,
      ffmpeg,
      relayUrl,
      cameraPort,
    } = await playing('cam-1/main', () => {
      const last = frame(250, 300)
      sent.push(last)
      return last
    })

    // 200 frames in small writes, one after another as the event loop turns; the last one in the same write
    // as a request of the camera's.
    for (let i = 0; i < 200; i++) {
      const bytes = frame(i, 100 + (i % 7) * 150)
      sent.push(bytes)
      if (i < 199) socket.write(bytes)
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve))
    }
    const cameraRequest = Buffer.from(
      `GET_PARAMETER rtsp://127.0.0.1:${cameraPort}/stream1 RTSP/1.0\r\nCSeq: 90\r\n\r\n`,
    )
    socket.write(Buffer.concat([sent[199]!, cameraRequest]))
    // More media after it, then a keep-alive from ffmpeg whose answer must follow that media, and the frame
    // the camera sends in the same write as the answer.
    for (let i = 200; i < 240; i++) {
      const bytes = frame(i, 1200)
      sent.push(bytes)
      socket.write(bytes)
    }
    const mediaBytes = Buffer.concat(sent)
    await waitFor(
      () => ffmpeg.received().length >= mediaBytes.length + cameraRequest.length,
      10_000,
      'all media relayed',
      10,
    )
    ffmpeg.socket.write(`GET_PARAMETER ${relayUrl} RTSP/1.0\r\nCSeq: 8\r\nSession: 1\r\n\r\n`)
    await waitFor(() => ffmpeg.received().includes('CSeq: 8'), 10_000, 'keep-alive answered', 10)

    const received = ffmpeg.received()
    const playAnswer = received.indexOf('\r\n\r\n') + 4
    const firstMedia = received.subarray(playAnswer, playAnswer + sent.slice(0, 200).reduce((n, b) => n + b.length, 0))
    expect(firstMedia.equals(Buffer.concat(sent.slice(0, 200)))).toBe(true)
    let at = playAnswer + firstMedia.length
    const relayedRequest = received.subarray(at, received.indexOf('\r\n\r\n', at) + 4).toString('latin1')
    // The camera's request reaches ffmpeg with the relay's URL in place of the camera's.
    expect(relayedRequest).toMatch(/^GET_PARAMETER rtsp:\/\/127\.0\.0\.1:\d+\/[^ ]+ RTSP\/1\.0\r\n/)
    expect(relayedRequest).toContain(relayUrl)
    at += relayedRequest.length
    const laterMedia = Buffer.concat(sent.slice(200))
    expect(received.subarray(at, at + laterMedia.length).equals(laterMedia)).toBe(true)
    expect(received.subarray(at + laterMedia.length).toString('latin1')).toMatch(/^RTSP\/1\.0 200 OK\r\nCSeq: 8\r\n/)
  })

  it('passes frames near the largest interleaved size intact', async () => {
    const { camera, ffmpeg } = await playing('cam-2/main')
    const frames = [frame(1, 65_000), frame(2, 65_000), frame(3, 10)]
    for (const bytes of frames) camera.write(bytes)
    const expected = Buffer.concat(frames)
    const playAnswer = (): number => ffmpeg.received().indexOf('\r\n\r\n') + 4
    await waitFor(() => ffmpeg.received().length - playAnswer() >= expected.length, 10_000, 'all frames relayed', 10)
    expect(ffmpeg.received().subarray(playAnswer()).equals(expected)).toBe(true)
  })

  it('keeps every frame intact while ffmpeg reads slower than the camera sends', async () => {
    const { camera, ffmpeg } = await playing('cam-3/main')
    // ffmpeg stops reading: the kernel's buffers fill, the relay queues writes and pauses the camera, and
    // every read it queued must keep its own bytes while the next reads arrive.
    ffmpeg.socket.pause()
    const frames = Array.from({ length: 6000 }, (_, i) => frame(i, 1400))
    for (const bytes of frames) camera.write(bytes)
    const expected = Buffer.concat(frames)
    await waitFor(() => camera.writableLength < expected.length / 2, 10_000, 'the relay read half', 10)
    ffmpeg.socket.resume()
    const playAnswer = (): number => ffmpeg.received().indexOf('\r\n\r\n') + 4
    await waitFor(() => ffmpeg.received().length - playAnswer() >= expected.length, 20_000, 'all frames relayed', 10)
    expect(ffmpeg.received().subarray(playAnswer()).equals(expected)).toBe(true)
  })
})
