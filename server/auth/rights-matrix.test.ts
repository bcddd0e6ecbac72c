/**
 * The rights table, proven: every route the app has is called as every kind of caller and the access
 * outcome compared with its row in rights.ts. Only access is asserted (401 / 403 / 404-as-hidden, or "got
 * past the door"); what the route then answers is its own tests' business. A route added without a row, or
 * a row left behind by a removed route, fails here.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../contracts/api.ts'
import type { RouteInfo } from '../http/route-catalog-plugin.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { rightKey, rightOf, RIGHTS, sameAccess, type Right } from './rights.ts'

const LEAD = 'traffic-police'
const ASSISTING = 'police'
const OTHER = 'environment'

interface Caller {
  name: string
  role: Role | null
  /** For department callers: how the test incident was sent to them. */
  relation?: 'lead' | 'assisting' | 'none'
}

const CALLERS: readonly Caller[] = [
  { name: 'anonymous', role: null },
  { name: 'wall', role: 'wall' },
  { name: 'department lead', role: 'department', relation: 'lead' },
  { name: 'department assisting', role: 'department', relation: 'assisting' },
  { name: 'department other', role: 'department', relation: 'none' },
  { name: 'operator', role: 'operator' },
  { name: 'supervisor', role: 'supervisor' },
  { name: 'admin', role: 'admin' },
]

type Outcome = 401 | 403 | 404 | 'allowed'

/** What the table says this caller (who sends no api key) gets at this route's door. */
function expectedOutcome(right: Right, caller: Caller): Outcome {
  if (right === 'public') return 'allowed'
  if (right === 'api-key') return 403
  if (caller.role === null) return 401
  if (!right.roles.includes(caller.role)) return 403
  if (caller.role !== 'department') return 'allowed'
  const scope = right.department ?? 'any'
  if (scope === 'any' || scope === 'own') return 'allowed'
  // The service hides an incident from a department it was not sent to.
  if (caller.relation === 'none') return 404
  if (scope === 'lead' && caller.relation === 'assisting') return 403
  return 'allowed'
}

const webDir = makeTempDir('rights-web')
let t: TestApp
const cookies = new Map<string, string>()
let incidentId = 0
let cameraId = ''

beforeAll(async () => {
  // A built web app is one file to the server; its static route must be in the table too.
  writeFileSync(join(webDir.path, 'index.html'), '<!doctype html><title>console</title>')
  t = await buildTestApp({ WEB_DIR: webDir.path, SIMULATED_FLEET: 'off' })
  const departments: Record<string, string> = {
    'department lead': LEAD,
    'department assisting': ASSISTING,
    'department other': OTHER,
  }
  for (const caller of CALLERS) {
    if (caller.role === null) continue
    const username = caller.name.replace(/ /g, '-')
    if (caller.role !== 'admin') {
      const department = departments[caller.name]
      await t.app.accounts.add({ username, role: caller.role, password: `${username}-password`, department })
    }
    cookies.set(
      caller.name,
      caller.role === 'admin'
        ? await t.login('admin', TEST_ADMIN_PASSWORD)
        : await t.login(username, `${username}-password`),
    )
  }
  const as = (caller: string) => ({ cookie: cookies.get(caller)! })
  const list = (await t.app.inject({ url: '/api/cameras', headers: as('admin') })).json() as {
    cameras: Array<{ id: string }>
  }
  cameraId = list.cameras[0]!.id
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/incidents',
    headers: as('operator'),
    payload: { cameraId, category: 'vehicle-scrape', severity: 'high' },
  })
  expect(created.statusCode, created.body).toBe(201)
  incidentId = (created.json() as { id: number }).id
  for (const body of [{ action: 'accept' }, { action: 'dispatch', lead: LEAD, assisting: [ASSISTING] }]) {
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incidentId}/transitions`,
      headers: as('operator'),
      payload: body,
    })
    expect(moved.statusCode, moved.body).toBe(200)
  }
}, 240_000)

afterAll(async () => {
  await t?.close()
  webDir.remove()
})

/** A concrete URL for a route: real ids where the route needs one to reach its access decision. */
function concreteUrl(method: string, url: string): string {
  const incident = url.startsWith('/api/incidents/')
  const values: Record<string, string> = {
    id: incident ? String(incidentId) : url.startsWith('/api/cameras/') ? cameraId : '1',
    // Live video for an unknown camera: a known one would start ffmpeg, which is not what is tested here.
    cameraId: 'no-such-camera',
    quality: 'main',
    name: incident ? 'snapshot.jpg' : url.startsWith('/live/') ? 'part-1.m4s' : 'no-such-client',
    monitor: 'main',
    // The Open311 endpoint's open file where there is one, else the one behind the api key.
    file: url === '/open311/v2/:file' && method === 'GET' ? 'services.json' : 'requests.json',
  }
  return url.replace(/:(\w+)/g, (_, param: string) => values[param] ?? '1').replace(/\*$/, '')
}

/** A body the route accepts up to its access decision; per action for transitions (the centre's vs the lead's). */
function bodyFor(route: RouteInfo, caller: Caller): object | undefined {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined
  if (route.url === '/api/incidents/:id/transitions')
    return caller.role === 'department' ? { action: 'handle' } : { action: 'verify' }
  if (route.url === '/api/incidents/:id/notes') return { text: 'rights matrix' }
  return {}
}

/** Logging out ends the caller's session: it goes last, after every other route (and the other tests). */
const SESSION_ENDING = new Set(['POST /api/auth/logout'])

describe('the rights table', () => {
  it('has a row for every route and a route for every row', () => {
    const routes = new Set(t.app.routeCatalog.map((r) => rightKey(r.method, r.url)))
    expect(
      [...routes].filter((key) => !(key in RIGHTS)),
      'routes without a row',
    ).toEqual([])
    expect(
      Object.keys(RIGHTS).filter((key) => !routes.has(key)),
      'rows without a route',
    ).toEqual([])
  })

  it('names the route that has no row', () => {
    expect(() => rightOf('GET', '/api/unlisted')).toThrow('GET /api/unlisted: no row in server/auth/rights.ts')
  })

  it('compares an access written beside a route with its row by meaning, not by order', () => {
    expect(sameAccess('session', ['wall', 'department', 'operator', 'supervisor', 'admin'])).toBe(true)
    expect(sameAccess(['admin', 'supervisor'], ['supervisor', 'admin'])).toBe(true)
    expect(sameAccess(['admin'], ['supervisor', 'admin'])).toBe(false)
    expect(sameAccess('public', 'session')).toBe(false)
  })

  it('opens the api-key routes to a client key, with or without a session', async () => {
    const client = await t.app.inject({
      method: 'POST',
      url: '/api/open311/clients',
      headers: { cookie: cookies.get('admin')! },
      payload: { name: 'rights-matrix' },
    })
    expect(client.statusCode, client.body).toBe(201)
    const apiKey = (client.json() as { apiKey: string }).apiKey
    const keyed = Object.entries(RIGHTS).filter(([, right]) => right === 'api-key')
    expect(keyed.length).toBeGreaterThan(0)
    for (const [key] of keyed) {
      const [method, url] = key.split(' ') as ['GET' | 'POST', string]
      const response = await t.app.inject({
        method,
        url: `${concreteUrl(method, url)}${method === 'GET' ? `?api_key=${apiKey}` : ''}`,
        ...(method === 'POST' ? { payload: { api_key: apiKey } } : {}),
      })
      expect([401, 403], `${key}: ${response.body}`).not.toContain(response.statusCode)
    }
  })

  it('is what every caller gets at every route', async () => {
    const routes = [...t.app.routeCatalog].sort(
      (a, b) =>
        Number(SESSION_ENDING.has(rightKey(a.method, a.url))) - Number(SESSION_ENDING.has(rightKey(b.method, b.url))),
    )
    const mismatches: string[] = []
    for (const route of routes) {
      const right = rightOf(route.method, route.url)
      for (const caller of CALLERS) {
        const body = bodyFor(route, caller)
        const cookie = cookies.get(caller.name)
        const response = await t.app.inject({
          method: route.method,
          url: concreteUrl(route.method, route.url),
          headers: cookie ? { cookie } : {},
          ...(body === undefined ? {} : { payload: body }),
        })
        const expected = expectedOutcome(right, caller)
        const got = response.statusCode
        const ok = expected === 'allowed' ? got !== 401 && got !== 403 : got === expected
        if (!ok)
          mismatches.push(
            `${route.method} ${route.url} as ${caller.name}: expected ${expected}, got ${got} ${response.body.slice(0, 120)}`,
          )
      }
    }
    expect(mismatches).toEqual([])
  }, 300_000)
})
