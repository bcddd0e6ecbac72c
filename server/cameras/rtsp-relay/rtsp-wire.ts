/**
 * RTSP/1.0 on the wire, both directions: requests, responses and the interleaved binary frames
 * (`$`, channel, 2-byte length) that share one TCP connection after PLAY. Pure. The relay reads each
 * side with `readWire` and forwards frames as the bytes they came in, untouched.
 */

export interface RtspMessage {
  kind: 'request' | 'response'
  /** `DESCRIBE rtsp://... RTSP/1.0` or `RTSP/1.0 200 OK`. */
  startLine: string
  /** In order, names as sent (RTSP allows a name more than once). */
  headers: Array<[string, string]>
  body: Buffer
}

/** Consecutive interleaved frames come as one slice of the input: one write forwards them all. */
export type WireItem = { kind: 'frames'; bytes: Buffer } | { kind: 'message'; message: RtspMessage }

export class WireError extends Error {}

const MAX_HEAD_BYTES = 16 * 1024
const MAX_BODY_BYTES = 64 * 1024
const DOLLAR = 0x24

/** The complete items at the front of `input`, and the bytes of an incomplete one to keep for later. */
export function readWire(input: Buffer): { items: WireItem[]; rest: Buffer } {
  const items: WireItem[] = []
  let offset = 0
  while (offset < input.length) {
    if (input[offset] === DOLLAR) {
      const start = offset
      while (offset + 4 <= input.length && input[offset] === DOLLAR) {
        const end = offset + 4 + input.readUInt16BE(offset + 2)
        if (end > input.length) break
        offset = end
      }
      if (offset > start) items.push({ kind: 'frames', bytes: input.subarray(start, offset) })
      if (offset === start || (offset < input.length && input[offset] === DOLLAR)) break
      continue
    }
    // Some peers put an empty line between messages.
    if (input[offset] === 0x0d || input[offset] === 0x0a) {
      offset++
      continue
    }
    const headEnd = input.indexOf('\r\n\r\n', offset)
    if (headEnd < 0) {
      if (input.length - offset > MAX_HEAD_BYTES) throw new WireError('RTSP header too long')
      break
    }
    const parsed = parseHead(input.subarray(offset, headEnd).toString('utf8'))
    const length = Number(header(parsed.headers, 'content-length') ?? '0')
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES) throw new WireError('bad Content-Length')
    const bodyStart = headEnd + 4
    if (input.length - bodyStart < length) break
    items.push({ kind: 'message', message: { ...parsed, body: input.subarray(bodyStart, bodyStart + length) } })
    offset = bodyStart + length
  }
  return { items, rest: input.subarray(offset) }
}

function parseHead(head: string): Omit<RtspMessage, 'body'> {
  const [startLine = '', ...lines] = head.split('\r\n')
  const kind = /^RTSP\/1\.\d \d{3}\b/.test(startLine)
    ? 'response'
    : /^[A-Z_]+ \S+ RTSP\/1\.\d$/.test(startLine)
      ? 'request'
      : undefined
  if (!kind) throw new WireError('not an RTSP message')
  const headers: Array<[string, string]> = []
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new WireError('bad RTSP header line')
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
  }
  return { kind, startLine, headers }
}

/** The first value of a header, by case-insensitive name. */
export function header(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1]
}

export function headerValues(headers: ReadonlyArray<[string, string]>, name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** The message as bytes; Content-Length is written from the body, whatever the headers said. */
export function writeMessage(message: RtspMessage): Buffer {
  const headers = message.headers.filter(([n]) => n.toLowerCase() !== 'content-length')
  if (message.body.length > 0) headers.push(['Content-Length', String(message.body.length)])
  const head = [message.startLine, ...headers.map(([n, v]) => `${n}: ${v}`)].join('\r\n') + '\r\n\r\n'
  return Buffer.concat([Buffer.from(head, 'utf8'), message.body])
}

/** A response the relay makes itself (unknown stream, camera unreachable). */
export function relayResponse(status: number, reason: string, cseq: string | undefined): Buffer {
  return writeMessage({
    kind: 'response',
    startLine: `RTSP/1.0 ${status} ${reason}`,
    headers: cseq === undefined ? [] : [['CSeq', cseq]],
    body: Buffer.alloc(0),
  })
}
