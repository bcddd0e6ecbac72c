/**
 * Every route the server has, as data: method, URL, schemas, access and what it answers. Registered first,
 * so it sees every route registered after it; the rights matrix, the fuzz test and the reply contract test
 * walk this list, so a new route is covered the day it is added.
 *
 * What a route answers is its schema's `response`, per status (`200`, `4xx`, ...): a JSON schema from
 * server/contracts/, or, for a body that is not JSON (playlists, video, JPEG, CSV, HTML, Open311
 * documents), fastify's per-content-type form `{ content: { 'text/csv': { schema } } }` built by
 * `mediaReply` (contracts/replies.ts). `replies` reads it back: 'json' or the content types.
 */
import type { FastifySchema, HTTPMethods } from 'fastify'
import fp from 'fastify-plugin'
import type { Access } from '../auth/auth-plugin.ts'
import { isMediaReply } from '../contracts/replies.ts'

export interface RouteInfo {
  method: HTTPMethods
  url: string
  schema: FastifySchema | undefined
  access: Access
  /** Per declared status: 'json', or the content types of a text or binary body. */
  replies: Record<string, 'json' | string[]>
}

export function repliesOf(schema: FastifySchema | undefined): Record<string, 'json' | string[]> {
  const response = (schema?.response ?? {}) as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(response).map(([status, reply]) => [
      status,
      isMediaReply(reply) ? Object.keys(reply.content) : 'json',
    ]),
  )
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: readonly RouteInfo[]
  }
}

export const routeCatalogPlugin = fp(
  async (app) => {
    const routes: RouteInfo[] = []
    app.decorate('routeCatalog', routes)
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        // HEAD routes are fastify's automatic twins of GET routes.
        if (method === 'HEAD') continue
        routes.push({
          method,
          url: route.url,
          // Read when asked, like access: a scope's own onRoute hook may add the schema (web-plugin.ts).
          get schema() {
            return route.schema
          },
          get replies() {
            return repliesOf(route.schema)
          },
          // Read when asked: the access layer's onRoute hook (auth-plugin.ts, from rights.ts) sets it after this one.
          get access() {
            return (route.config as { access?: Access } | undefined)?.access ?? 'session'
          },
        })
      }
    })
  },
  { name: 'route-catalog' },
)
