/**
 * Request logging that cannot leak a secret: only method, path (no query: it may carry tokens) and the
 * client address are logged, and anything shaped like a URL with credentials is masked, as is the token
 * of an RTSP relay URL (ffmpeg repeats its input URL in its errors).
 */
import type { FastifyRequest } from 'fastify'

// The scheme is capped at 32 characters: unbounded, every letter of a long path would start a scan to its end
// (an 8 KB path of letters cost ~0.5 s per request, from any client).
const CREDENTIALS_IN_URL = /([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s:]*:[^/@\s]*@/gi

// `rtsp://127.0.0.1:<port>/<token>/...`: the relay's tokens are 32 base64url characters (cameras/rtsp-relay/).
const RELAY_TOKEN_IN_URL = /(rtsp:\/\/127\.0\.0\.1:\d+\/)[A-Za-z0-9_-]{32}(?=\/|\s|$)/g

/**
 * `rtsp://admin:secret@10.0.0.5/x` -> `rtsp://***@10.0.0.5/x`, and
 * `rtsp://127.0.0.1:4100/<token>/cam-1/sub` -> the same with `***` for the token, anywhere in a string.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(CREDENTIALS_IN_URL, '$1***@').replace(RELAY_TOKEN_IN_URL, '$1***')
}

export const redactingSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, path: maskUrlCredentials(request.url.split('?')[0] ?? ''), remote: request.ip }
  },
}
