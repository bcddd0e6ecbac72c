/**
 * socket.io on the server's own port, authenticated by the session cookie. Domains publish through the
 * narrow `RealtimePublisher`, never through socket.io itself, so they stay testable without sockets.
 */
import fp from 'fastify-plugin'
import { Server, type Socket } from 'socket.io'
import type { Role, SessionUser } from '../contracts/api.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/realtime-events.ts'
import { SESSION_COOKIE } from '../auth/auth-plugin.ts'

/** Who receives an event: everyone logged in, some roles, or one department's accounts. */
export type Audience = { everyone: true } | { roles: readonly Role[] } | { department: string }

export interface RealtimePublisher {
  publish<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0], audience?: Audience): void
}

declare module 'fastify' {
  interface FastifyInstance { realtime: RealtimePublisher }
}

type SocketData = { user: SessionUser }
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

const roomsFor = (audience: Audience): string[] =>
  'everyone' in audience ? ['everyone'] : 'roles' in audience ? audience.roles.map((r) => `role:${r}`) : [`department:${audience.department}`]

export const realtimePlugin = fp(async (app) => {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(app.server, {
    path: '/socket.io/',
    serveClient: false,
  })

  io.use((socket, next) => {
    const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE)
    const userId = token ? app.sessions.resolve(token) : undefined
    const user = userId === undefined ? undefined : app.users.findById(userId)
    if (!user || user.disabledAt) return next(new Error('unauthorized: please log in'))
    socket.data.user = { id: user.id, username: user.username, role: user.role, department: user.department }
    next()
  })

  io.on('connection', (socket: AppSocket) => {
    const { user } = socket.data
    void socket.join(['everyone', `role:${user.role}`, `user:${user.id}`, ...(user.department ? [`department:${user.department}`] : [])])
  })

  const publisher: RealtimePublisher = {
    publish(event, payload, audience = { everyone: true }) {
      // socket.io types emit through a conditional type that this generic cannot narrow; the signature above is the contract.
      ;(io.to(roomsFor(audience)).emit as (e: string, p: unknown) => void)(event, payload)
    },
  }
  app.decorate('realtime', publisher)

  // preClose: drop the sockets before fastify stops the HTTP server, or close would wait on them.
  app.addHook('preClose', async () => {
    io.disconnectSockets(true)
    io.engine.close()
  })
}, { name: 'realtime', dependencies: ['auth'] })
