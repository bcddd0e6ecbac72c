/**
 * ffmpeg's stderr, read for the few failures an operator can act on, each with its catalog code (the web
 * translates the code; the message is for logs and API users). Pure: a table test keeps the patterns
 * honest against the messages ffmpeg 5.1 really prints.
 */
import type { CodedProblem } from '../http/http-errors.ts'

export const AUTH_FAILED: CodedProblem = {
  code: 'camera.auth-failed',
  params: {},
  message: 'the camera refused the username or password',
}

const PATTERNS: [RegExp, CodedProblem][] = [
  [/401 Unauthorized|Authorization failed|authentication failed/i, AUTH_FAILED],
  [
    /404 Not Found|Stream not found|Invalid data found when processing input.*rtsp/i,
    // The camera answers but has no video at that address: its video service, not the network.
    { code: 'camera.offline', params: {}, message: 'the camera has no such stream (404)' },
  ],
  [/Connection refused/i, { code: 'camera.unreachable', params: {}, message: 'the camera refused the connection' }],
  [
    /Connection timed out|timed out|Operation timed out/i,
    { code: 'camera.unreachable', params: {}, message: 'the camera did not answer in time' },
  ],
  [
    /No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i,
    { code: 'camera.unreachable', params: {}, message: 'the camera cannot be reached on the network' },
  ],
  [
    /Connection reset by peer|End of file|Broken pipe/i,
    { code: 'camera.closed-connection', params: {}, message: 'the camera closed the connection' },
  ],
]

/** ffmpeg could not learn the picture size without probing: the camera's SDP lacks the parameter sets. */
export function needsFullProbe(line: string): boolean {
  return /Could not find codec parameters|dimensions not set|unspecified size/i.test(line)
}

/** The failure with its code and English message, or undefined when the line is not one of the known ones. */
export function explainFfmpegError(line: string): CodedProblem | undefined {
  for (const [pattern, problem] of PATTERNS) if (pattern.test(line)) return problem
  return undefined
}
