/**
 * The one writer of the server's stdout: its log lines and its banner. A monitoring room runs the server
 * behind a log collector that can stall or die, and neither may freeze the server, keep it from stopping or
 * grow its memory:
 * - each write is one non-blocking attempt on the main thread (sonic-boom in sync mode, EAGAIN retries
 *   off: sonic-boom retries a full pipe by sleeping the thread 100 ms at a time, without end);
 * - lines a stalled reader has not taken wait, up to MAX_UNREAD_BYTES, for the next write; later lines are
 *   dropped and counted, and the count is logged once the reader takes lines again. A line dropped also
 *   tries to write the held ones: sonic-boom writes only when it accepts a line, so held lines that leave
 *   less room than any new line would otherwise wait for ever, the reader long back;
 * - nothing runs at exit: pino's exit flush of an async destination is sonic-boom's flushSync, which
 *   sleeps and retries a full or broken pipe for ever. Lines still unread at exit are lost.
 */
import pino from 'pino'
import { prettyFactory } from 'pino-pretty'

/** About five thousand request lines: what a collector may fall behind by before lines are dropped. */
export const MAX_UNREAD_BYTES = 1024 * 1024

type Destination = ReturnType<typeof pino.destination>
type DropReporter = (droppedLines: number) => void

let destination: Destination | undefined
let droppedLines = 0
let reportDrops: DropReporter | undefined

function stdoutDestination(): Destination {
  if (destination) return destination
  // Opening process.stdout makes a pipe or socket on fd 1 non-blocking (libuv does on open), so a full pipe
  // answers EAGAIN instead of blocking the thread that writes to it.
  void process.stdout
  destination = pino.destination({ dest: 1, sync: true, maxLength: MAX_UNREAD_BYTES, retryEAGAIN: () => false })
  const held = destination
  held.on('drop', () => {
    droppedLines++
    try {
      // One non-blocking attempt per held chunk (EAGAIN throws instead of sleeping): all taken, or still stalled.
      held.flushSync()
    } catch {
      return
    }
    reportDropped()
  })
  held.on('write', reportDropped)
  // EAGAIN (a full pipe): the unread lines wait for the next write. EPIPE (the reader is gone): pino's own
  // listener turns writing off. Anything else: losing a log line must not stop the server.
  destination.on('error', () => {})
  return destination
}

function reportDropped(): void {
  if (droppedLines === 0 || !reportDrops) return
  const count = droppedLines
  droppedLines = 0
  // Logged after this write returns: the line goes through the logger, which writes here again.
  setImmediate(reportDrops, count)
}

/** Writes text (a banner, a log line) to stdout without ever blocking. */
export function writeStdout(text: string): boolean {
  return stdoutDestination().write(text)
}

/** The stream for pino: JSON lines as they are, or pino-pretty's short lines for a person at a terminal. */
export function stdoutLogStream(format: 'pretty' | 'json'): { write(line: string): boolean } {
  if (format === 'json') return stdoutDestination()
  // pino-pretty in the main thread rather than as a transport: the transport's worker writes through its
  // own sonic-boom, whose EAGAIN sleep and unbounded buffer cannot be configured across the thread.
  const pretty = prettyFactory({ translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true })
  return { write: (line) => writeStdout(pretty(line)) }
}

/** Where the count of dropped lines goes once the reader takes lines again (the server's logger). */
export function reportDroppedLinesTo(report: DropReporter): void {
  reportDrops = report
}
