import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCaseSystem, type RunningCaseSystem } from '../../fixtures/case-system/case-system.ts'
import type { Incident } from '../contracts/incidents.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { GeoReportClient } from './georeport-client.ts'
import { SEARCH_RESULT_LIMIT } from './request-delivery.ts'

// Both receivers de-duplicate nothing; the second answers new requests with a token, as batch services do.
interface Setup {
  cases: RunningCaseSystem
  t: TestApp
  cookie: string
}
let clock = Date.parse('2026-11-27T02:00:00Z')
const setups: Setup[] = []

async function setUp(tokens: boolean): Promise<Setup> {
  const cases = await startCaseSystem({ now: () => new Date(clock), plain: true, tokens })
  const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
  const t = await buildTestApp({ CASE_FEED_URL: cases.url, SIMULATED_FLEET: 'off' }, config, {
    now: () => clock,
    caseFeedAutoStart: false,
  })
  const setup = { cases, t, cookie: await t.login('admin', TEST_ADMIN_PASSWORD) }
  setups.push(setup)
  return setup
}
afterAll(async () => {
  for (const { t, cases } of setups) {
    await t.close()
    await cases.close()
  }
})

async function accepted({ t, cookie }: Setup, cameraId: string): Promise<Incident> {
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload })
  const incident = (await post('/api/incidents', { cameraId, category: 'road-damage' })).json() as Incident
  await post(`/api/incidents/${incident.id}/transitions`, { action: 'accept' })
  return incident
}
async function drain({ t }: Setup): Promise<void> {
  for (let i = 0; i < 30 && t.app.caseFeed!.outbox.status().pending > 0; i++) {
    await t.app.caseFeed!.worker.tick()
    clock += 6 * 60_000
  }
}
const marked = ({ cases }: Setup, code: string) =>
  cases.requests().filter((r) => r.description?.includes(`[SE-REF:${code}/`))
const externalId = ({ t }: Setup, incidentId: number) =>
  t.app.db.prepare('SELECT service_request_id FROM incident_external WHERE incident_id = ?').pluck().get(incidentId)

describe('looking up a request whose answer was lost', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp(false)
  })

  it('searches narrower windows when one answer is full, and finds a case among more than the limit', async () => {
    await s.cases.setFault({ mode: 'drop-response', times: 1 })
    const incident = await accepted(s, 'cam-0101')
    await s.t.app.caseFeed!.worker.tick()
    expect(marked(s, incident.code)).toHaveLength(1)
    // Others report to the same service right after: the newest answer of a search no longer holds ours.
    const others = new GeoReportClient(s.cases.url, 'demo-case-key', undefined)
    for (let i = 0; i < SEARCH_RESULT_LIMIT; i += 20) {
      clock += 1000
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          others.createRequest({ service_code: 'RD', address_string: '中华大街', description: `other ${i + j}` }),
        ),
      )
    }
    await drain(s)
    expect(marked(s, incident.code)).toHaveLength(1)
    expect(externalId(s, incident.id)).toBe(marked(s, incident.code)[0]!.service_request_id)
    // One lookup found it (a loaded machine may time a search out and make it again).
    expect(s.t.app.caseFeed!.worker.requests.counts).toMatchObject({ sends: 1, foundByLookup: 1 })
  }, 60_000)

  it('a refusal after an unknown outcome keeps the next attempt looking before it sends', async () => {
    const before = { ...s.t.app.caseFeed!.worker.requests.counts }
    await s.cases.setFault({ mode: 'drop-response', times: 1 })
    const incident = await accepted(s, 'cam-0102')
    await s.t.app.caseFeed!.worker.tick()
    // The lookup itself meets a 500; then the case system is healthy again.
    await s.cases.setFault({ mode: 'http500', times: 1 })
    clock += 6 * 60_000
    await s.t.app.caseFeed!.worker.tick()
    await drain(s)
    expect(marked(s, incident.code)).toHaveLength(1)
    expect(externalId(s, incident.id)).toBe(marked(s, incident.code)[0]!.service_request_id)
    const counts = s.t.app.caseFeed!.worker.requests.counts
    expect(counts.sends - before.sends).toBe(1)
    expect(counts.foundByLookup - before.foundByLookup).toBe(1)
  })
})

describe('a receiver that answers with a token', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setUp(true)
  })

  it('the token is turned into the service_request_id, and kept so that a retry never sends again', async () => {
    const incident = await accepted(s, 'cam-0201')
    await drain(s)
    expect(marked(s, incident.code)).toHaveLength(1)
    expect(externalId(s, incident.id)).toBe(marked(s, incident.code)[0]!.service_request_id)
    const row = s.t.app.db
      .prepare("SELECT receiver_token, state FROM case_outbox WHERE incident_id = ? AND kind = 'request'")
      .get(incident.id)
    expect(row).toEqual({ receiver_token: `tk-${externalId(s, incident.id)}`, state: 'delivered' })
    expect(s.t.app.caseFeed!.worker.requests.counts).toMatchObject({ sends: 1, tokensResolved: 1 })
  })

  it('a token lost with its answer does not matter: the request is found by its marker', async () => {
    const before = { ...s.t.app.caseFeed!.worker.requests.counts }
    await s.cases.setFault({ mode: 'drop-response', times: 1 })
    const incident = await accepted(s, 'cam-0202')
    await drain(s)
    expect(marked(s, incident.code)).toHaveLength(1)
    expect(externalId(s, incident.id)).toBe(marked(s, incident.code)[0]!.service_request_id)
    const counts = s.t.app.caseFeed!.worker.requests.counts
    expect(counts.sends - before.sends).toBe(1)
    expect(counts.foundByLookup - before.foundByLookup).toBe(1)
  })
})
