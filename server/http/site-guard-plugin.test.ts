import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { isSameSite } from './site-guard-plugin.ts'

describe('which requests count as from our own site', () => {
  it.each([
    ['a page of ours', { origin: 'http://console.local:8080', host: 'console.local:8080' }, true],
    ['another site', { origin: 'http://evil.example', host: 'console.local:8080' }, false],
    ['our host on another port', { origin: 'http://console.local:9999', host: 'console.local:8080' }, false],
    ['an opaque origin (sandboxed frame)', { origin: 'null', host: 'console.local:8080' }, false],
    ['a configured origin', { origin: 'https://wall.example.org', host: 'console.local:8080' }, true],
    ['no browser at all (curl, a server)', { host: 'console.local:8080' }, true],
    ['a browser saying cross-site without an Origin', { host: 'h', 'sec-fetch-site': 'cross-site' }, false],
    ['a browser saying same-origin without an Origin', { host: 'h', 'sec-fetch-site': 'same-origin' }, true],
  ])('%s', (_name, headers, expected) => {
    expect(isSameSite(headers, ['https://wall.example.org'])).toBe(expected)
  })
})

describe('the guard on a real app', () => {
  let t: TestApp
  let cookie: string
  beforeAll(async () => {
    t = await buildTestApp()
    cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
  })
  afterAll(async () => t.close())

  it('refuses a cross-site text/plain POST before it reaches the handler, and stores nothing', async () => {
    const before = t.app.db.prepare('SELECT count(*) AS n FROM incidents').get()
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'text/plain' },
      payload: JSON.stringify({ cameraId: 'cam-0001', category: 'road-damage' }),
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().message).toContain('cross-site request refused')
    expect(t.app.db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual(before)
  })

  it('lets a same-origin POST through', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: {
        cookie: await t.login('admin', TEST_ADMIN_PASSWORD),
        origin: 'http://localhost:80',
        host: 'localhost:80',
      },
    })
    expect(response.statusCode).toBeLessThan(400)
  })

  it('sends the security headers on every answer', async () => {
    const response = await t.app.inject({ url: '/api/health' })
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.headers['referrer-policy']).toBe('same-origin')
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    // A 404 and an error carry them too.
    const missing = await t.app.inject({ url: '/api/nothing-here', headers: { cookie } })
    expect(missing.headers['x-content-type-options']).toBe('nosniff')
  })
})
