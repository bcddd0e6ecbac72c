/**
 * The slice of a pino logger this code needs, so callers pass pino itself and tests pass a recorder.
 * Never put a password or a URL with credentials into a log object.
 */
export interface Logger {
  /** Per-item detail (each camera resolved, each media request): off in a normal terminal. */
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
