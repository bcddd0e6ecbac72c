/**
 * The error funnel: every failed call ends here. It shows the server's error code in the user's language
 * (error-message.ts), or a localized fallback when the server gave none, and treats a 401 outside sign-in
 * as the end of the session.
 */
import { describeError } from './error-message.ts'
import { t, type MessageKey } from './i18n/i18n.svelte.ts'
import { notices } from './notices.svelte.ts'
import { session } from './session.svelte.ts'

export interface HandleErrorOptions {
  /** The caller shows the message itself, next to the form that failed, instead of in the banner. */
  inline?: boolean
  /** The call was a sign-in: a 401 means wrong credentials, not an ended session. */
  credentialAttempt?: boolean
}

/** Returns the message shown, so a form can display it beside its fields. */
export function handleError(error: unknown, fallback: MessageKey, options: HandleErrorOptions = {}): string {
  const report = describeError(error, fallback, t, { credentialAttempt: options.credentialAttempt })
  if (report.sessionEnded) {
    session.end()
    notices.show(report.message, 'info')
    return report.message
  }
  if (!options.inline) notices.show(report.message)
  if (import.meta.env.DEV) console.error(error)
  return report.message
}
