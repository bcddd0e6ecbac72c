import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await buildTestApp()
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => t.close())

const incidents = (): unknown => t.app.db.prepare('SELECT count(*) AS n FROM incidents').get()

describe('JSON bodies are taken as sent', () => {
  it.each([
    ['a number where text belongs', { note: 12345 }, 'body/note must be string'],
    ['a boolean where text belongs', { note: true }, 'body/note must be string'],
    ['a list where one id belongs', { category: ['fire-smoke'] }, 'body/category must be string'],
    ['a field the route does not know', { colour: 'red' }, 'must NOT have additional properties'],
  ])('%s: 400 naming the field, nothing stored', async (_name, change, message) => {
    const before = incidents()
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie },
      payload: { cameraId: 'cam-0001', category: 'road-damage', ...change },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain(message)
    expect(incidents()).toEqual(before)
  })
})

describe('query strings and path parameters take decimal numerals only', () => {
  it.each([
    ['/api/patrol/coverage?hours=Infinity', 'querystring/hours'],
    ['/api/patrol/coverage.csv?hours=Infinity', 'querystring/hours'],
    ['/api/tours/due?hours=-Infinity', 'querystring/hours'],
    ['/api/patrol/coverage?hours=0x10', 'querystring/hours'],
    ['/api/patrol/coverage?hours=1e2', 'querystring/hours'],
    ['/api/incidents/0x10', 'params/id'],
    ['/api/incidents/%2016', 'params/id'],
  ])('GET %s: 400 naming %s', async (url, field) => {
    const response = await t.app.inject({ url, headers: { cookie } })
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain(field)
  })

  it('a plain number still works', async () => {
    const response = await t.app.inject({ url: '/api/patrol/coverage?hours=12', headers: { cookie } })
    expect(response.statusCode).toBe(200)
  })
})

describe('PTZ numbers are finite numbers, not text', () => {
  it.each([
    [{ action: 'move', pan: 0.5, tilt: 0, zoom: 0, timeoutMs: 'Infinity' }, 'body/timeoutMs'],
    [{ action: 'move', pan: null, tilt: 0, zoom: 0 }, 'body/pan'],
    [{ action: 'move', pan: '0.5', tilt: 0, zoom: 0 }, 'body/pan'],
  ])('%j: 400 naming %s', async (payload, field) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/cameras/cam-0001/ptz',
      headers: { cookie },
      payload,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain(field)
  })
})
