/**
 * A camera's user name and password, held so they cannot leak by accident: the password is a private
 * field, JSON and util.inspect show a redacted form, and it is read only where it goes on the wire
 * (`revealPassword()`: an ONVIF token, a digest answer, the RTSP relay's answer to a camera's challenge). Built in one place from the
 * configuration, where `passwordEnv` is resolved.
 */
import { inspect } from 'node:util'
import type { CameraDefinition } from '../contracts/camera-config.ts'

export class CameraCredentials {
  readonly #username: string
  readonly #password: string

  constructor(username: string, password: string) {
    this.#username = username
    this.#password = password
  }

  get username(): string {
    return this.#username
  }

  /** The secret itself: only for the request that sends it, never for a log, a store or a reply. */
  revealPassword(): string {
    return this.#password
  }

  toJSON(): { username: string; password: '***' } {
    return { username: this.#username, password: '***' }
  }

  toString(): string {
    return `CameraCredentials(${this.#username}, ***)`
  }

  [inspect.custom](): string {
    return this.toString()
  }
}

export class MissingPasswordError extends Error {}

/**
 * The credentials of one configured camera, or null when its source names none (an RTSP camera without
 * a user). The configuration loader has checked that a named variable is set; if the environment changed
 * since, this says which variable is missing rather than sending an empty password.
 */
export function credentialsOf(
  camera: CameraDefinition,
  env: Record<string, string | undefined> = process.env,
): CameraCredentials | null {
  const source = camera.source
  // A push camera sends to us with a stream key (the media domain's concern); we never log in to it.
  if (source.type === 'rtmp-push' || !source.username) return null
  if (source.password !== undefined) return new CameraCredentials(source.username, source.password)
  if (source.passwordEnv) {
    const value = env[source.passwordEnv]
    if (value === undefined || value === '')
      throw new MissingPasswordError(
        `camera ${camera.id}: the environment variable ${source.passwordEnv} (its password) is not set`,
      )
    return new CameraCredentials(source.username, value)
  }
  return new CameraCredentials(source.username, '')
}
