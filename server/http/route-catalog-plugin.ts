/**
 * Every route the server has, as data: method, URL, schemas and access. Registered first, so it sees every
 * route registered after it; the rights matrix and the fuzz test walk this list, so a new route is covered
 * the day it is added.
 */
import type { FastifySchema, HTTPMethods } from 'fastify'
import fp from 'fastify-plugin'
import type { Access } from '../auth/auth-plugin.ts'

export interface RouteInfo {
  method: HTTPMethods
  url: string
  schema: FastifySchema | undefined
  access: Access
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
          schema: route.schema,
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
