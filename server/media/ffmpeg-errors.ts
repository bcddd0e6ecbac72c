/**
 * ffmpeg's stderr, read for the few failures an operator can act on. Pure: a table test keeps the
 * patterns honest against the messages ffmpeg 5.1 really prints.
 */
import type { FailureKind } from '../cameras/camera-failure.ts'

export const AUTH_FAILED = 'the camera refused the username or password'

/** Each known failure with its camera health kind (cameras/camera-failure.ts), so streams and checks agree. */
const PATTERNS: [RegExp, string, FailureKind][] = [
  [/401 Unauthorized|Authorization failed|authentication failed/i, AUTH_FAILED, 'auth-failed'],
  [
    /404 Not Found|Stream not found|Invalid data found when processing input.*rtsp/i,
    'the camera has no such stream (404)',
    'offline',
  ],
  [/Connection refused/i, 'the camera refused the connection', 'unreachable'],
  [/Connection timed out|timed out|Operation timed out/i, 'the camera did not answer in time', 'unreachable'],
  [
    /No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i,
    'the camera cannot be reached on the network',
    'unreachable',
  ],
  [/Connection reset by peer|End of file|Broken pipe/i, 'the camera closed the connection', 'unreachable'],
]

/** ffmpeg could not learn the picture size without probing: the camera's SDP lacks the parameter sets. */
export function needsFullProbe(line: string): boolean {
  return /Could not find codec parameters|dimensions not set|unspecified size/i.test(line)
}

/** A message for people, or undefined when the line is not one of the known failures. */
export function explainFfmpegError(line: string): string | undefined {
  return explainFfmpegFailure(line)?.message
}

/** The message and the camera health kind of a known failure; undefined for any other line. */
export function explainFfmpegFailure(line: string): { message: string; kind: FailureKind } | undefined {
  for (const [pattern, message, kind] of PATTERNS) if (pattern.test(line)) return { message, kind }
  return undefined
}
