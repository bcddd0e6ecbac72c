import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCaseSystem, type RunningCaseSystem } from '../../fixtures/case-system/case-system.ts'
import type { Incident } from '../contracts/incidents.ts'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let clock = Date.parse('2026-11-27T02:00:00Z')
let cases: RunningCaseSystem
let t: TestApp
let op: string

beforeAll(async () => {
  cases = await startCaseSystem({ now: () => new Date(clock) })
  const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
  t = await buildTestApp(
    { CASE_FEED_URL: cases.url },
    { ...config, caseFeed: { ...config.caseFeed!, maxAttempts: 4 } },
    { now: () => clock, caseFeedAutoStart: false },
  )
  op = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t?.close()
  await cases?.close()
})

const call = (method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie: op }, ...(payload ? { payload } : {}) })
async function accepted(cameraId: string, category = 'road-flooding'): Promise<Incident> {
  const incident = (await call('POST', '/api/incidents', { cameraId, category, note: '积水' })).json() as Incident
  await call('POST', `/api/incidents/${incident.id}/transitions`, { action: 'accept' })
  return incident
}
const act = (id: number, body: object) => call('POST', `/api/incidents/${id}/transitions`, body)
/** Runs the worker until nothing is due, moving the clock past every back-off. */
async function drain(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await t.app.caseFeed!.worker.tick()
    clock += 6 * 60_000
    if (t.app.caseFeed!.outbox.status().pending === 0) return
  }
}
const requestsFor = (code: string) => cases.requests().filter((r) => r.console_incident_id === code)
const updatesFor = (code: string) => {
  const id = requestsFor(code)[0]?.service_request_id
  return cases
    .updates()
    .filter((u) => u.service_request_id === id && u.origin === 'sender')
    .map((u) => u.external_status_code)
}

describe('feeding the district case system', () => {
  it('an accepted incident becomes one request, and its stage changes follow as updates, in order', async () => {
    const incident = await accepted('cam-0001')
    await act(incident.id, { action: 'dispatch', lead: 'urban-management' })
    await drain()
    expect(requestsFor(incident.code)).toHaveLength(1)
    expect(requestsFor(incident.code)[0]).toMatchObject({ service_code: 'RF', status: 'open' })
    expect(updatesFor(incident.code)).toEqual(['dispatched'])
  })

  it('while the case system is down incidents keep coming; when it returns each is delivered once, updates in order', async () => {
    await cases.setFault({ mode: 'down' })
    const incidents = [await accepted('cam-0002'), await accepted('cam-0003'), await accepted('cam-0004')]
    for (const i of incidents) await act(i.id, { action: 'dispatch', lead: 'urban-management' })
    for (let i = 0; i < 3; i++) {
      await t.app.caseFeed!.worker.tick()
      clock += 2000
    }
    const status = (await call('GET', '/api/case-feed/status')).json()
    expect(status).toMatchObject({ enabled: true, queueLength: 6 })
    expect(status.failing).toBeGreaterThan(0)
    expect(incidents.every((i) => requestsFor(i.code).length === 0)).toBe(true)

    await cases.clearFault()
    await drain()
    for (const i of incidents) {
      expect(requestsFor(i.code), i.code).toHaveLength(1)
      expect(updatesFor(i.code), i.code).toEqual(['dispatched'])
    }
    expect((await call('GET', '/api/case-feed/status')).json()).toMatchObject({ queueLength: 0, parked: [] })
  })

  it('"committed but the response was lost" does not create a second case', async () => {
    await cases.setFault({ mode: 'drop-response' })
    const incident = await accepted('cam-0005')
    await t.app.caseFeed!.worker.tick()
    expect(requestsFor(incident.code)).toHaveLength(1)
    expect(t.app.caseFeed!.outbox.status().pending).toBe(1)
    await cases.clearFault()
    await drain()
    expect(requestsFor(incident.code)).toHaveLength(1)
    expect(
      t.app.db
        .prepare('SELECT service_request_id FROM incident_external WHERE incident_id = ?')
        .pluck()
        .get(incident.id),
    ).toBe(requestsFor(incident.code)[0]!.service_request_id)
  })

  it('after too many failures an item is parked, shown with its error, and delivered once retried by hand', async () => {
    await cases.setFault({ mode: 'http500' })
    const incident = await accepted('cam-0006')
    await drain(6)
    const status = (await call('GET', '/api/case-feed/status')).json()
    const parked = status.parked.find((p: { incident: string }) => p.incident === incident.code)
    expect(parked).toMatchObject({
      kind: 'request',
      attempts: 4,
      lastError: expect.stringMatching(/^case system answered 500/),
    })
    await cases.clearFault()
    await drain()
    expect(requestsFor(incident.code)).toHaveLength(0)
    expect((await call('POST', `/api/case-feed/outbox/${parked.id}/retry`)).statusCode).toBe(200)
    await drain()
    expect(requestsFor(incident.code)).toHaveLength(1)
  })
})

describe('status coming back', () => {
  it('a district update closes a verified incident through the loop, once; stale and echoed updates change nothing', async () => {
    const incident = await accepted('cam-0007')
    await act(incident.id, { action: 'dispatch', lead: 'urban-management' })
    const dept = await t.app.accounts.add({
      username: 'um1',
      role: 'department',
      department: 'urban-management',
      password: 'urban-password',
    })
    const um = await t.login(dept.username, 'urban-password')
    for (const body of [{ action: 'acknowledge' }, { action: 'start' }, { action: 'handle', note: '已抽排' }]) {
      await t.app.inject({
        method: 'POST',
        url: `/api/incidents/${incident.id}/transitions`,
        headers: { cookie: um },
        payload: body,
      })
    }
    await act(incident.id, { action: 'verify' })
    await drain()
    clock += 60_000
    cases.addUpdate(requestsFor(incident.code)[0]!.service_request_id, { status: 'CLOSED', description: '区平台结案' })
    expect(await t.app.caseFeed!.poller.poll()).toBe(1)
    expect(await t.app.caseFeed!.poller.poll()).toBe(0)
    const full = (await call('GET', `/api/incidents/${incident.id}`)).json()
    expect(full).toMatchObject({ stage: 'closed', closeReason: 'resolved' })
    expect(full.timeline.at(-1)).toMatchObject({
      actor: 'case-system',
      actorRole: 'external',
      kind: 'close',
      text: 'case-system: CLOSED 区平台结案',
    })
    // An update stamped before the incident's last change is stale: ignored.
    clock -= 10 * 60_000
    cases.addUpdate(requestsFor(incident.code)[0]!.service_request_id, { status: 'REOPEN', description: '旧消息' })
    clock += 10 * 60_000
    expect(await t.app.caseFeed!.poller.poll()).toBe(0)
    expect((await call('GET', `/api/incidents/${incident.id}`)).json().stage).toBe('closed')
  })

  it('a status that cannot apply at the current stage is recorded as a note, not forced', async () => {
    const incident = await accepted('cam-0008')
    await drain()
    clock += 60_000
    cases.addUpdate(requestsFor(incident.code)[0]!.service_request_id, { status: 'CLOSED', description: '' })
    await t.app.caseFeed!.poller.poll()
    const full = (await call('GET', `/api/incidents/${incident.id}`)).json()
    expect(full.stage).toBe('accepted')
    expect(full.timeline.at(-1)).toMatchObject({
      kind: 'note',
      text: 'case-system: CLOSED (not applied: the incident is accepted)',
    })
  })
})
