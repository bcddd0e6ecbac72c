/**
 * Sessions and access control. Every route takes its access from its row in rights.ts (a route without a
 * row stops the app at registration); an `access` still written beside a route must say the same.
 */
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'
import type { Role, SessionUser } from '../contracts/api.ts'
import { ForbiddenError, UnauthorizedError } from '../http/http-errors.ts'
import { Accounts } from './accounts.ts'
import { AuthEvents } from './auth-events.ts'
import { accessOf, rightOf, sameAccess } from './rights.ts'
import { SessionsRepository, type SessionLimits } from './sessions-repository.ts'
import { UsersRepository } from './users-repository.ts'

export const SESSION_COOKIE = 'se_session'

export type Access = 'public' | 'session' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    user: SessionUser | null
    sessionToken: string | null
  }
  interface FastifyInstance {
    accounts: Accounts
    users: UsersRepository
    sessions: SessionsRepository
    authEvents: AuthEvents
    cookieOptions: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' }
  }
}

export interface AuthOptions {
  departmentIds: ReadonlySet<string>
  secureCookies: boolean
  sessionLimits?: SessionLimits
  /** scrypt's N for new password hashes (PASSWORD_HASH_N). */
  passwordHashN?: number
}

export const authPlugin = fp<AuthOptions>(
  async (app, options) => {
    await app.register(cookie)
    const users = new UsersRepository(app.db)
    const sessions = new SessionsRepository(app.db, options.sessionLimits)
    const authEvents = new AuthEvents(app.db)
    app.decorate('users', users)
    app.decorate('sessions', sessions)
    app.decorate('authEvents', authEvents)
    app.decorate('accounts', new Accounts(users, sessions, authEvents, options.departmentIds, options.passwordHashN))
    // Lax, not Strict: an operator opening a shared deep link from chat must arrive logged in.
    app.decorate('cookieOptions', {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      path: '/',
    } as const)
    app.decorateRequest('user', null)
    app.decorateRequest('sessionToken', null)

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      // HEAD twins answer as their GET does.
      const method = methods.find((m) => m !== 'HEAD') ?? 'GET'
      const access = accessOf(rightOf(method, route.url))
      const written = (route.config as { access?: Access } | undefined)?.access
      if (written !== undefined && !sameAccess(written, access))
        throw new Error(`${method} ${route.url}: its access ${JSON.stringify(written)} differs from rights.ts`)
      route.config = { ...route.config, access }
    })

    app.addHook('onRequest', async (request) => {
      const access: Access = request.routeOptions.config?.access ?? 'session'
      const token = request.cookies[SESSION_COOKIE]
      if (token) {
        const userId = sessions.resolve(token)
        const user = userId === undefined ? undefined : users.findForRequest(userId)
        if (user && !user.disabledAt) {
          request.user = { id: user.id, username: user.username, role: user.role, department: user.department }
          request.sessionToken = token
        }
      }
      // Unknown paths answer 404 (or the web app's index.html) alike, with or without a session.
      if (access === 'public' || request.is404) return
      if (!request.user)
        throw token
          ? new UnauthorizedError('auth.session-ended', {}, 'your session has ended; please log in again')
          : new UnauthorizedError('auth.login-required', {}, 'please log in')
      if (access !== 'session' && !access.includes(request.user.role)) {
        const { role } = request.user
        const needed = access.join(' or ')
        throw new ForbiddenError(
          'auth.forbidden-role',
          { role, needed },
          `this needs the role ${needed}; you are ${role}`,
        )
      }
    })

    const prune = setInterval(() => sessions.pruneExpired(), 3600_000)
    prune.unref()
    app.addHook('onClose', async () => clearInterval(prune))
  },
  { name: 'auth', dependencies: ['db'] },
)
