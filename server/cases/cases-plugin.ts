/**
 * The shared case workflow: the outbox feeding the district case system (Open311 out, with status coming
 * back), the console's own Open311 endpoint for the grid app and the service window, and their admin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { ServerSettings } from '../config/server-settings.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { CaseFeedStatus, Open311ClientCreated, Open311ClientList, OutboxRetried } from '../contracts/cases.ts'
import { ErrorReplies, NoContent } from '../contracts/replies.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../http/http-errors.ts'
import { CaseFeedWorker } from './case-feed-worker.ts'
import { CaseOutbox, DEFAULT_BACKOFF } from './case-outbox.ts'
import { CaseUpdatesPoller } from './case-updates-poller.ts'
import { DEFAULT_TIMEOUT_MS, GeoReportClient } from './georeport-client.ts'
import { Open311Clients } from './open311/open311-clients.ts'
import { open311Routes } from './open311/open311-routes.ts'

export interface CasesOptions {
  config: CameraConfig
  settings: ServerSettings
  now?: () => number
  /** Tests drive the worker and poller themselves. */
  autoStart?: boolean
}

const adminRoutes: FastifyPluginAsyncTypebox<{
  clients: Open311Clients
  outbox: CaseOutbox | null
  worker: CaseFeedWorker | null
  feedUrl: string | null
}> = async (app, { clients, outbox, worker, feedUrl }) => {
  const statusSchema = { response: { 200: CaseFeedStatus, ...ErrorReplies } }
  app.get('/api/case-feed/status', { config: { access: ['supervisor', 'admin'] }, schema: statusSchema }, async () => {
    if (!outbox) return { enabled: false as const }
    const status = outbox.status()
    return {
      enabled: true as const,
      url: feedUrl,
      queueLength: status.pending,
      oldestPendingAt: status.oldestPendingAt,
      delivered: status.delivered,
      failing: status.failuresPending,
      lastSuccessAt: worker?.lastSuccessAt ? new Date(worker.lastSuccessAt).toISOString() : status.lastDeliveredAt,
      parked: status.parked.map((p) => ({
        id: p.id,
        incidentId: p.incident_id,
        incident: app.incidentStore.get(p.incident_id)?.code ?? null,
        kind: p.kind,
        stage: p.stage,
        attempts: p.attempts,
        lastError: p.last_error,
        createdAt: p.created_at,
      })),
    }
  })
  app.post(
    '/api/case-feed/outbox/:id/retry',
    {
      config: { access: ['supervisor', 'admin'] },
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: OutboxRetried, ...ErrorReplies },
      },
    },
    async (request) => {
      if (!outbox) throw new ConflictError('case-feed.off', {}, 'the case feed is off')
      if (!outbox.retry(request.params.id))
        throw new NotFoundError(
          'case-feed.outbox-item-unknown',
          { id: request.params.id },
          `no parked outbox item ${request.params.id}`,
        )
      return { retried: request.params.id }
    },
  )
  app.get(
    '/api/open311/clients',
    { config: { access: ['admin'] }, schema: { response: { 200: Open311ClientList, ...ErrorReplies } } },
    async () => ({ clients: clients.list() }),
  )
  app.post(
    '/api/open311/clients',
    {
      config: { access: ['admin'] },
      schema: {
        body: Type.Object({ name: Type.String({ maxLength: 41 }) }, { additionalProperties: false }),
        response: { 201: Open311ClientCreated, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      try {
        return reply.status(201).send({ name: request.body.name, apiKey: clients.add(request.body.name) })
      } catch (error) {
        const problem = (error as Error).message
        throw new BadRequestError('open311-client.invalid', { problem }, problem)
      }
    },
  )
  app.delete(
    '/api/open311/clients/:name',
    {
      config: { access: ['admin'] },
      schema: {
        params: Type.Object({ name: Type.String({ maxLength: 41 }) }),
        response: { 204: NoContent, ...ErrorReplies },
      },
    },
    async (request, reply) => {
      if (!clients.revoke(request.params.name))
        throw new NotFoundError(
          'open311-client.unknown',
          { name: request.params.name },
          `no active client "${request.params.name}"`,
        )
      return reply.status(204).send(null)
    },
  )
}

declare module 'fastify' {
  interface FastifyInstance {
    caseFeed: { worker: CaseFeedWorker; poller: CaseUpdatesPoller; outbox: CaseOutbox } | null
  }
}

export const casesPlugin = fp<CasesOptions>(
  async (app, { config, settings, now = Date.now, autoStart = true }) => {
    const clients = new Open311Clients(app.db)
    await app.register(open311Routes, {
      prefix: '/open311/v2',
      config,
      clients,
      service: app.incidents,
      repo: app.incidentStore,
      idempotency: app.idempotencyKeys,
      jurisdictionId: settings.open311Jurisdiction,
    })

    const feed = config.caseFeed
    if (!feed?.enabled) {
      app.decorate('caseFeed', null)
      await app.register(adminRoutes, { clients, outbox: null, worker: null, feedUrl: null })
      return
    }
    const baseUrl = (settings.caseFeedUrl ?? feed.baseUrl).replace(/\/$/, '')
    const apiKey = settings.caseFeedApiKey ?? feed.apiKey ?? process.env[feed.apiKeyEnv ?? ''] ?? ''
    const client = new GeoReportClient(
      baseUrl,
      apiKey,
      feed.jurisdictionId,
      feed.timeoutSeconds ? feed.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS,
    )
    const outbox = new CaseOutbox(app.db, now)
    app.incidentStore.onWrite(outbox.queue)
    const policy = { ...DEFAULT_BACKOFF, ...(feed.maxAttempts ? { maxAttempts: feed.maxAttempts } : {}) }
    const worker = new CaseFeedWorker({
      db: app.db,
      outbox,
      client,
      incidents: app.incidentStore,
      settings: feed,
      categories: config.eventCategories,
      policy,
      logger: app.log,
      now,
    })
    const poller = new CaseUpdatesPoller(app.db, client, app.incidentStore, () => app.incidents, feed, app.log, now)
    app.decorate('caseFeed', { worker, poller, outbox })
    await app.register(adminRoutes, { clients, outbox, worker, feedUrl: baseUrl })
    if (autoStart) {
      app.addHook('onReady', async () => {
        worker.start()
        poller.start()
      })
    }
    app.addHook('preClose', async () => {
      await worker.stop()
      await poller.stop()
    })
  },
  { name: 'cases', dependencies: ['db', 'auth', 'incidents'] },
)
