/**
 * Serves the built web app (dist/web) at `/`. Screens are client-side routes (/, /login, /console, /wall,
 * ...), so a GET for a page that is not a file answers index.html, with or without a session; API paths
 * answer JSON 404s. A path is a file when its last segment has an extension (the build has no other files).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import type { ErrorBody } from '../contracts/errors.ts'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'

const API_PREFIXES = ['/api/', '/live/', '/socket.io/', '/open311/']
const WebFile = mediaReply(
  'a file of the built web app (scripts, styles, images, the manifest)',
  'text/javascript',
  'text/css',
  'image/*',
  'application/manifest+json',
)
const hasExtension = (path: string): boolean => /\.[a-z0-9]+$/i.test(path)

export const webPlugin = fp<{ webDir: string }>(
  async (app, { webDir }) => {
    const indexFile = join(webDir, 'index.html')
    const built = existsSync(indexFile)
    if (!built) app.log.warn({ webDir }, 'web app not built: run `npm run build`; serving the API only')

    if (built) {
      // The login page and its assets load before anyone has a session (public in rights.ts: GET /*).
      await app.register(async (scope) => {
        // The static plugin's route declares no replies of its own; the route catalog lists these.
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, response: { 200: WebFile, ...ErrorReplies } }
        })
        await scope.register(fastifyStatic, {
          root: webDir,
          prefix: '/',
          wildcard: true,
          decorateReply: false,
          index: false,
          // Only files: a page path (`/`, `/wall`) falls through to index.html below. Without this, `/` is
          // the web directory itself, which the static handler refuses with a JSON 403.
          allowedPath: (path) => hasExtension(path),
          // Hashed asset names never change; index.html must always be fresh.
          setHeaders: (res, path) =>
            res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
        })
      })
    }

    // Read per request: a rebuilt web app is served without a restart, and the file is small.
    const indexHtml = (): string => readFileSync(indexFile, 'utf8')
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/'
      const isPage =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !API_PREFIXES.some((p) => path.startsWith(p)) &&
        !hasExtension(path)
      if (isPage && built)
        return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml())
      const body: Pick<ErrorBody, 'code' | 'params' | 'message'> = isPage
        ? { code: 'web.not-built', params: {}, message: 'the web app is not built: run `npm run build`' }
        : {
            code: 'route.not-found',
            params: { method: request.method, path },
            message: `no route ${request.method} ${path}`,
          }
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', ...body })
    })
  },
  { name: 'web', dependencies: ['auth'] },
)
