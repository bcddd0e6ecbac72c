/**
 * Stream and snapshot URLs without credentials: for logs, the store and ffmpeg (which reaches cameras that
 * need a password through the RTSP relay, never with `user:pass@` on its command line).
 */

/** The URL without any user or password (some cameras put them into the URIs they hand out). */
export function withoutCredentials(url: string): string {
  const parsed = parseUrl(url)
  if (!parsed || (parsed.username === '' && parsed.password === '')) return url
  parsed.username = ''
  parsed.password = ''
  return parsed.toString()
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
