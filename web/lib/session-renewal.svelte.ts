/**
 * Signing in again without leaving the screen. When a call answers 401 because the session ended (expired,
 * ended elsewhere), the call waits here instead of failing, the sign-in dialog opens over the screen, and
 * every waiting call is sent again once the same user has signed in: a flag being written or a dispatch
 * form keeps its content, and the flag keeps its Idempotency-Key, so it is created once. The wall is a
 * device session with nobody to type a password: it is not renewed here.
 */
import type { SessionUser } from '../../server/contracts/api.ts'
import type { SessionGuard } from './api-client.ts'
import { realtime } from './realtime.ts'
import { session } from './session.svelte.ts'
import { afterSignInAgain } from './session-renewal.ts'

class SessionRenewal implements SessionGuard {
  /** Who must sign in again; the dialog is open while this is set. */
  user = $state<SessionUser | null>(null)
  renewals = 0
  #waiting: Array<(renewed: boolean) => void> = []

  get open(): boolean {
    return this.user !== null
  }

  sessionLost(): Promise<boolean> | null {
    const current = this.user ?? session.user
    if (current === null || current.role === 'wall') return null
    this.user = current
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  /** A tile's playlist answered 401: resolves when it may load again (null: retry as usual). */
  whenRenewed(): Promise<void> | null {
    return this.sessionLost()?.then(() => undefined) ?? null
  }

  /** The dialog's sign-in succeeded as `now`. */
  signedIn(now: SessionUser): void {
    const before = this.user
    if (before === null) return
    const outcome = afterSignInAgain(before, now)
    if (outcome.kind === 'reload') {
      // A full load, so nothing of the previous user's screen or waiting calls survives.
      location.assign(outcome.to)
      return
    }
    this.renewals += 1
    session.signedIn(now)
    this.user = null
    this.#settle(true)
    // The socket was refused while signed out and may be deep in its back-off: try now, with the new cookie.
    realtime.retryNow()
  }

  /** The user chose to leave for the sign-in page: waiting calls fail and the session ends. */
  giveUp(): void {
    this.user = null
    this.#settle(false)
    session.end()
  }

  #settle(renewed: boolean): void {
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve(renewed)
  }
}

export const sessionRenewal = new SessionRenewal()
