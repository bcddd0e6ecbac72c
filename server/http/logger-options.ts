/** The server's pino options: JSON for collectors, or pino-pretty's short lines for a person at a terminal. */
import type { ServerSettings } from '../config/server-settings.ts'
import { redactingSerializers } from './log-redaction.ts'

export function loggerOptions(settings: Pick<ServerSettings, 'logLevel' | 'logFormat'>) {
  return {
    level: settings.logLevel,
    serializers: redactingSerializers,
    ...(settings.logFormat === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId', singleLine: true },
          },
        }
      : {}),
  }
}
