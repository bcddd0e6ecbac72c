/**
 * A tiny RTSP client for health checks: OPTIONS, then DESCRIBE (answering a Digest or Basic challenge),
 * on one TCP connection with a deadline for the whole conversation. It never PLAYs: a check must not
 * make the camera send media. The result says whether the camera offers video at this URL, or why not.
 */
import { connect } from 'node:net'
import { formatSeconds } from '../async-tools.ts'
import { CameraFailure, classifyFailure } from '../camera-failure.ts'
import type { CameraCredentials } from '../camera-credentials.ts'
import { authorization, parseChallenges } from '../digest-auth.ts'
import { withoutCredentials } from '../media-url.ts'

export interface RtspResponse {
  status: number
  reason: string
  headers: Map<string, string[]>
  body: string
}

const MAX_RESPONSE_BYTES = 64 * 1024

/** Parses one complete response from the front of `buffer`; null while more bytes are needed. */
export function parseRtspResponse(buffer: Buffer): { response: RtspResponse; rest: Buffer } | null {
  const end = buffer.indexOf('\r\n\r\n')
  if (end < 0) return null
  const lines = buffer.subarray(0, end).toString('utf8').split('\r\n')
  const status = /^RTSP\/1\.\d (\d{3}) ?(.*)$/.exec(lines[0] ?? '')
  if (!status) throw new CameraFailure('offline', 'RTSP: the answer is not RTSP')
  const headers = new Map<string, string[]>()
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  const length = Number(headers.get('content-length')?.[0] ?? 0)
  if (!Number.isInteger(length) || length < 0 || length > MAX_RESPONSE_BYTES)
    throw new CameraFailure('offline', 'RTSP: bad Content-Length')
  if (buffer.length < end + 4 + length) return null
  const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8')
  return {
    response: { status: Number(status[1]), reason: status[2] ?? '', headers, body },
    rest: buffer.subarray(end + 4 + length),
  }
}

export interface RtspProbeResult {
  sdp: string
}

/** OPTIONS + DESCRIBE against `url` (without credentials). Throws CameraFailure when there is no video. */
export async function probeRtsp(
  url: string,
  credentials: CameraCredentials | null,
  timeoutMs: number,
): Promise<RtspProbeResult> {
  const target = new URL(withoutCredentials(url))
  const port = Number(target.port || 554)
  const socket = connect({ host: target.hostname, port })
  let buffered: Buffer = Buffer.alloc(0)
  let waiting: { resolve: (r: RtspResponse) => void; reject: (e: Error) => void } | undefined
  let failure: Error | undefined
  const fail = (error: Error): void => {
    failure ??= error
    waiting?.reject(failure)
    waiting = undefined
  }
  const timer = setTimeout(
    () => fail(new CameraFailure('unreachable', `RTSP: no answer within ${formatSeconds(timeoutMs)}`, true)),
    timeoutMs,
  )
  socket.on('error', (error: NodeJS.ErrnoException) => fail(error))
  socket.on('close', () => fail(new CameraFailure('unreachable', 'RTSP: connection closed without an answer')))
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    if (buffered.length > MAX_RESPONSE_BYTES * 2)
      return fail(new CameraFailure('offline', 'RTSP: the answer is too long'))
    try {
      const parsed = parseRtspResponse(buffered)
      if (!parsed) return
      buffered = parsed.rest
      waiting?.resolve(parsed.response)
      waiting = undefined
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)))
    }
  })

  let cseq = 0
  const request = (method: string, extra: Record<string, string> = {}): Promise<RtspResponse> => {
    if (failure) return Promise.reject(failure)
    const headers = { CSeq: String(++cseq), 'User-Agent': 'sharp-eyes-console health', ...extra }
    const text = `${method} ${target.toString()} RTSP/1.0\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject }
      socket.write(text)
    })
  }

  try {
    await new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure)
      socket.once('connect', resolve)
      waiting = { resolve: () => resolve(), reject }
    })
    waiting = undefined
    const options = await request('OPTIONS')
    if (options.status >= 500 || options.status === 404) throw statusFailure(options)
    let describe = await request('DESCRIBE', { Accept: 'application/sdp' })
    if (describe.status === 401) {
      const challenge = parseChallenges(describe.headers.get('www-authenticate') ?? [])[0]
      if (!credentials)
        throw new CameraFailure('auth-failed', 'RTSP: the camera asks for a password and none is configured')
      if (!challenge) throw new CameraFailure('auth-failed', 'RTSP: the camera refused us without a usable challenge')
      describe = await request('DESCRIBE', {
        Accept: 'application/sdp',
        Authorization: authorization(challenge, credentials, { method: 'DESCRIBE', uri: target.toString() }),
      })
      if (describe.status === 401)
        throw new CameraFailure('auth-failed', 'RTSP: the camera refused the configured user name or password (401)')
    }
    if (describe.status !== 200) throw statusFailure(describe)
    if (!/^m=video /m.test(describe.body))
      throw new CameraFailure('offline', 'RTSP: the camera describes no video stream')
    return { sdp: describe.body }
  } catch (error) {
    throw classifyFailure(error, 'RTSP')
  } finally {
    clearTimeout(timer)
    socket.destroy()
  }
}

function statusFailure(response: RtspResponse): CameraFailure {
  if (response.status === 403)
    return new CameraFailure('auth-failed', `RTSP: access forbidden (403 ${response.reason})`)
  if (response.status === 404) return new CameraFailure('offline', 'RTSP: the camera has no stream at this path (404)')
  return new CameraFailure('offline', `RTSP: the camera answered ${response.status} ${response.reason}`.trim())
}
