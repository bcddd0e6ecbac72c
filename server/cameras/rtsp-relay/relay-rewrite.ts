/**
 * What the relay changes in the RTSP conversation between ffmpeg and a camera, as pure functions.
 * ffmpeg speaks of the relay's URL (`rtsp://127.0.0.1:<port>/<token>/<camera>/<quality>`), the camera of
 * its own: requests get the camera's URL in their request line, responses get the relay's URL wherever
 * the camera names its own (Content-Base, Content-Location, RTP-Info, absolute `a=control:` lines in the
 * SDP), so every URL ffmpeg derives (track controls) comes back through the relay. A URL that does not
 * start with the other side's base is left as it is: a camera that calls itself by another address (its
 * LAN address behind a port forward) is still reached, over this same connection, as ffmpeg would.
 * CSeq is the relay's own towards the camera (it adds requests: the answers to challenges).
 */
import { header, type RtspMessage } from './rtsp-wire.ts'

export interface RelayRoute {
  /** What ffmpeg was given, e.g. `rtsp://127.0.0.1:40123/<token>/cam-1/sub`. */
  relayBase: string
  /** The camera's stream URL, without credentials. */
  cameraBase: string
}

// Headers in which a camera names URLs ffmpeg uses later.
const URL_HEADERS = new Set(['content-base', 'content-location', 'rtp-info', 'location'])

const swapPrefix = (url: string, from: string, to: string): string =>
  url.startsWith(from) ? to + url.slice(from.length) : url

const replaceAll = (text: string, from: string, to: string): string => text.split(from).join(to)

/** The request ffmpeg sent, as the camera must receive it. */
export function requestToCamera(
  request: RtspMessage,
  route: RelayRoute,
  cseq: number,
  authorization: string | undefined,
): RtspMessage {
  const [method = '', url = '', version = ''] = request.startLine.split(' ')
  const headers: Array<[string, string]> = request.headers.filter(([name]) => !/^(cseq|authorization)$/i.test(name))
  headers.unshift(['CSeq', String(cseq)])
  if (authorization !== undefined) headers.push(['Authorization', authorization])
  return {
    kind: 'request',
    startLine: `${method} ${swapPrefix(url, route.relayBase, route.cameraBase)} ${version}`,
    headers,
    body: request.body,
  }
}

/** The request line's URL as the camera sees it (digest answers sign it). */
export function cameraUrlOf(request: RtspMessage): string {
  return request.startLine.split(' ')[1] ?? ''
}

/**
 * The camera's response, as ffmpeg must receive it: the relay's URL for the camera's, ffmpeg's own CSeq,
 * and no WWW-Authenticate (the relay answers challenges; a 401 that reaches ffmpeg is final, so ffmpeg
 * reports it instead of retrying without a password).
 */
export function responseToClient(
  response: RtspMessage,
  route: RelayRoute,
  clientCseq: string | undefined,
): RtspMessage {
  const headers: Array<[string, string]> = []
  if (clientCseq !== undefined) headers.push(['CSeq', clientCseq])
  for (const [name, value] of response.headers) {
    const lower = name.toLowerCase()
    if (lower === 'cseq' || lower === 'www-authenticate') continue
    headers.push([name, URL_HEADERS.has(lower) ? replaceAll(value, route.cameraBase, route.relayBase) : value])
  }
  return { kind: 'response', startLine: response.startLine, headers, body: sdpToClient(response, route) }
}

/** An SDP body with the camera's URL replaced (absolute `a=control:` lines); other bodies as they are. */
function sdpToClient(response: RtspMessage, route: RelayRoute): Buffer {
  if (!/application\/sdp/i.test(header(response.headers, 'content-type') ?? '')) return response.body
  const sdp = response.body.toString('utf8')
  return sdp.includes(route.cameraBase)
    ? Buffer.from(replaceAll(sdp, route.cameraBase, route.relayBase), 'utf8')
    : response.body
}

/** A request the camera sends to ffmpeg (rare: ANNOUNCE, SET_PARAMETER): its URL as ffmpeg knows it. */
export function cameraRequestToClient(request: RtspMessage, route: RelayRoute): RtspMessage {
  const [method = '', url = '', version = ''] = request.startLine.split(' ')
  return { ...request, startLine: `${method} ${swapPrefix(url, route.cameraBase, route.relayBase)} ${version}` }
}
