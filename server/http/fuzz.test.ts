/**
 * A bounded fuzz over every route the server has (from the route catalog, so a new route is fuzzed the day
 * it is added) and the Open311 endpoint: random path parameters, query strings and JSON bodies, some shaped
 * like the route's schema, sent as the admin. Whatever arrives: no 5xx, an answer within the deadline, an
 * error body with a message and no stack trace, and a refused request leaves the store as it was.
 */
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import type { RouteInfo } from './route-catalog-plugin.ts'

const RUNS_PER_ROUTE = 20
// A hang detector, not a speed limit: a handler that never answers would otherwise stall the suite.
const ANSWER_DEADLINE_MS = 30_000
// Ending the fuzzer's own session would turn the rest of the run into 401s.
const NOT_FUZZED = new Set(['POST /api/auth/logout'])
// Tables that record the attempt itself (a failed login is audited) rather than domain data.
const AUDIT_TABLES = new Set(['sessions', 'auth_events', 'viewing_sessions'])

let t: TestApp
let cookie: string
let apiKey: string

beforeAll(async () => {
  t = await buildTestApp({ CASE_FEED_URL: 'http://127.0.0.1:9/open311/v2' }, undefined, { caseFeedAutoStart: false })
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
  const client = await t.app.inject({
    method: 'POST',
    url: '/api/open311/clients',
    headers: { cookie },
    payload: { name: 'fuzz-client' },
  })
  apiKey = client.json().apiKey
})
afterAll(async () => t.close())

/** Row counts and newest row ids of the domain tables, and the incidents' versions: what a write changes. */
function storeFingerprint(): string {
  const tables = t.app.db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
    .filter((table) => !AUDIT_TABLES.has(table.name))
  const parts = tables.map(({ name, sql }) => {
    // A WITHOUT ROWID table has no rowid to give its newest row: its count stands alone.
    const last = /WITHOUT ROWID/i.test(sql) ? '0' : 'coalesce(max(rowid), 0)'
    const row = t.app.db.prepare(`SELECT count(*) AS n, ${last} AS last FROM "${name}"`).get() as {
      n: number
      last: number
    }
    return `${name}:${row.n}:${row.last}`
  })
  const versions = t.app.db.prepare('SELECT total(version) AS v FROM incidents').get() as { v: number }
  return [...parts, `versions:${versions.v}`].join(',')
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('Infinity', '-1', '0', '1', '0x10', '1e9', 'null', 'true', '../../etc/passwd', '%00', '科'),
  fc.integer({ min: -5, max: 100_000 }).map(String),
)
const json = fc.jsonValue({ maxDepth: 3 })

/** Property names the route's schema knows, so the fuzz gets past "unknown field" as often as not. */
function schemaKeys(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties
  return properties ? Object.keys(properties) : []
}

function requestFor(route: RouteInfo) {
  const paramNames = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!)
  const queryKeys = schemaKeys(route.schema?.querystring)
  const bodyKeys = schemaKeys(route.schema?.body)
  return fc.record({
    params: fc.array(text, { minLength: paramNames.length, maxLength: paramNames.length }),
    query: fc.dictionary(fc.oneof(fc.constantFrom(...queryKeys, 'x'), fc.string({ maxLength: 8 })), text, {
      maxKeys: 4,
    }),
    body: fc.oneof(
      json,
      fc.dictionary(fc.oneof(fc.constantFrom(...bodyKeys, 'extra'), fc.string({ maxLength: 8 })), json, {
        maxKeys: 6,
      }),
    ),
  })
}

async function send(options: InjectOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_DEADLINE_MS} ms`)), ANSWER_DEADLINE_MS)
  })
  try {
    return await Promise.race([t.app.inject(options), deadline])
  } finally {
    clearTimeout(timer)
  }
}

function expectWellFormedError(status: number, body: string, contentType: string, what: string): void {
  expect(status, `${what} answered ${status}: ${body.slice(0, 300)}`).toBeLessThan(500)
  if (status < 400) return
  expect(body, what).not.toMatch(/\n\s+at /)
  // Pages a person opens (the wall's pairing link) answer a page, not JSON.
  if (contentType.startsWith('text/html')) return
  // The Open311 endpoint answers in its standard's error format: a list of {code, description}.
  if (what.split(' ')[1]!.startsWith('/open311/')) {
    expect(JSON.parse(body), what).toEqual([{ code: expect.any(Number), description: expect.any(String) }])
    return
  }
  const parsed = JSON.parse(body) as { message?: unknown }
  expect(typeof parsed.message, `${what}: ${body.slice(0, 200)}`).toBe('string')
}

describe('every route under random input', () => {
  it('answers below 500, in time, with a clean error body, and refusals change nothing', async () => {
    const routes = t.app.routeCatalog.filter(
      (r) => !NOT_FUZZED.has(`${r.method} ${r.url}`) && !r.url.includes('*') && !r.url.startsWith('/socket.io'),
    )
    expect(routes.length).toBeGreaterThan(40)
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ params, query, body }) => {
          let i = 0
          const path = route.url.replace(/:([A-Za-z]+)/g, () => encodeURIComponent(params[i++] ?? ''))
          const search = new URLSearchParams(query).toString()
          const url = search ? `${path}?${search}` : path
          const before = storeFingerprint()
          const withBody = route.method !== 'GET' && route.method !== 'DELETE'
          const response = await send({
            method: route.method,
            url,
            headers: { cookie },
            ...(withBody
              ? { payload: JSON.stringify(body), headers: { cookie, 'content-type': 'application/json' } }
              : {}),
          })
          const what = `${route.method} ${url}`
          expectWellFormedError(response.statusCode, response.body, String(response.headers['content-type']), what)
          if (response.statusCode >= 400) expect(storeFingerprint(), `${what} was refused but wrote`).toBe(before)
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 311, endOnFailure: true },
      )
    }
  })

  it('the Open311 endpoint takes any form fields without a 5xx, and its errors keep the GeoReport format', async () => {
    const fields = fc.dictionary(
      fc.constantFrom('service_code', 'lat', 'long', 'address_string', 'description', 'media_url', 'email', 'x'),
      text,
      { maxKeys: 7 },
    )
    await fc.assert(
      fc.asyncProperty(fields, fc.boolean(), async (form, withKey) => {
        const before = storeFingerprint()
        const response = await send({
          method: 'POST',
          url: '/open311/v2/requests.json',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...form, ...(withKey ? { api_key: apiKey } : {}) }).toString(),
        })
        expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500)
        if (response.statusCode < 400) return
        expect(response.body).not.toMatch(/\n\s+at /)
        // GeoReport v2 errors: a list of {code, description}.
        expect(response.json()).toEqual([{ code: expect.any(Number), description: expect.any(String) }])
        expect(storeFingerprint()).toBe(before)
      }),
      { numRuns: 200, seed: 311, endOnFailure: true },
    )
  })
})
