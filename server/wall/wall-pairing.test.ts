import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SessionUser } from '../contracts/api.ts'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { PAIRING_CODE_MS } from './wall-pairing.ts'

// The pairing clock moves by hand, so a code expires without waiting ten minutes.
let clock = Date.now()
const data = makeTempDir('wall-pairing')
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({}, undefined, { now: () => clock }, data.path)
})
afterAll(async () => {
  await t.close()
  data.remove()
})

const open = (code: string) => t.app.inject({ url: `/wall/pair?code=${encodeURIComponent(code)}` })
const sessionCookie = (response: Awaited<ReturnType<typeof open>>): string => {
  const cookie = response.cookies.find((c) => c.name === 'se_session')
  if (!cookie) throw new Error('no session cookie')
  return `se_session=${cookie.value}`
}

describe('kiosk pairing', () => {
  it('a pairing link turns the browser into the device session and sends it to its monitor', async () => {
    const { code, device } = await t.app.wallPairing.pair('main', 'lobby-pc')
    expect(device).toMatchObject({ name: 'lobby-pc', monitor: 'main', pairedAt: null })
    const response = await open(code)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/wall?monitor=main')
    const cookie = response.cookies.find((c) => c.name === 'se_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 365 * 24 * 3600 })

    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(response) } })
    expect(me.json<{ user: SessionUser }>().user).toMatchObject({
      username: 'wall.lobby-pc',
      role: 'wall',
      department: null,
      monitor: 'main',
    })
    expect(t.app.wallPairing.list().find((d) => d.name === 'lobby-pc')?.pairedAt).not.toBeNull()
  })

  it("a paired kiosk's page request starts its monitor's tile streams together; other pages do not", async () => {
    const { code } = await t.app.wallPairing.pair('main', 'warm-pc')
    const cookie = sessionCookie(await open(code))
    // Which streams are asked for is what this checks; starting them is the media tests' part.
    const touch = vi.spyOn(t.app.streams, 'touch').mockImplementation(() => undefined)
    // A second into a tour page (pages turn on whole multiples of the dwell): the next one is not yet due,
    // so the warm-up starts only the page of the moment.
    const before = clock
    clock = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1000
    try {
      await t.app.inject({ url: '/api/wall/state?monitor=main', headers: { cookie } })
      expect(touch).not.toHaveBeenCalled()
      await t.app.inject({ url: '/wall?monitor=main', headers: { cookie } })
      // The eight fixed tiles, and the school tour's camera of the moment.
      const started = touch.mock.calls.map(([camera, quality, startedAs]) => `${camera}/${quality}/${startedAs}`)
      expect(started).toHaveLength(9)
      expect(started.slice(0, 8)).toEqual(
        ['cam-0002', 'cam-0009', 'cam-0015', 'cam-0017', 'cam-0001', 'cam-0004', 'cam-0007', 'cam-0011'].map(
          (camera) => `${camera}/sub/together`,
        ),
      )
      touch.mockClear()
      const admin = await t.login('admin', TEST_ADMIN_PASSWORD)
      await t.app.inject({ url: '/wall?monitor=main', headers: { cookie: admin } })
      expect(touch).not.toHaveBeenCalled()
    } finally {
      touch.mockRestore()
      clock = before
    }
  })

  it('a paired device reads its own monitor only; centre roles read any', async () => {
    const { code } = await t.app.wallPairing.pair('side', 'side-pc')
    const cookie = sessionCookie(await open(code))
    expect((await t.app.inject({ url: '/api/wall/state?monitor=side', headers: { cookie } })).statusCode).toBe(200)
    const other = await t.app.inject({ url: '/api/wall/state?monitor=main', headers: { cookie } })
    expect(other.statusCode).toBe(403)
    expect(other.json()).toMatchObject({ message: 'this wall device shows monitor "side" only' })
    const admin = await t.login('admin', TEST_ADMIN_PASSWORD)
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: admin } })
    expect(me.json<{ user: SessionUser }>().user.monitor).toBeUndefined()
    expect((await t.app.inject({ url: '/api/wall/state?monitor=main', headers: { cookie: admin } })).statusCode).toBe(
      200,
    )
  })

  it.each([
    ['an unknown code', async () => 'not-a-code', 400, '配对码无效', 'This pairing code is not valid.'],
    [
      'a used code',
      async () => {
        const { code } = await t.app.wallPairing.pair('main')
        await open(code)
        return code
      },
      410,
      '配对码已被使用过',
      'has already been used',
    ],
    [
      'an expired code',
      async () => {
        const { code } = await t.app.wallPairing.pair('main')
        clock += PAIRING_CODE_MS
        return code
      },
      410,
      '配对码已过期',
      'has expired',
    ],
    [
      "a revoked device's code",
      async () => {
        const { code, device } = await t.app.wallPairing.pair('main')
        t.app.wallPairing.revoke(device.name)
        return code
      },
      410,
      '此设备已被撤销',
      'This device has been revoked.',
    ],
  ])('%s answers a page in Chinese and English', async (_, codeFor, status, zh, en) => {
    const response = await open(await codeFor())
    expect(response.statusCode).toBe(status)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain(zh)
    expect(response.body).toContain(en)
    expect(response.cookies).toEqual([])
  })

  it('a link without a code is refused the same way', async () => {
    const response = await t.app.inject({ url: '/wall/pair' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('配对码无效')
  })

  it('pairing names an unknown monitor and a bad device name', async () => {
    await expect(t.app.wallPairing.pair('lobby')).rejects.toThrow(
      'monitor: unknown monitor "lobby" (known: main, side)',
    )
    await expect(t.app.wallPairing.pair('main', 'x')).rejects.toThrow('name: 2 to 26 letters')
  })

  it('a device session outlives the idle limit of a login; a revoke ends it at once', async () => {
    const { code } = await t.app.wallPairing.pair('main', 'night-pc')
    const cookie = sessionCookie(await open(code))
    const token = cookie.slice('se_session='.length)
    const userId = t.app.sessions.resolve(token)!
    expect(t.app.sessions.resolveNow(token, Date.now() + 30 * 24 * 3600_000)).toBe(userId)
    t.app.wallPairing.revoke('night-pc')
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    // Pairing the same name again brings the device back, with a new code.
    const again = await t.app.wallPairing.pair('side', 'night-pc')
    expect(again.device).toMatchObject({ monitor: 'side', revokedAt: null })
    expect((await open(again.code)).headers.location).toBe('/wall?monitor=side')
  })
})
