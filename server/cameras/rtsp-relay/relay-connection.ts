/**
 * One ffmpeg connection through the relay: its first request names a registered stream (by token), the
 * relay then opens the camera's connection and forwards. Requests go one at a time (ffmpeg waits for each
 * answer anyway), each with an Authorization header once the camera has challenged; a 401 is answered
 * here once with the new challenge, so ffmpeg never sees one unless the camera refuses the password.
 * After PLAY, interleaved frames pass both ways as they came, while keep-alives and TEARDOWN still go
 * through the same request path.
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import type { CameraCredentials } from '../camera-credentials.ts'
import { authorization, parseChallenges, type Challenge } from '../digest-auth.ts'
import {
  cameraRequestToClient,
  cameraUrlOf,
  requestToCamera,
  responseToClient,
  type RelayRoute,
} from './relay-rewrite.ts'
import { header, headerValues, readWire, relayResponse, writeMessage, type RtspMessage } from './rtsp-wire.ts'

export interface RelayRegistration {
  route: RelayRoute
  credentials: CameraCredentials | null
  camera: { host: string; port: number; tls: boolean }
  /** For logs: camera and quality, never the token or the URL's query. */
  label: string
}

export interface RelayTimeouts {
  /** A new connection must send its first request within this long. */
  firstRequestMs: number
  /** Connecting to the camera; below ffmpeg's own socket timeout, so ffmpeg hears why. */
  cameraConnectMs: number
  /** Nothing from the camera for this long (not even media): the connection is closed. */
  cameraIdleMs: number
}

export interface RelayHost {
  readonly timeouts: RelayTimeouts
  /** The registration for `token` now held by `connection`; 'unknown' or 'busy' (one connection each). */
  claim(token: string, connection: RelayConnection): RelayRegistration | 'unknown' | 'busy'
  closed(connection: RelayConnection, registration: RelayRegistration | null): void
  log(event: string, fields: Record<string, unknown>): void
}

const EMPTY = Buffer.alloc(0)
// Node's own read size for sockets.
const CAMERA_READ_BYTES = 64 * 1024
// ffmpeg has at most a keep-alive and a TEARDOWN waiting; a peer that queues more is not ffmpeg.
const MAX_QUEUED_REQUESTS = 8

interface InFlight {
  request: RtspMessage
  clientCseq: string | undefined
  /** Already re-sent after a challenge: a second 401 goes to ffmpeg. */
  retried: boolean
}

export class RelayConnection {
  private clientBytes: Buffer = EMPTY
  private cameraBytes: Buffer = EMPTY
  private camera: Socket | null = null
  private registration: RelayRegistration | null = null
  private connecting = false
  private readonly queue: RtspMessage[] = []
  private inFlight: InFlight | null = null
  private challenge: Challenge | null = null
  private nonceCount = 0
  private cseq = 0
  private ended = false
  /** The camera's socket is paused until ffmpeg has read what it was sent. */
  private waitingForDrain = false

  constructor(
    private readonly client: Socket,
    private readonly host: RelayHost,
  ) {
    client.setNoDelay(true)
    client.setTimeout(host.timeouts.firstRequestMs, () => this.close())
    client.on('data', (chunk: Buffer) => this.fromClient(chunk))
    client.on('error', () => this.close())
    client.on('close', () => this.close())
  }

  close(): void {
    if (this.ended) return
    this.ended = true
    this.client.destroy()
    this.camera?.destroy()
    this.host.closed(this, this.registration)
  }

  private fromClient(chunk: Buffer): void {
    if (this.ended) return
    const parsed = this.read('clientBytes', chunk)
    if (!parsed) return
    for (const item of parsed) {
      if (item.kind === 'frames') this.camera?.write(item.bytes)
      else if (item.message.kind === 'request') this.queue.push(item.message)
      // ffmpeg's answer to a request of the camera's: CSeq and URLs are the camera's own.
      else this.camera?.write(writeMessage(item.message))
    }
    if (this.queue.length > MAX_QUEUED_REQUESTS) return this.close()
    this.pump()
  }

  /**
   * A plain camera socket reads into one reused buffer rather than a new one per read (most of the
   * relay's allocations, and so of the server's garbage collections, at 64 streams). ffmpeg's socket
   * usually takes a read's frames at once; when it queues them, or a partial frame stays behind, that
   * buffer is still referenced and the next read gets a fresh one.
   */
  private cameraReadBuffer = Buffer.allocUnsafe(CAMERA_READ_BYTES)
  /** Always true: pausing is toClient's, through the socket's own pause(). */
  private readonly fromCameraRead = (bytes: number, buffer: Uint8Array): boolean => {
    this.fromCamera(Buffer.from(buffer.buffer, buffer.byteOffset, bytes))
    const stillReferenced =
      this.client.writableLength > 0 || (this.cameraBytes.length > 0 && this.cameraBytes.buffer === buffer.buffer)
    if (stillReferenced) this.cameraReadBuffer = Buffer.allocUnsafe(CAMERA_READ_BYTES)
    return true
  }

  private fromCamera(chunk: Buffer): void {
    const parsed = this.read('cameraBytes', chunk)
    if (!parsed || !this.registration) return
    for (const item of parsed) {
      if (item.kind === 'frames') this.toClient(item.bytes)
      else if (item.message.kind === 'response') this.onResponse(item.message)
      else this.toClient(writeMessage(cameraRequestToClient(item.message, this.registration.route)))
    }
  }

  /** Complete items from one side; a peer that does not speak RTSP is disconnected. */
  private read(side: 'clientBytes' | 'cameraBytes', chunk: Buffer): ReturnType<typeof readWire>['items'] | null {
    try {
      const { items, rest } = readWire(this[side].length > 0 ? Buffer.concat([this[side], chunk]) : chunk)
      this[side] = rest
      return items
    } catch (error) {
      this.host.log('relay: not RTSP, closing', { stream: this.registration?.label, detail: String(error) })
      this.close()
      return null
    }
  }

  /** Media to ffmpeg; when ffmpeg reads slower than the camera sends, the camera waits (TCP backpressure). */
  private toClient(bytes: Buffer): void {
    if (this.ended || this.client.write(bytes) || !this.camera || this.waitingForDrain) return
    const camera = this.camera
    this.waitingForDrain = true
    camera.pause()
    this.client.once('drain', () => {
      this.waitingForDrain = false
      camera.resume()
    })
  }

  private pump(): void {
    if (this.ended || this.inFlight || this.connecting) return
    const request = this.queue.shift()
    if (!request) return
    if (this.registration) this.send(request, false)
    else this.bind(request)
  }

  private bind(request: RtspMessage): void {
    const cseq = header(request.headers, 'cseq')
    const claimed = this.host.claim(tokenOf(cameraUrlOf(request)), this)
    if (claimed === 'unknown' || claimed === 'busy') {
      // Logged without the token: a wrong one is worth knowing about (someone trying), not worth keeping.
      this.host.log(`relay: ${claimed} stream token refused`, {})
      if (claimed === 'unknown') this.refuse(404, 'Not Found', cseq, null)
      else this.refuse(503, 'Stream in use', cseq, null)
      return
    }
    this.registration = claimed
    this.client.setTimeout(0)
    this.connecting = true
    const { host, port, tls } = claimed.camera
    const camera = tls
      ? connectTls({ host, port, rejectUnauthorized: false, servername: host })
      : connectTcp({ host, port, onread: { buffer: () => this.cameraReadBuffer, callback: this.fromCameraRead } })
    this.camera = camera
    const timer = setTimeout(
      () => camera.destroy(Object.assign(new Error('connect'), { code: 'ETIMEDOUT' })),
      this.host.timeouts.cameraConnectMs,
    )
    camera.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer)
      this.connecting = false
      camera.setNoDelay(true)
      camera.setTimeout(this.host.timeouts.cameraIdleMs, () => this.close())
      this.queue.unshift(request)
      this.pump()
    })
    if (tls) camera.on('data', (chunk: Buffer) => this.fromCamera(chunk))
    camera.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (!this.connecting) return this.close()
      // ffmpeg prints the reason phrase; the media domain reads the operator's explanation from it.
      const [status, reason] = unreachable(error.code)
      this.host.log('relay: camera not reachable', { stream: claimed.label, code: error.code })
      this.connecting = false
      this.refuse(status, reason, cseq, claimed)
    })
    camera.on('close', () => {
      if (!this.connecting) this.close()
    })
  }

  /** Answers ffmpeg's request with the relay's own status and ends the connection. */
  private refuse(
    status: number,
    reason: string,
    cseq: string | undefined,
    registration: RelayRegistration | null,
  ): void {
    this.ended = true
    this.camera?.destroy()
    this.client.end(relayResponse(status, reason, cseq))
    // A peer that never closes its side is cut off.
    setTimeout(() => this.client.destroy(), 1000).unref()
    this.host.closed(this, registration)
  }

  private send(request: RtspMessage, retried: boolean): void {
    const { route, credentials } = this.registration!
    const cseq = ++this.cseq
    let message = requestToCamera(request, route, cseq, undefined)
    if (this.challenge && credentials) {
      const method = request.startLine.split(' ')[0] ?? ''
      const signed = authorization(this.challenge, credentials, {
        method,
        uri: cameraUrlOf(message),
        nc: ++this.nonceCount,
      })
      message = requestToCamera(request, route, cseq, signed)
    }
    this.inFlight = { request, clientCseq: header(request.headers, 'cseq'), retried }
    this.camera?.write(writeMessage(message))
  }

  private onResponse(response: RtspMessage): void {
    const flight = this.inFlight
    // An answer nobody asked for (a late one after a retry): ffmpeg would not know what it answers.
    if (!flight || !this.registration) return
    if (/^RTSP\/1\.\d 401\b/.test(response.startLine) && this.registration.credentials && !flight.retried) {
      const challenge = parseChallenges(headerValues(response.headers, 'www-authenticate'))[0]
      if (challenge) {
        this.challenge = challenge
        this.nonceCount = 0
        this.send(flight.request, true)
        return
      }
    }
    this.inFlight = null
    this.toClient(writeMessage(responseToClient(response, this.registration.route, flight.clientCseq)))
    this.pump()
  }
}

/** The token: the first path segment of the relay URL ffmpeg asks for. */
export function tokenOf(url: string): string {
  try {
    return new URL(url).pathname.split('/')[1] ?? ''
  } catch {
    return ''
  }
}

/** Status and reason phrase for a camera the relay could not reach, worded as ffmpeg's own errors. */
function unreachable(code: string | undefined): [number, string] {
  switch (code) {
    case 'ECONNREFUSED':
      return [503, 'Connection refused']
    case 'ETIMEDOUT':
      return [504, 'Connection timed out']
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return [502, 'No route to host']
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return [502, 'Name or service not known']
    case 'ECONNRESET':
      return [502, 'Connection reset by peer']
    default:
      return [502, 'Bad Gateway']
  }
}
