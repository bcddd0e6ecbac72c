/**
 * The reply contract: every route declares what it answers (route catalog), and a reply that does not match
 * its declaration fails instead of losing fields in serialization. The whole API test corpus runs with the
 * check on (server/testing/test-app.ts); these tests prove the check itself and the catalog's coverage.
 */
import Fastify from 'fastify'
import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'
import { buildTestApp, type TestApp } from '../testing/test-app.ts'
import { checkReplyContracts, closedSchema } from './reply-contract-check.ts'

describe('the route catalog', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ CASE_FEED_URL: 'http://127.0.0.1:9/open311/v2' }, undefined, { caseFeedAutoStart: false })
  })
  afterAll(async () => t.close())

  it('has a declared reply for every route: a success status, and its 4xx and 5xx answers', () => {
    const gaps = t.app.routeCatalog.flatMap((route) => {
      const statuses = Object.keys(route.replies)
      const missing = [
        statuses.some((s) => /^[23]/.test(s)) ? [] : ['2xx or 3xx reply'],
        statuses.some((s) => s.startsWith('4')) ? [] : ['4xx'],
        // A redirect-or-page route (the wall pairing page) has no server-side failure of its own.
        statuses.some((s) => s.startsWith('5')) || route.url === '/wall/pair' ? [] : ['5xx'],
      ].flat()
      return missing.length > 0 ? [`${route.method} ${route.url}: no ${missing.join(', ')}`] : []
    })
    expect(gaps).toEqual([])
  })

  it('names a content type for every reply that is not JSON', () => {
    const replies = Object.fromEntries(t.app.routeCatalog.map((r) => [`${r.method} ${r.url}`, r.replies['200']]))
    expect(replies['GET /live/:cameraId/:quality/index.m3u8']).toEqual(['application/vnd.apple.mpegurl'])
    expect(replies['GET /api/cameras/:id/snapshot.jpg']).toEqual(['image/jpeg'])
    expect(replies['GET /api/patrol/coverage.csv']).toEqual(['text/csv'])
    expect(replies['GET /api/incidents']).toBe('json')
  })
})

describe('the reply check', () => {
  const Shape = Type.Object({ id: Type.Integer(), name: Type.String() })

  async function appAnswering(body: unknown, response: Record<string, unknown> = { 200: Shape, ...ErrorReplies }) {
    const app = Fastify()
    checkReplyContracts(app)
    app.get('/thing', { schema: { response } }, async () => body)
    app.get('/csv', { schema: { response: { 200: mediaReply('a table', 'text/csv') } } }, async (_r, reply) =>
      reply.type('text/csv').send('a,b\n'),
    )
    await app.ready()
    return app
  }

  it('lets a reply through that matches its schema exactly', async () => {
    const app = await appAnswering({ id: 1, name: 'x' })
    const response = await app.inject('/thing')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ id: 1, name: 'x' })
    expect((await app.inject('/csv')).body).toBe('a,b\n')
    await app.close()
  })

  it.each([
    ['a field the schema does not name, which serialization would drop', { id: 1, name: 'x', extra: true }, 'extra'],
    ['a missing field', { id: 1 }, 'name'],
    ['a field of the wrong type, which serialization would coerce', { id: '1', name: 'x' }, '/id'],
  ])('fails the request loudly for %s', async (_case, body, named) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const app = await appAnswering(body)
    const response = await app.inject('/thing')
    expect(response.statusCode).toBe(500)
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
      new RegExp(`reply contract: GET /thing 200: .*${named}`),
    )
    stderr.mockRestore()
    await app.close()
  })

  it('fails a JSON reply whose status has no schema', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const app = await appAnswering({ id: 1, name: 'x' }, { 201: Shape })
    expect((await app.inject('/thing')).statusCode).toBe(500)
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('no JSON response schema for status 200')
    stderr.mockRestore()
    await app.close()
  })

  it('closes objects inside unions, arrays and intersections, and merges intersections', () => {
    const schema = Type.Object({
      list: Type.Array(Type.Union([Shape, Type.Null()])),
      both: Type.Intersect([Shape, Type.Object({ more: Type.Boolean() })]),
    })
    const closed = closedSchema(JSON.parse(JSON.stringify(schema))) as {
      additionalProperties: boolean
      properties: {
        list: { items: { anyOf: { additionalProperties?: boolean }[] } }
        both: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean }
      }
    }
    expect(closed.additionalProperties).toBe(false)
    expect(closed.properties.list.items.anyOf[0]!.additionalProperties).toBe(false)
    expect(Object.keys(closed.properties.both.properties)).toEqual(['id', 'name', 'more'])
    expect(closed.properties.both.required).toEqual(['id', 'name', 'more'])
    expect(closed.properties.both.additionalProperties).toBe(false)
  })
})
