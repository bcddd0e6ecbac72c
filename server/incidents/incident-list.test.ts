/**
 * GET /api/incidents in pages: a limit, an opaque cursor, the total; and the live screens' loader
 * (web/lib/incidents/incident-pages.ts) reaching every open incident through them over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionUser } from '../contracts/api.ts'
import type { IncidentPage } from '../contracts/incidents.ts'
import { ApiClient } from '../../web/lib/api-client.ts'
import { loadAllPages, loadIncidentList } from '../../web/lib/incidents/incident-pages.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let url: string
let cookie: string
const operator: SessionUser = { id: 0, username: 'admin', role: 'admin', department: null }
const OPEN = 1200

beforeAll(async () => {
  t = await buildTestApp()
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
  t.app.db.transaction(() => {
    for (let i = 0; i < OPEN + 30; i++) {
      const incident = t.app.incidents.createExternal(
        { category: 'vehicle-scrape', note: `第 ${i} 起`, location: null, address: null, community: null, grid: null },
        'list-test',
      )
      // Every 41st is finished: the open list must leave it out and still count right.
      if (i % 41 === 0) t.app.incidents.transition(incident.id, { action: 'reject', reason: '重复' }, operator)
    }
  })()
})
afterAll(async () => {
  await t.close()
})

const get = async (query: string) => t.app.inject({ method: 'GET', url: `/api/incidents${query}`, headers: { cookie } })

/** The web app's own client, over real HTTP to the test server, with the session cookie. */
const client = new ApiClient((path, init) =>
  fetch(`${url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }),
)

describe('incident list in pages', () => {
  it('pages of 200 by default, newest first, with the total and a cursor to the next', async () => {
    const page = (await get('?open=true')).json() as IncidentPage
    expect(page.incidents).toHaveLength(200)
    expect(page.total).toBe(OPEN)
    expect(page.next).toEqual(expect.any(String))
    const ids = page.incidents.map((i) => i.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
  })

  it('every open incident is reachable through the pages, once each, and the last page says so', async () => {
    const seen: number[] = []
    let cursor: string | null = ''
    let pages = 0
    while (cursor !== null) {
      const page = (await get(`?open=true&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json() as IncidentPage
      seen.push(...page.incidents.map((i) => i.id))
      cursor = page.next
      pages += 1
    }
    expect(pages).toBe(3)
    expect(seen).toHaveLength(OPEN)
    expect(new Set(seen).size).toBe(OPEN)
  })

  it('refuses a limit out of range and a cursor it did not make, naming the field', async () => {
    const tooMany = await get('?limit=501')
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().message).toContain('limit')
    const forged = await get('?cursor=bm90LWEtY3Vyc29y')
    expect(forged.statusCode).toBe(400)
    expect(forged.json().message).toMatch(/^cursor: /)
  })

  it("the board's and inbox's loader gets every open incident and the newest finished ones", async () => {
    const open = await loadAllPages(client, { open: true })
    expect(open.incidents).toHaveLength(OPEN)
    const list = await loadIncidentList(client)
    const stages = new Set(list.incidents.map((i) => i.stage))
    expect(list.incidents.filter((i) => i.stage !== 'rejected')).toHaveLength(OPEN)
    expect(stages.has('rejected')).toBe(true)
    expect(list.lastSeq).toBe(t.app.incidentStore.lastSeq())
  })
})
