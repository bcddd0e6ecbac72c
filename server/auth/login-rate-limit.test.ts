import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../testing/test-app.ts'

let t: TestApp | undefined
afterEach(async () => t?.close())

const failLogin = (app: TestApp['app'], forwardedFor: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { username: 'admin', password: 'wrong-password' },
  })

describe('the login rate limit behind a reverse proxy', () => {
  it('with TRUST_PROXY each client behind the proxy has its own bucket', async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '2', TRUST_PROXY: '1' })
    for (let i = 0; i < 2; i++) expect((await failLogin(t.app, '203.0.113.7')).statusCode).toBe(401)
    expect((await failLogin(t.app, '203.0.113.7')).statusCode).toBe(429)
    // Another officer behind the same proxy is not locked out by the first one's attempts.
    expect((await failLogin(t.app, '203.0.113.8')).statusCode).toBe(401)
  })

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy new attempts', async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '2' })
    expect((await failLogin(t.app, '198.51.100.1')).statusCode).toBe(401)
    expect((await failLogin(t.app, '198.51.100.2')).statusCode).toBe(401)
    expect((await failLogin(t.app, '198.51.100.3')).statusCode).toBe(429)
  })
})
