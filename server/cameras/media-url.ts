/**
 * Stream and snapshot URLs with and without credentials. Credentials are percent-encoded (RFC 3986
 * userinfo), so a password holding `@`, `:`, `/`, `%` or `#` reaches ffmpeg intact; ffmpeg decodes them.
 */
import type { CameraCredentials } from './camera-credentials.ts'

/** The URL without any user or password (some cameras put them into the URIs they hand out). */
export function withoutCredentials(url: string): string {
  const parsed = parseUrl(url)
  if (!parsed || (parsed.username === '' && parsed.password === '')) return url
  parsed.username = ''
  parsed.password = ''
  return parsed.toString()
}

/** The URL with `user:pass@`, for the one consumer that needs them inline (ffmpeg). */
export function withCredentials(url: string, credentials: CameraCredentials | null): string {
  const parsed = parseUrl(url)
  if (!parsed || !credentials) return url
  // Setting an already-encoded value: the URL setters leave `%xx` alone, so nothing is encoded twice.
  parsed.username = encodeURIComponent(credentials.username)
  parsed.password = encodeURIComponent(credentials.revealPassword())
  return parsed.toString()
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
