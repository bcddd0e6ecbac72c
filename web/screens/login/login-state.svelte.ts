/** The sign-in form. On success the session changes and the router leaves /login by itself. */
import { api } from '../../lib/api-client.ts'
import { handleError } from '../../lib/handle-error.ts'
import { t } from '../../lib/i18n/i18n.svelte.ts'
import { session } from '../../lib/session.svelte.ts'

export class LoginState {
  username = $state('')
  password = $state('')
  pending = $state(false)
  /** The server's message (wrong credentials, too many attempts) or a localized fallback. */
  error = $state<string | null>(null)

  /** Resolves true when signed in; on failure the error is set and the password cleared for a retry. */
  async submit(): Promise<boolean> {
    if (this.pending) return false
    const username = this.username.trim()
    if (username === '' || this.password === '') {
      this.error = t('login.missingFields')
      return false
    }
    this.pending = true
    this.error = null
    try {
      const { user } = await api.login({ username, password: this.password })
      this.password = ''
      session.signedIn(user)
      return true
    } catch (error) {
      this.error = handleError(error, 'login.failed', { inline: true, credentialAttempt: true })
      this.password = ''
      return false
    } finally {
      this.pending = false
    }
  }

  reset(): void {
    this.username = ''
    this.password = ''
    this.pending = false
    this.error = null
  }
}

export const loginState = new LoginState()
