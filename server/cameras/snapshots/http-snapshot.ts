/**
 * Fetches a JPEG from a camera's ONVIF snapshot URI, answering the camera's Digest (or Basic) challenge
 * with its credentials. Bounded in time and size; anything that is not a JPEG is refused.
 */
import { formatSeconds } from '../async-tools.ts'
import { CameraFailure, classifyFailure } from '../camera-failure.ts'
import type { CameraCredentials } from '../camera-credentials.ts'
import { authorization, parseChallenges } from '../digest-auth.ts'

const MAX_JPEG_BYTES = 10 * 1024 * 1024

export const isJpeg = (data: Buffer): boolean => data.length > 3 && data[0] === 0xff && data[1] === 0xd8

export async function fetchSnapshot(
  uri: string,
  credentials: CameraCredentials | null,
  timeoutMs: number,
): Promise<Buffer> {
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    let response = await fetch(uri, { signal, redirect: 'error' })
    if (response.status === 401) {
      const challenge = parseChallenges([response.headers.get('www-authenticate') ?? ''])[0]
      await response.body?.cancel()
      if (!credentials)
        throw new CameraFailure('auth-failed', 'snapshot: the camera asks for a password and none is configured')
      if (!challenge)
        throw new CameraFailure('auth-failed', 'snapshot: the camera refused us without a usable challenge')
      const target = new URL(uri)
      const header = authorization(challenge, credentials, { method: 'GET', uri: target.pathname + target.search })
      response = await fetch(uri, { signal, redirect: 'error', headers: { Authorization: header } })
      if (response.status === 401) {
        await response.body?.cancel()
        throw new CameraFailure(
          'auth-failed',
          'snapshot: the camera refused the configured user name or password (401)',
        )
      }
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new CameraFailure('offline', `snapshot: the camera answered HTTP ${response.status}`)
    }
    const length = Number(response.headers.get('content-length') ?? 0)
    if (length > MAX_JPEG_BYTES) {
      await response.body?.cancel()
      throw new CameraFailure('offline', 'snapshot: the picture is too large')
    }
    const data = Buffer.from(await response.arrayBuffer())
    if (!isJpeg(data)) throw new CameraFailure('offline', 'snapshot: the camera sent something that is not a JPEG')
    return data
  } catch (error) {
    if (signal.aborted && !(error instanceof CameraFailure))
      throw new CameraFailure('unreachable', `snapshot: no picture within ${formatSeconds(timeoutMs)}`, true)
    throw classifyFailure(error, 'snapshot')
  }
}
