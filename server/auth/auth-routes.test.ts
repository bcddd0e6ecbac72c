import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp({ LOGIN_RATE_LIMIT: '5' })
  await t.app.ready()
})
afterEach(async () => {
  await t.close()
})

describe('login and sessions', () => {
  it('a right password sets an httpOnly, SameSite session cookie and opens the API', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ user: { id: 1, username: 'admin', role: 'admin', department: null } })
    const cookie = response.cookies.find((c) => c.name === 'se_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `se_session=${cookie.value}` } })
    expect(me.json()).toEqual({ user: { id: 1, username: 'admin', role: 'admin', department: null } })
  })

  it('a wrong password, or an unknown user, gets the same 401 and is recorded', async () => {
    for (const payload of [
      { username: 'admin', password: 'wrong-password' },
      { username: 'nobody', password: 'wrong-password' },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'auth.wrong-credentials',
        params: {},
        message: 'wrong username or password',
      })
    }
    const failures = t.app.db.prepare("SELECT username FROM auth_events WHERE kind = 'login-failed' ORDER BY id").all()
    expect(failures).toEqual([{ username: 'admin' }, { username: 'nobody' }])
  })

  it('a malformed login body is a 400 with a message', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } })
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toMatch(/password/)
  })

  it('login is rate-limited per client address', async () => {
    const codes: number[] = []
    for (let i = 0; i < 6; i++) {
      codes.push(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'admin', password: 'guess-number-' + i },
          })
        ).statusCode,
      )
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429])
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().message).toMatch(/too many login attempts; try again in \d+ s/)
  })

  it('logout ends the session on the server, not only in the browser', async () => {
    const cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204)
    const after = await t.app.inject({ url: '/api/cameras', headers: { cookie } })
    expect(after.statusCode).toBe(401)
    expect(after.json().message).toBe('your session has ended; please log in again')
  })

  it('disabling a user ends their sessions and refuses their login', async () => {
    await t.app.accounts.add({ username: 'op1', role: 'operator', password: 'operator-password' })
    const cookie = await t.login('op1', 'operator-password')
    t.app.accounts.disable('op1')
    expect((await t.app.inject({ url: '/api/cameras', headers: { cookie } })).statusCode).toBe(401)
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'op1', password: 'operator-password' },
    })
    expect(again.statusCode).toBe(401)
  })
})

// A route open only to supervisors and admins (rights.ts), to exercise the access rules themselves.
const SUPERVISION_ONLY = '/api/case-feed/status'

describe('access rules', () => {
  it('every API route but health and login needs a session', async () => {
    for (const url of ['/api/cameras', '/api/config', '/api/auth/me', SUPERVISION_ONLY]) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(401)
    }
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200)
  })

  it('a route names the roles it is for: others get 403 with the reason', async () => {
    await t.app.accounts.add({ username: 'wall1', role: 'wall', password: 'wall-display-pw' })
    await t.app.accounts.add({ username: 'lead1', role: 'supervisor', password: 'supervisor-pw' })
    const wall = await t.login('wall1', 'wall-display-pw')
    const denied = await t.app.inject({ url: SUPERVISION_ONLY, headers: { cookie: wall } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().message).toBe('this needs the role supervisor or admin; you are wall')
    const lead = await t.login('lead1', 'supervisor-pw')
    expect((await t.app.inject({ url: SUPERVISION_ONLY, headers: { cookie: lead } })).statusCode).toBe(200)
    // Read-only roles still see the cameras.
    expect((await t.app.inject({ url: '/api/cameras', headers: { cookie: wall } })).statusCode).toBe(200)
  })
})
