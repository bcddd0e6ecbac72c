/** `GET /api/health`: open to load balancers and monitors, no session needed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Health } from '../contracts/api.ts'
import { ErrorReplies } from '../contracts/replies.ts'

export const healthRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, { version }) => {
  const started = Date.now()
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { response: { 200: Health, ...ErrorReplies } } },
    async () => {
      // Touch the database so a broken store shows here, not only at the next real request.
      const { n } = app.db.prepare('SELECT count(*) AS n FROM cameras WHERE removed_at IS NULL').get() as { n: number }
      return { status: 'ok' as const, version, uptimeSeconds: Math.round((Date.now() - started) / 1000), cameras: n }
    },
  )
}
