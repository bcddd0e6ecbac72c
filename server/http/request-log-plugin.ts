/**
 * One log line per request, written when it is answered. Live video is dozens of requests a second per
 * viewer (playlist reloads, parts), so those lines are debug: a terminal at the default level shows the
 * API traffic people cause, not the players' polling.
 */
import fp from 'fastify-plugin'

const MEDIA_PREFIX = '/live/'

export const requestLogPlugin = fp(
  async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      const level = request.url.startsWith(MEDIA_PREFIX) ? 'debug' : 'info'
      // Skips building the line (the request's serialised fields) for the players' polling at the usual levels.
      if (level === 'debug' && request.log.level !== 'debug' && request.log.level !== 'trace') return
      request.log[level]({ req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
    })
  },
  { name: 'request-log' },
)
