/**
 * ffmpeg's stderr, read for the few failures an operator can act on. Pure: a table test keeps the
 * patterns honest against the messages ffmpeg 5.1 really prints.
 */
export const AUTH_FAILED = 'the camera refused the username or password'

const PATTERNS: [RegExp, string][] = [
  [/401 Unauthorized|Authorization failed|authentication failed/i, AUTH_FAILED],
  [
    /404 Not Found|Stream not found|Invalid data found when processing input.*rtsp/i,
    'the camera has no such stream (404)',
  ],
  [/Connection refused/i, 'the camera refused the connection'],
  [/Connection timed out|timed out|Operation timed out/i, 'the camera did not answer in time'],
  [
    /No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i,
    'the camera cannot be reached on the network',
  ],
  [/Connection reset by peer|End of file|Broken pipe/i, 'the camera closed the connection'],
]

/** ffmpeg could not learn the picture size without probing: the camera's SDP lacks the parameter sets. */
export function needsFullProbe(line: string): boolean {
  return /Could not find codec parameters|dimensions not set|unspecified size/i.test(line)
}

/** A message for people, or undefined when the line is not one of the known failures. */
export function explainFfmpegError(line: string): string | undefined {
  for (const [pattern, message] of PATTERNS) if (pattern.test(line)) return message
  return undefined
}
