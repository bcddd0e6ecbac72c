/**
 * Request logging that cannot leak a secret: only method, path (no query: it may carry tokens) and the
 * client address are logged, and anything shaped like a URL with credentials is masked.
 */
import type { FastifyRequest } from 'fastify'

const CREDENTIALS_IN_URL = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*:[^/@\s]*@/gi

/** `rtsp://admin:secret@10.0.0.5/x` -> `rtsp://***@10.0.0.5/x`, anywhere in a string. */
export function maskUrlCredentials(text: string): string {
  return text.replace(CREDENTIALS_IN_URL, '$1***@')
}

export const redactingSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, path: maskUrlCredentials(request.url.split('?')[0] ?? ''), remote: request.ip }
  },
}
