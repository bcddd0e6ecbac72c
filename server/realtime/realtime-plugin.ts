/**
 * socket.io on the server's own port, authenticated by the session cookie. Domains publish through the
 * narrow `RealtimePublisher`, never through socket.io itself, so they stay testable without sockets.
 * A socket lives only as long as its session: an end in this process (logout, disable, password change)
 * disconnects it at once, and a sweep every second catches ends made by another process (the user and
 * wall CLIs) and sessions that expired.
 */
import { isSameSite } from '../http/site-guard-plugin.ts'
import fp from 'fastify-plugin'
import { Server, type Socket } from 'socket.io'
import type { Role, SessionUser } from '../contracts/api.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/realtime-events.ts'
import { SESSION_COOKIE } from '../auth/auth-plugin.ts'
import { repeat } from '../process/timers.ts'
import { LocalEvents } from './local-events.ts'

/** Who receives an event: everyone logged in, or some roles and/or some departments' accounts. */
export type Audience = { everyone: true } | { roles?: readonly Role[]; departments?: readonly string[] }

export interface RealtimePublisher {
  publish<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    audience?: Audience,
  ): void
}

/** A domain's part in a new connection (replaying what the client missed), run before live events flow. */
export type ConnectHook = (socket: AppSocket, auth: Record<string, unknown>) => void

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimePublisher
    /** Every published event, in-process, for domains that react to other domains. */
    localEvents: LocalEvents
    /** Registers a hook run for every new connection, synchronously, right after it joined its rooms. */
    onRealtimeConnect(hook: ConnectHook): void
  }
}

type SocketData = { user: SessionUser; token: string }
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

const roomsFor = (audience: Audience): string[] =>
  'everyone' in audience
    ? ['everyone']
    : [...(audience.roles ?? []).map((r) => `role:${r}`), ...(audience.departments ?? []).map((d) => `department:${d}`)]

/** How often every connected socket's session is looked up again in the store. */
export const SESSION_SWEEP_MS = 1_000

export interface RealtimeOptions {
  /** Origins besides the site's own whose pages may open a socket (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[]
}

export const realtimePlugin = fp<RealtimeOptions>(
  async (app, options) => {
    const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(app.server, {
      path: '/socket.io/',
      serveClient: false,
      // A page of another site could otherwise open a socket with the user's cookie and read every event:
      // the handshake must come from our own origin, as mutating HTTP requests must.
      allowRequest: (request, callback) => {
        const headers = {
          origin: request.headers.origin,
          host: request.headers.host,
          'sec-fetch-site': request.headers['sec-fetch-site'] as string | undefined,
        }
        const allowed = isSameSite(headers, options.allowedOrigins)
        callback(allowed ? null : 'cross-site socket refused', allowed)
      },
    })

    io.use((socket, next) => {
      const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE)
      const userId = token ? app.sessions.resolve(token) : undefined
      const user = userId === undefined ? undefined : app.users.findById(userId)
      if (!user || user.disabledAt) return next(new Error('unauthorized: please log in'))
      socket.data.user = { id: user.id, username: user.username, role: user.role, department: user.department }
      socket.data.token = token!
      next()
    })

    const connectHooks: ConnectHook[] = []
    app.decorate('onRealtimeConnect', (hook: ConnectHook) => {
      connectHooks.push(hook)
    })
    io.on('connection', (socket: AppSocket) => {
      const { user } = socket.data
      // The in-memory adapter joins synchronously, and hooks run in the same tick: nothing published can
      // slip between a replay and the live events that follow it.
      void socket.join([
        'everyone',
        `role:${user.role}`,
        `user:${user.id}`,
        ...(user.department ? [`department:${user.department}`] : []),
      ])
      const auth =
        typeof socket.handshake.auth === 'object' && socket.handshake.auth !== null
          ? (socket.handshake.auth as Record<string, unknown>)
          : {}
      for (const hook of connectHooks) {
        try {
          hook(socket, auth)
        } catch (error) {
          app.log.error({ err: error, user: user.username }, 'realtime connect hook failed')
        }
      }
    })

    const localEvents = new LocalEvents()
    const publisher: RealtimePublisher = {
      publish(event, payload, audience = { everyone: true }) {
        const rooms = roomsFor(audience)
        if (rooms.length > 0) {
          // socket.io types emit through a conditional type that this generic cannot narrow; the signature above is the contract.
          ;(io.to(rooms).emit as (e: string, p: unknown) => void)(event, payload)
        }
        localEvents.emit(event, payload, (error) => app.log.error({ err: error, event }, 'local event listener failed'))
      },
    }
    app.decorate('realtime', publisher)
    app.decorate('localEvents', localEvents)

    const sockets = (): AppSocket[] => [...io.of('/').sockets.values()]
    const offEnd = app.sessions.onEnd((ended) => {
      for (const socket of sockets()) {
        if ('token' in ended ? socket.data.token === ended.token : socket.data.user.id === ended.userId)
          socket.disconnect(true)
      }
    })
    const sweep = repeat(
      () => {
        const live = new Map<string, boolean>()
        for (const socket of sockets()) {
          const { token } = socket.data
          let ok = live.get(token)
          if (ok === undefined) {
            const userId = app.sessions.resolveNow(token)
            const user = userId === undefined ? undefined : app.users.findById(userId)
            ok = user !== undefined && !user.disabledAt
            live.set(token, ok)
          }
          if (!ok) socket.disconnect(true)
        }
      },
      SESSION_SWEEP_MS,
      (error) => app.log.error({ err: error }, 'realtime session sweep failed'),
    )

    // preClose: drop the sockets before fastify stops the HTTP server, or close would wait on them.
    app.addHook('preClose', async () => {
      offEnd()
      sweep()
      io.disconnectSockets(true)
      io.engine.close()
    })
  },
  { name: 'realtime', dependencies: ['auth'] },
)
