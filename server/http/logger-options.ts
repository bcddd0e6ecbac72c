/** The server's pino options: JSON for collectors, or pino-pretty's short lines for a person at a terminal. */
import type { ServerSettings } from '../config/server-settings.ts'
import { redactingSerializers } from './log-redaction.ts'
import { stdoutLogStream } from './stdout-log.ts'

export function loggerOptions(settings: Pick<ServerSettings, 'logLevel' | 'logFormat'>) {
  return {
    level: settings.logLevel,
    serializers: redactingSerializers,
    // Never blocks on a stalled or vanished log reader: see stdout-log.ts.
    stream: stdoutLogStream(settings.logFormat),
  }
}
