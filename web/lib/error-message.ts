/** Pure part of the error funnel: what to tell the user about a failed call. handle-error.ts acts on it. */
import { ApiError } from './api-client.ts'
import type { MessageKey } from './i18n/translate.ts'

export interface ErrorReport {
  message: string
  /** A 401 outside a sign-in attempt: the session cookie expired or was revoked. */
  sessionEnded: boolean
}

export interface DescribeOptions {
  /** The call was a sign-in: a 401 then means wrong credentials, not an ended session. */
  credentialAttempt?: boolean
}

export function describeError(
  error: unknown,
  fallback: MessageKey,
  translate: (key: MessageKey) => string,
  options: DescribeOptions = {},
): ErrorReport {
  if (error instanceof ApiError) {
    if (error.status === 401 && !options.credentialAttempt) {
      return { message: translate('errors.sessionEnded'), sessionEnded: true }
    }
    return { message: error.serverMessage ?? translate(fallback), sessionEnded: false }
  }
  // fetch rejects with a TypeError only when no HTTP answer arrived at all.
  if (error instanceof TypeError) return { message: translate('errors.network'), sessionEnded: false }
  return { message: translate(fallback), sessionEnded: false }
}
