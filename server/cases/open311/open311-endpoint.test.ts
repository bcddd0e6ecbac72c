import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../../testing/test-app.ts'

let t: TestApp
let base: string
let key: string
let admin: string

beforeAll(async () => {
  t = await buildTestApp({ CASE_FEED_URL: 'http://127.0.0.1:9/open311/v2' }, undefined, { caseFeedAutoStart: false })
  base = `${await t.app.listen({ host: '127.0.0.1', port: 0 })}/open311/v2`
  admin = await t.login('admin', TEST_ADMIN_PASSWORD)
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/open311/clients',
    headers: { cookie: admin },
    payload: { name: 'grid-app' },
  })
  key = created.json().apiKey
})
afterAll(async () => {
  await t.close()
})

const post = (fields: Record<string, string>, format = 'json') =>
  fetch(`${base}/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
const report = {
  service_code: 'road-flooding',
  lat: '38.0735',
  long: '114.4390',
  description: '路口积水，车辆绕行',
  first_name: '张',
  last_name: '网格员',
  phone: '13800000000',
}

describe('GeoReport v2 services', () => {
  it('lists the event categories as realtime services, in JSON', async () => {
    const response = await fetch(`${base}/services.json`)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const services = (await response.json()) as Record<string, unknown>[]
    expect(services).toHaveLength(9)
    expect(services[0]).toEqual({
      service_code: 'vehicle-scrape',
      service_name: '车辆剐蹭',
      description: 'Vehicle scrape',
      metadata: true,
      type: 'realtime',
      keywords: ['vehicle-scrape'],
      group: '雪亮工程',
    })
  })

  it('and in XML, the required format', async () => {
    const response = await fetch(`${base}/services.xml`)
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8')
    const xml = await response.text()
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>vehicle-scrape</service_code><service_name>车辆剐蹭</service_name>',
      ),
    ).toBe(true)
    expect(xml).toContain('<keywords><keyword>vehicle-scrape</keyword></keywords>')
  })

  it("defines a service's attributes; an unknown service is 404 in the spec's error shape", async () => {
    const definition = await (await fetch(`${base}/services/road-flooding.json`)).json()
    expect(definition).toMatchObject({
      service_code: 'road-flooding',
      attributes: [{ code: 'severity', datatype: 'singlevaluelist', required: false, order: 1 }],
    })
    const unknown = await fetch(`${base}/services/ufo.json`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual([{ code: 404, description: 'unknown service_code "ufo"' }])
    const xml = await fetch(`${base}/services/ufo.xml`)
    expect(await xml.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>unknown service_code &quot;ufo&quot;</description></error></errors>',
    )
  })
})

describe('POST requests', () => {
  it('creates a reported incident placed in its grid, with its source shown on the board', async () => {
    const response = await post({ ...report, api_key: key })
    expect(response.status).toBe(200)
    const [answer] = (await response.json()) as { service_request_id: string; service_notice: string }[]
    expect(answer!.service_request_id).toMatch(/^SE-\d{8}-\d{4}$/)
    expect(Object.keys(answer!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id'])
    const list = (await t.app.inject({ url: '/api/incidents', headers: { cookie: admin } })).json().incidents as {
      code: string
      stage: string
      source: string
      grid: string
      community: string
      note: string
    }[]
    const incident = list.find((i) => i.code === answer!.service_request_id)!
    expect(incident).toMatchObject({
      stage: 'reported',
      source: 'open311:grid-app',
      grid: 'zhaolingpu-east-1',
      community: 'zhaolingpu-east',
    })
    expect(incident.note).toBe('路口积水，车辆绕行（张 网格员 13800000000）')
  })

  it.each([
    ['no api_key', { ...report }, 403, 'api_key is missing or not valid'],
    ['a wrong api_key', { ...report, api_key: 'o311_nope' }, 403, 'api_key is missing or not valid'],
    ['no service_code', { lat: '38', long: '114', api_key: 'KEY' }, 400, 'service_code is required'],
    [
      'an unknown service_code',
      { ...report, service_code: 'ufo', api_key: 'KEY' },
      400,
      'service_code: unknown service "ufo"',
    ],
    [
      'no location',
      { service_code: 'road-flooding', api_key: 'KEY' },
      400,
      'a location is required: lat and long, address_string or address_id',
    ],
    ['a latitude out of range', { ...report, lat: '138', api_key: 'KEY' }, 400, 'lat and long: WGS84 degrees, both'],
    [
      'a description over 4,000 characters',
      { ...report, description: '水'.repeat(4001), api_key: 'KEY' },
      400,
      'description: at most 4000 characters',
    ],
    [
      'HTML in the description',
      { ...report, description: '<script>alert(1)</script>', api_key: 'KEY' },
      400,
      'description: no HTML',
    ],
    [
      'another jurisdiction',
      { ...report, jurisdiction_id: 'elsewhere', api_key: 'KEY' },
      400,
      'jurisdiction_id: unknown jurisdiction "elsewhere"',
    ],
    [
      'a severity outside its list',
      { ...report, 'attribute[severity]': 'apocalyptic', api_key: 'KEY' },
      400,
      'attribute[severity]: one of low, normal, high, urgent',
    ],
  ])('refuses %s', async (_, fields, status, description) => {
    const response = await post(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'KEY' ? key : v])))
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual([{ code: status, description }])
  })

  it('answers XML errors to XML requests', async () => {
    const response = await post({ ...report }, 'xml')
    expect(response.status).toBe(403)
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>api_key is missing or not valid</description></error></errors>',
    )
  })

  it('accepts an address instead of coordinates', async () => {
    const response = await post(
      { service_code: 'street-vendor', address_string: '民族路与北二环交叉口', api_key: key },
      'xml',
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toMatch(
      /^<\?xml version="1\.0" encoding="utf-8"\?><service_requests><request><service_request_id>SE-\d{8}-\d{4}<\/service_request_id><service_notice>.+<\/service_notice><account_id><\/account_id><\/request><\/service_requests>$/,
    )
  })

  it('a revoked key is refused', async () => {
    const other = (
      await t.app.inject({
        method: 'POST',
        url: '/api/open311/clients',
        headers: { cookie: admin },
        payload: { name: 'window' },
      })
    ).json().apiKey as string
    expect((await post({ ...report, api_key: other })).status).toBe(200)
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/open311/clients/window', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(204)
    expect((await post({ ...report, api_key: other })).status).toBe(403)
  })
})

describe('GET requests and updates', () => {
  it("reads one request with the spec's fields, open or closed, the stage in status_notes", async () => {
    const [created] = (await (await post({ ...report, api_key: key })).json()) as { service_request_id: string }[]
    const [request] = (await (
      await fetch(`${base}/requests/${created!.service_request_id}.json?api_key=${key}`)
    ).json()) as Record<string, unknown>[]
    expect(Object.keys(request!).sort()).toEqual([
      'address',
      'address_id',
      'agency_responsible',
      'description',
      'expected_datetime',
      'lat',
      'long',
      'media_url',
      'requested_datetime',
      'service_code',
      'service_name',
      'service_notice',
      'service_request_id',
      'status',
      'status_notes',
      'updated_datetime',
      'zipcode',
    ])
    expect(request).toMatchObject({
      service_request_id: created!.service_request_id,
      status: 'open',
      status_notes: 'reported',
      service_code: 'road-flooding',
      service_name: '道路积水',
      lat: 38.0735,
      long: 114.439,
    })
    expect(String(request!['requested_datetime'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect((await fetch(`${base}/requests/SE-00000000-0000.json?api_key=${key}`)).status).toBe(404)
    expect((await fetch(`${base}/requests/${created!.service_request_id}.json`)).status).toBe(403)
  })

  it('searches by service, status and dates; refuses a range over 90 days', async () => {
    const all = (await (
      await fetch(`${base}/requests.json?api_key=${key}&service_code=road-flooding&status=open`)
    ).json()) as { service_code: string; status: string }[]
    expect(all.length).toBeGreaterThan(1)
    expect(all.every((r) => r.service_code === 'road-flooding' && r.status === 'open')).toBe(true)
    expect(await (await fetch(`${base}/requests.json?api_key=${key}&status=closed`)).json()).toEqual([])
    const wide = await fetch(
      `${base}/requests.json?api_key=${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z`,
    )
    expect(wide.status).toBe(400)
    expect(await wide.json()).toEqual([{ code: 400, description: 'the date range is at most 90 days' }])
  })

  it("reports the loop's stage changes as updates with FixMyStreet statuses", async () => {
    const [created] = (await (await post({ ...report, api_key: key })).json()) as { service_request_id: string }[]
    const incident = (
      (await t.app.inject({ url: '/api/incidents', headers: { cookie: admin } })).json().incidents as {
        id: number
        code: string
      }[]
    ).find((i) => i.code === created!.service_request_id)!
    await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/transitions`,
      headers: { cookie: admin },
      payload: { action: 'accept' },
    })
    const updates = (await (await fetch(`${base}/servicerequestupdates.json?api_key=${key}`)).json()) as Record<
      string,
      string
    >[]
    const mine = updates.filter((u) => u['service_request_id'] === created!.service_request_id)
    expect(mine.map((u) => [u['status'], u['external_status_code']])).toEqual([
      ['OPEN', 'reported'],
      ['OPEN', 'accepted'],
    ])
    expect(Object.keys(mine[0]!).sort()).toEqual([
      'description',
      'external_status_code',
      'media_url',
      'service_request_id',
      'status',
      'update_id',
      'updated_datetime',
    ])
    // The date window is applied: changes made now are outside a window that ended an hour ago.
    const hour = 3600_000
    const earlier = (await (
      await fetch(
        `${base}/servicerequestupdates.json?api_key=${key}&start_date=${new Date(Date.now() - 2 * hour).toISOString()}&end_date=${new Date(Date.now() - hour).toISOString()}`,
      )
    ).json()) as Record<string, string>[]
    expect(earlier.filter((u) => u['service_request_id'] === created!.service_request_id)).toEqual([])
  })

  it("an unknown resource is 404 in the spec's shape", async () => {
    const response = await fetch(`${base}/tokens/abc.json`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual([{ code: 404, description: 'unknown resource /open311/v2/tokens/abc.json' }])
  })
})
