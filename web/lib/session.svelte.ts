/** Who is signed in. `checked` turns true once the server has answered /api/auth/me. */
import type { SessionUser } from '../../server/contracts/api.ts'
import { api, ApiError } from './api-client.ts'

class Session {
  user = $state<SessionUser | null>(null)
  checked = $state(false)

  /** Asks the server whether the cookie still holds a session. A 401 simply means nobody is signed in. */
  async restore(): Promise<void> {
    try {
      this.user = (await api.me()).user
    } catch (error) {
      this.user = null
      if (!(error instanceof ApiError && error.status === 401)) throw error
    } finally {
      this.checked = true
    }
  }

  signedIn(user: SessionUser): void {
    this.user = user
    this.checked = true
  }

  /** The server said 401 or the user signed out: the router sends the user to /login. */
  end(): void {
    this.user = null
  }

  reset(): void {
    this.user = null
    this.checked = false
  }
}

export const session = new Session()
