/** Login, logout and "who am I". Login is rate-limited per client address. */
import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LoginBody, SessionReply } from '../contracts/api.ts'
import { ErrorReplies, NoContent } from '../contracts/replies.ts'
import { TooManyRequestsError, UnauthorizedError } from '../http/http-errors.ts'
import { SESSION_COOKIE } from './auth-plugin.ts'
import { DEFAULT_HASH_N, unmatchableHash, verifyPassword } from './password-hash.ts'

export interface AuthRoutesOptions {
  loginRateLimit: number
  /** scrypt's N for new hashes (PASSWORD_HASH_N): an unknown user's login costs as much as a known one's. */
  passwordHashN?: number
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (
  app,
  { loginRateLimit, passwordHashN = DEFAULT_HASH_N },
) => {
  // Spend the same scrypt time for unknown users as for known ones, so timing does not reveal usernames.
  const dummyHash = unmatchableHash(passwordHashN)
  await app.register(rateLimit, {
    global: false,
    // Thrown by the plugin, so the shared error handler writes the body like every other error's.
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.ceil(context.ttl / 1000)
      return new TooManyRequestsError(
        'auth.rate-limited',
        { seconds },
        `too many login attempts; try again in ${seconds} s`,
      )
    },
  })

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: loginRateLimit, timeWindow: 60_000 } },
      schema: {
        body: LoginBody,
        response: { 200: SessionReply, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body
      const user = app.users.findByUsername(username)
      const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash)
      if (!user || !ok || user.disabledAt) {
        app.authEvents.record('login-failed', {
          username,
          ip: request.ip,
          detail: user?.disabledAt ? 'disabled' : 'bad credentials',
        })
        throw new UnauthorizedError('auth.wrong-credentials', {}, 'wrong username or password')
      }
      const token = app.sessions.create(user.id, { ip: request.ip, userAgent: request.headers['user-agent'] })
      app.authEvents.record('login', { username: user.username, userId: user.id, ip: request.ip })
      reply.setCookie(SESSION_COOKIE, token, app.cookieOptions)
      return { user: { id: user.id, username: user.username, role: user.role, department: user.department } }
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { response: { 204: NoContent, ...ErrorReplies } },
    },
    async (request, reply) => {
      if (request.sessionToken) {
        app.sessions.end(request.sessionToken)
        app.authEvents.record('logout', { username: request.user?.username, userId: request.user?.id, ip: request.ip })
      }
      reply.clearCookie(SESSION_COOKIE, app.cookieOptions)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/api/auth/me',
    {
      schema: { response: { 200: SessionReply, ...ErrorReplies } },
    },
    async (request) => ({ user: request.user! }),
  )
}
