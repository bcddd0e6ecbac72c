/**
 * node-media-server's signed URLs: `?sign=<exp>-<md5(path-exp-secret)>`. The ingest requires them for
 * playing, so only this server (which knows the secret) can read what cameras push.
 */
import { createHash } from 'node:crypto'

export function signStreamPath(path: string, secret: string, expiresAtSeconds: number): string {
  const hash = createHash('md5').update(`${path}-${expiresAtSeconds}-${secret}`).digest('hex')
  return `${expiresAtSeconds}-${hash}`
}

/** A play URL valid for a day: ffmpeg reconnects with a fresh one whenever it restarts. */
export function signedPlayUrl(port: number, streamKey: string, secret: string, now = Date.now()): string {
  const path = `/live/${streamKey}`
  const expires = Math.floor(now / 1000) + 86_400
  return `rtmp://127.0.0.1:${port}${path}?sign=${signStreamPath(path, secret, expires)}`
}
