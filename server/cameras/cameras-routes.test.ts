import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await buildTestApp()
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t.close()
})

describe('GET /api/cameras', () => {
  it('lists every configured camera with the fields the console needs', async () => {
    const response = await t.app.inject({ url: '/api/cameras', headers: { cookie } })
    expect(response.statusCode).toBe(200)
    const { cameras } = response.json() as { cameras: Record<string, unknown>[] }
    expect(cameras).toHaveLength(320)
    expect(cameras[0]).toEqual({
      id: 'cam-0001',
      name: expect.any(String),
      categories: ['intersection'],
      community: 'zhaolingpu-east',
      grid: 'zhaolingpu-east-1',
      location: { lat: expect.any(Number), lng: expect.any(Number) },
      ptz: false,
      sourceType: 'onvif',
      status: 'unknown',
      statusSince: null,
      recordingProblem: null,
    })
  })

  it('never carries a password, a host or a stream URL', async () => {
    const body = (await t.app.inject({ url: '/api/cameras', headers: { cookie } })).body
    const config = loadCameraConfig(SHIPPED_CONFIG_DIR, {})
    const secrets = config.cameras
      .flatMap((c) => [c.source.type === 'rtmp-push' ? undefined : c.source.password])
      .filter((p): p is string => p !== undefined)
    expect(secrets.length).toBeGreaterThan(300)
    for (const secret of secrets) expect(body).not.toContain(secret)
    expect(body).not.toMatch(/rtsp:\/\/|127\.0\.0\.1|8580|password|username/)
  })
})

describe('GET /api/config', () => {
  it('gives the web app categories, communities, grids and departments, and no camera sources', async () => {
    const response = await t.app.inject({ url: '/api/config', headers: { cookie } })
    const config = response.json() as Record<string, unknown[]>
    expect(config['communities']).toHaveLength(14)
    expect(config['grids']).toHaveLength(55)
    expect(config['departments']).toHaveLength(9)
    expect(config['timeZone']).toBe('Asia/Shanghai')
    expect(Object.keys(config).sort()).toEqual([
      'cameraCategories',
      'communities',
      'departments',
      'eventCategories',
      'grids',
      'timeZone',
    ])
  })
})

describe('GET /api/health', () => {
  it('answers without a session', async () => {
    const response = await t.app.inject({ url: '/api/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'ok', cameras: 320 })
  })
})
