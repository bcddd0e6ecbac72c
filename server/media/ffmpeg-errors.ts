/**
 * ffmpeg's stderr, read for the few failures an operator can act on, each with its catalog code (the web
 * translates the code; the message is for logs and API users). Pure: a table test keeps the patterns
 * honest against the messages ffmpeg 5.1 really prints.
 */
import type { FailureKind } from '../cameras/camera-failure.ts'
import type { CodedProblem } from '../http/http-errors.ts'

export const AUTH_FAILED: CodedProblem = {
  code: 'camera.auth-failed',
  params: {},
  message: 'the camera refused the username or password',
}

const unreachable = (message: string): CodedProblem => ({ code: 'camera.unreachable', params: {}, message })

/** Each known failure with its camera health kind (cameras/camera-failure.ts), so streams and checks agree. */
const PATTERNS: [RegExp, CodedProblem, FailureKind][] = [
  [/401 Unauthorized|Authorization failed|authentication failed/i, AUTH_FAILED, 'auth-failed'],
  [
    /404 Not Found|Stream not found|Invalid data found when processing input.*rtsp/i,
    // The camera answers but has no video at that address: its video service, not the network.
    { code: 'camera.offline', params: {}, message: 'the camera has no such stream (404)' },
    'offline',
  ],
  [/Connection refused/i, unreachable('the camera refused the connection'), 'unreachable'],
  [
    /Connection timed out|timed out|Operation timed out/i,
    unreachable('the camera did not answer in time'),
    'unreachable',
  ],
  [
    /No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i,
    unreachable('the camera cannot be reached on the network'),
    'unreachable',
  ],
  [
    /Connection reset by peer|End of file|Broken pipe/i,
    { code: 'camera.closed-connection', params: {}, message: 'the camera closed the connection' },
    'unreachable',
  ],
]

/** ffmpeg could not learn the picture size without probing: the camera's SDP lacks the parameter sets. */
export function needsFullProbe(line: string): boolean {
  return /Could not find codec parameters|dimensions not set|unspecified size/i.test(line)
}

/** The failure with its code and English message, or undefined when the line is not one of the known ones. */
export function explainFfmpegError(line: string): CodedProblem | undefined {
  return explainFfmpegFailure(line)?.problem
}

/** The failure and the camera health kind of a known failure; undefined for any other line. */
export function explainFfmpegFailure(line: string): { problem: CodedProblem; kind: FailureKind } | undefined {
  for (const [pattern, problem, kind] of PATTERNS) if (pattern.test(line)) return { problem, kind }
  return undefined
}
