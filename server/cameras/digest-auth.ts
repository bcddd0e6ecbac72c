/**
 * The client side of HTTP/RTSP authentication (RFC 7616 Digest with MD5 or SHA-256, qop=auth or none; and
 * Basic), as cameras ask for it in WWW-Authenticate. Pure: a challenge and credentials in, an
 * Authorization header out.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { CameraCredentials } from './camera-credentials.ts'

export interface Challenge {
  scheme: 'digest' | 'basic'
  params: Record<string, string>
}

/** The challenges of one or more WWW-Authenticate values; Digest first (we prefer it), then Basic. */
export function parseChallenges(headers: readonly string[]): Challenge[] {
  const found: Challenge[] = []
  for (const header of headers) {
    // Several challenges may share one header line: split before each scheme name.
    for (const part of header.split(/,?\s*(?=\b(?:Digest|Basic)\s)/i)) {
      const match = /^\s*(Digest|Basic)\s+(.*)$/is.exec(part)
      if (!match) continue
      const params: Record<string, string> = {}
      for (const m of (match[2] ?? '').matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? ''
      }
      found.push({ scheme: match[1]!.toLowerCase() === 'digest' ? 'digest' : 'basic', params })
    }
  }
  const usable = found.filter((c) => c.scheme === 'basic' || /^(md5|sha-256)?$/i.test(c.params['algorithm'] ?? ''))
  return usable.sort((a, b) => rank(a) - rank(b))
}

const rank = (c: Challenge): number => (c.scheme === 'basic' ? 2 : /sha-256/i.test(c.params['algorithm'] ?? '') ? 0 : 1)

const hash = (algorithm: string, text: string): string =>
  createHash(/sha-256/i.test(algorithm) ? 'sha256' : 'md5')
    .update(text)
    .digest('hex')

export interface DigestRequest {
  method: string
  uri: string
  nc?: number
  cnonce?: string
}

export function authorization(challenge: Challenge, credentials: CameraCredentials, request: DigestRequest): string {
  const username = credentials.username
  const password = credentials.revealPassword()
  if (challenge.scheme === 'basic') return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  const { realm = '', nonce = '', opaque } = challenge.params
  const algorithm = challenge.params['algorithm'] ?? 'MD5'
  const qop = (challenge.params['qop'] ?? '')
    .split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined
  const ha1 = hash(algorithm, `${username}:${realm}:${password}`)
  const ha2 = hash(algorithm, `${request.method}:${request.uri}`)
  const nc = (request.nc ?? 1).toString(16).padStart(8, '0')
  const cnonce = request.cnonce ?? randomBytes(8).toString('hex')
  const response = qop
    ? hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : hash(algorithm, `${ha1}:${nonce}:${ha2}`)
  const quote = (value: string): string => `"${value.replace(/(["\\])/g, '\\$1')}"`
  const fields = [
    `username=${quote(username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(request.uri)}`,
    `response=${quote(response)}`,
    `algorithm=${algorithm}`,
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`] : []),
    ...(opaque !== undefined ? [`opaque=${quote(opaque)}`] : []),
  ]
  return `Digest ${fields.join(', ')}`
}
