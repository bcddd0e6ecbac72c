/**
 * Cross-site defences that do not rest on SameSite cookies alone: a mutating request from a browser must
 * come from the site's own origin (or a configured one), and every answer carries security headers.
 */
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { ForbiddenError } from './http-errors.ts'

export interface SiteGuardOptions {
  /** Origins besides the site's own (the request's Host) that may mutate and open sockets. */
  allowedOrigins: readonly string[]
  /** Who may frame the app; empty: nobody. */
  frameAncestors: readonly string[]
  /** Extra image sources (a map tile server). */
  imageSources?: readonly string[]
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// Open311 clients authenticate with an api key, never a cookie: a cross-site page gains nothing there.
const KEY_AUTHENTICATED = ['/open311/']

/**
 * Whether a browser request comes from a page of ours. A request without Origin and Sec-Fetch-Site is not
 * from a browser page (curl, the grid app's server): cookies are not sent for it by anyone else's page.
 */
export function isSameSite(
  headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string | undefined },
  allowedOrigins: readonly string[],
): boolean {
  const origin = headers.origin
  if (origin === undefined) {
    const fetchSite = headers['sec-fetch-site']
    return fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none'
  }
  if (allowedOrigins.includes(origin)) return true
  // An opaque origin ("null": a sandboxed frame, a file) is never ours, and fails to parse here. The Host
  // header is read with the origin's scheme, so a default port written out (`:80`) still matches.
  try {
    const url = new URL(origin)
    return headers.host !== undefined && url.host === new URL(`${url.protocol}//${headers.host}`).host
  } catch {
    return false
  }
}

export function contentSecurityPolicy(options: SiteGuardOptions): string {
  const ancestors = options.frameAncestors.length > 0 ? options.frameAncestors.join(' ') : "'none'"
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Svelte sets style attributes (grid sizes, colours); no script runs from them.
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...(options.imageSources ?? [])].join(' '),
    // hls.js plays through MediaSource (blob: URLs) and runs its demuxer in a blob: worker.
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    // The web app manifest (home-screen install on the department's phones) and its icons.
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ')
}

export const siteGuardPlugin = fp<SiteGuardOptions>(
  async (app, options) => {
    const csp = contentSecurityPolicy(options)
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (!MUTATING.has(request.method)) return
      if (KEY_AUTHENTICATED.some((prefix) => request.url.startsWith(prefix))) return
      if (!isSameSite(request.headers, options.allowedOrigins)) {
        const origin = request.headers.origin ?? '(none)'
        throw new ForbiddenError(
          'request.cross-site',
          { origin },
          `cross-site request refused: origin ${origin} is not this site`,
        )
      }
    })
    app.addHook('onSend', async (_request, reply) => {
      reply.header('Content-Security-Policy', csp)
      reply.header('X-Content-Type-Options', 'nosniff')
      reply.header('Referrer-Policy', 'same-origin')
      // For browsers that predate frame-ancestors; with a configured list, the CSP alone says who may frame.
      if (options.frameAncestors.length === 0) reply.header('X-Frame-Options', 'DENY')
      reply.header('Cross-Origin-Opener-Policy', 'same-origin')
    })
  },
  { name: 'site-guard' },
)
