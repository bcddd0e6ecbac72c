/**
 * Idempotent reports over real HTTP: the console's POST /api/incidents and the Open311 endpoint return the
 * first answer to a repeated Idempotency-Key, never a second incident, even for repeats sent at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../contracts/incidents.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { fingerprint } from './idempotency.ts'

let clock = Date.parse('2026-12-01T02:00:00Z')
let t: TestApp
let url: string
const cookies: Record<string, string> = {}
let apiKey: string

beforeAll(async () => {
  t = await buildTestApp({}, undefined, { now: () => clock })
  url = await t.app.listen({ host: '127.0.0.1', port: 0 })
  cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
  for (const username of ['op-a', 'op-b']) {
    await t.app.accounts.add({ username, role: 'operator', password: `${username}-password` })
    cookies[username] = await t.login(username, `${username}-password`)
  }
  const client = await t.app.inject({
    method: 'POST',
    url: '/api/open311/clients',
    headers: { cookie: cookies['admin'] },
    payload: { name: 'grid-app' },
  })
  apiKey = client.json().apiKey
})
afterAll(async () => {
  await t.close()
})

const incidentCount = () => (t.app.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n
const flag = { cameraId: 'cam-0001', category: 'vehicle-scrape', note: '两车剐蹭' }

const report = (who: string, key: string | undefined, body: object = flag) =>
  fetch(`${url}/api/incidents`, {
    method: 'POST',
    headers: {
      cookie: cookies[who]!,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  })

describe('POST /api/incidents with an Idempotency-Key', () => {
  it('a retry with the same key gets the first answer, status and body, and no second incident', async () => {
    const before = incidentCount()
    const first = await report('op-a', 'flag-7f3a-0001')
    const again = await report('op-a', 'flag-7f3a-0001')
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    const [firstBody, againBody] = [await first.text(), await again.text()]
    expect(againBody).toBe(firstBody)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(incidentCount()).toBe(before + 1)
  })

  it('repeats sent at the same moment make one incident, and all get its answer', async () => {
    const before = incidentCount()
    const answers = await Promise.all(Array.from({ length: 6 }, () => report('op-a', 'flag-burst-0002')))
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<Incident>))
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201))
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1)
    expect(incidentCount()).toBe(before + 1)
  })

  it('the same key with another body is a 422 naming the key', async () => {
    await report('op-a', 'flag-reused-0003')
    const other = await report('op-a', 'flag-reused-0003', { ...flag, note: '另一起' })
    expect(other.status).toBe(422)
    expect(((await other.json()) as { message: string }).message).toContain('Idempotency-Key "flag-reused-0003"')
  })

  it('keys belong to their user: another operator with the same key reports their own incident', async () => {
    const a = (await (await report('op-a', 'shared-key-0004')).json()) as Incident
    const b = (await (await report('op-b', 'shared-key-0004')).json()) as Incident
    expect(b.id).not.toBe(a.id)
  })

  it('after 24 hours the key is forgotten: the same key reports anew', async () => {
    const first = (await (await report('op-a', 'flag-day-0005')).json()) as Incident
    clock += 24 * 3600_000 + 1000
    const later = (await (await report('op-a', 'flag-day-0005')).json()) as Incident
    expect(later.id).not.toBe(first.id)
  })

  it.each([
    ['longer than 200 characters', 'k'.repeat(201)],
    ['with a space', 'two words'],
    ['not ASCII', 'flag-\u00e9'],
  ])('refuses a key %s with 400 naming the header, and reports nothing', async (_why, key) => {
    const before = incidentCount()
    const answer = await report('op-a', key)
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { message: string }).message).toMatch(/^Idempotency-Key: /)
    expect(incidentCount()).toBe(before)
  })

  it('a refused report leaves no key behind: the corrected retry with the same key reports', async () => {
    const bad = await report('op-a', 'flag-fix-0006', { ...flag, cameraId: 'cam-9999' })
    expect(bad.status).toBe(400)
    const fixed = await report('op-a', 'flag-fix-0006')
    expect(fixed.status).toBe(201)
  })

  it('the fingerprint ignores the order of fields', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }))
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }))
  })
})

describe('Open311 POST requests with an Idempotency-Key', () => {
  const fields = () => ({
    api_key: apiKey,
    service_code: 'road-flooding',
    lat: '38.0735',
    long: '114.4390',
    description: '路口积水，车辆绕行',
  })
  const post = (key: string, extra: Record<string, string> = {}) =>
    fetch(`${url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
      body: new URLSearchParams({ ...fields(), ...extra }),
    })

  it('a repeat returns the same service request id, concurrent repeats too; another body is a 422', async () => {
    const before = incidentCount()
    const answers = await Promise.all([post('grid-0001'), post('grid-0001'), post('grid-0001')])
    const bodies = await Promise.all(answers.map((a) => a.text()))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    expect(new Set(bodies).size).toBe(1)
    expect(incidentCount()).toBe(before + 1)
    const other = await post('grid-0001', { description: '另一处积水' })
    expect(other.status).toBe(422)
    expect(await other.text()).toContain('Idempotency-Key')
    const bad = await post('x'.repeat(201))
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Idempotency-Key')
  })
})
