/**
 * Every error body carries a code from the catalog with its params: representative routes over real
 * HTTP semantics (app.inject), a real SQLite file, and real ffmpeg for a camera that refuses connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type LightMyRequestResponse } from 'fastify'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { isErrorCode } from '../contracts/errors.ts'
import { freePort } from '../testing/test-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { errorHandlerPlugin } from './error-handler-plugin.ts'
import { BadRequestError, NotFoundError } from './http-errors.ts'

let t: TestApp
const cookies: Record<string, string> = {}
const REFUSING_CAMERA = 'cam-0001'

beforeAll(async () => {
  // One camera points at a loopback port nobody listens on: ffmpeg is refused at once.
  const config: CameraConfig = structuredClone(loadCameraConfig(SHIPPED_CONFIG_DIR, {}))
  const port = await freePort()
  const camera = config.cameras.find((c) => c.id === REFUSING_CAMERA)!
  camera.source = { type: 'rtsp', main: `rtsp://127.0.0.1:${port}/main`, sub: `rtsp://127.0.0.1:${port}/sub` }
  config.fleet = null
  t = await buildTestApp({ LOGIN_RATE_LIMIT: '8' }, config)
  await t.app.accounts.add({ username: 'op1', role: 'operator', password: 'op1-password' })
  cookies['op1'] = await t.login('op1', 'op1-password')
  cookies['admin'] = await t.login('admin', TEST_ADMIN_PASSWORD)
}, 120_000)
afterAll(async () => {
  await t?.close()
})

const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(who ? { headers: { cookie: cookies[who]! } } : {}), payload: payload as object })

/** The body, checked for the shape every error shares. */
function errorBody(response: LightMyRequestResponse): { code: string; params: Record<string, unknown> } {
  const body = response.json() as { statusCode: number; code: unknown; params: unknown; message: unknown }
  expect(body.statusCode).toBe(response.statusCode)
  expect(isErrorCode(body.code)).toBe(true)
  expect(typeof body.message).toBe('string')
  return { code: body.code as string, params: body.params as Record<string, unknown> }
}

describe('error codes in answers', () => {
  it('a body that fails validation is request.invalid, naming the field and the problem', async () => {
    const response = await call(null, 'POST', '/api/auth/login', { username: 'admin' })
    expect(response.statusCode).toBe(400)
    expect(errorBody(response)).toEqual({
      code: 'request.invalid',
      params: { field: 'password', problem: "must have required property 'password'" },
    })
  })

  it('a stranger field is named too', async () => {
    const response = await call(null, 'POST', '/api/auth/login', { username: 'a', password: 'b', role: 'admin' })
    expect(errorBody(response)).toMatchObject({ code: 'request.invalid', params: { field: 'role' } })
  })

  it('no session is auth.login-required; a wrong password auth.wrong-credentials', async () => {
    expect(errorBody(await call(null, 'GET', '/api/cameras'))).toEqual({ code: 'auth.login-required', params: {} })
    const wrong = await call(null, 'POST', '/api/auth/login', { username: 'op1', password: 'not-it' })
    expect(wrong.statusCode).toBe(401)
    expect(errorBody(wrong)).toEqual({ code: 'auth.wrong-credentials', params: {} })
  })

  it('a route for other roles is auth.forbidden-role with the role and the roles needed', async () => {
    const response = await call('op1', 'GET', '/api/case-feed/status')
    expect(response.statusCode).toBe(403)
    expect(errorBody(response)).toEqual({
      code: 'auth.forbidden-role',
      params: { role: 'operator', needed: 'supervisor or admin' },
    })
  })

  it('an unknown camera is camera.unknown with its id, over the API and the live path', async () => {
    const snapshot = await call('op1', 'GET', '/api/cameras/cam-9999/snapshot.jpg')
    expect(snapshot.statusCode).toBe(404)
    expect(errorBody(snapshot)).toEqual({ code: 'camera.unknown', params: { camera: 'cam-9999' } })
    const live = await call('op1', 'GET', '/live/cam-9999/main/index.m3u8')
    expect(errorBody(live)).toEqual({ code: 'camera.unknown', params: { camera: 'cam-9999' } })
  })

  it('an unknown API path is route.not-found', async () => {
    const response = await call('op1', 'GET', '/api/no-such-thing')
    expect(response.statusCode).toBe(404)
    expect(errorBody(response)).toEqual({
      code: 'route.not-found',
      params: { method: 'GET', path: '/api/no-such-thing' },
    })
  })

  it('a stale version is incident.stale-version with the incident code', async () => {
    const created = await call('op1', 'POST', '/api/incidents', { cameraId: 'cam-0002', category: 'vehicle-scrape' })
    expect(created.statusCode).toBe(201)
    const incident = created.json() as { id: number; code: string }
    const response = await call('op1', 'POST', `/api/incidents/${incident.id}/transitions`, {
      action: 'accept',
      version: 999,
    })
    expect(response.statusCode).toBe(409)
    expect(errorBody(response)).toEqual({ code: 'incident.stale-version', params: { incident: incident.code } })
  })

  it('a step of the loop at the wrong stage is incident.wrong-stage with the action and the stage', async () => {
    const created = await call('op1', 'POST', '/api/incidents', { cameraId: 'cam-0002', category: 'vehicle-scrape' })
    const { id } = created.json() as { id: number }
    const response = await call('op1', 'POST', `/api/incidents/${id}/transitions`, { action: 'verify' })
    expect(response.statusCode).toBe(409)
    expect(errorBody(response)).toEqual({
      code: 'incident.wrong-stage',
      params: { action: 'verify', stage: 'reported' },
    })
  })

  it('a cross-site write is request.cross-site with the origin', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: 'https://elsewhere.example' },
    })
    expect(response.statusCode).toBe(403)
    expect(errorBody(response)).toEqual({ code: 'request.cross-site', params: { origin: 'https://elsewhere.example' } })
  })

  it('a body too large and a body of the wrong type have their own codes', async () => {
    const large = await t.app.inject({
      method: 'POST',
      url: '/api/layouts',
      headers: { cookie: cookies['op1']!, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
    })
    expect(large.statusCode).toBe(413)
    expect(errorBody(large)).toEqual({ code: 'request.body-too-large', params: {} })
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/layouts',
      headers: { cookie: cookies['op1']!, 'content-type': 'application/xml' },
      payload: '<layout/>',
    })
    expect(xml.statusCode).toBe(415)
    expect(errorBody(xml)).toEqual({ code: 'request.unsupported-media-type', params: {} })
  })

  it('a camera that refuses the connection answers the player 503 camera.unreachable', async () => {
    // The first answers may come before ffmpeg has said why (no video yet: stream.not-live); poll for the reason.
    const deadline = Date.now() + 60_000
    let last: { code: string; params: Record<string, unknown> } | undefined
    while (Date.now() < deadline) {
      const response = await call('op1', 'GET', `/live/${REFUSING_CAMERA}/sub/index.m3u8`)
      expect(response.statusCode).toBe(503)
      last = errorBody(response)
      if (last.code === 'camera.unreachable') break
    }
    expect(last).toEqual({ code: 'camera.unreachable', params: {} })
    const streams = (await call('op1', 'GET', '/api/streams')).json() as {
      streams: Array<{ cameraId: string; reasonCode: string | null; lastError: string | null }>
    }
    expect(streams.streams.find((s) => s.cameraId === REFUSING_CAMERA)).toMatchObject({
      reasonCode: expect.stringMatching(/^(camera\.unreachable|stream\.ended)$/),
      lastError: expect.any(String),
    })
  }, 90_000)

  it('too many logins from one address is auth.rate-limited with the seconds to wait', async () => {
    let response = await call(null, 'POST', '/api/auth/login', { username: 'op1', password: 'guess' })
    for (let i = 0; i < 10 && response.statusCode !== 429; i++)
      response = await call(null, 'POST', '/api/auth/login', { username: 'op1', password: `guess-${i}` })
    expect(response.statusCode).toBe(429)
    const body = errorBody(response)
    expect(body.code).toBe('auth.rate-limited')
    expect(body.params['seconds']).toBeGreaterThan(0)
  })
})

describe('the error handler', () => {
  it('answers an unexpected failure server.internal, without its text', async () => {
    const app = Fastify({ logger: false })
    await app.register(errorHandlerPlugin)
    app.get('/boom', async () => {
      throw new Error('SQLITE_CORRUPT: database disk image is malformed')
    })
    const response = await app.inject({ method: 'GET', url: '/boom' })
    await app.close()
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'server.internal',
      params: {},
      message: 'internal error; the details are in the server log',
    })
  })
})

describe('the error classes', () => {
  it('accept only codes from the catalog, each with the params it declares (checked by tsc)', () => {
    const typeChecks = () => [
      // @ts-expect-error a code that is not in the catalog
      new NotFoundError('camera.missing', {}, 'no camera'),
      // @ts-expect-error a code without the params it declares
      new NotFoundError('camera.unknown', {}, 'no camera'),
      // @ts-expect-error a param the code does not declare
      new BadRequestError('tour.duplicate-time', { time: '08:00' }, 'each time once'),
      new NotFoundError('camera.unknown', { camera: 'cam-1' }, 'no camera "cam-1"'),
    ]
    expect(typeof typeChecks).toBe('function')
    const error = new NotFoundError('camera.unknown', { camera: 'cam-1' }, 'no camera "cam-1"')
    expect([error.statusCode, error.code, error.params, error.message]).toEqual([
      404,
      'camera.unknown',
      { camera: 'cam-1' },
      'no camera "cam-1"',
    ])
  })
})
