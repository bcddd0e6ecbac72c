import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCameraConfig } from '../config/load-camera-config.ts'
import { buildTestApp, SHIPPED_CONFIG_DIR, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'

let t: TestApp
let cookie: string

beforeAll(async () => {
  t = await buildTestApp({}, { ...loadCameraConfig(SHIPPED_CONFIG_DIR, {}), wall: null })
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t.close()
})

describe('a site without wall.yaml', () => {
  it('lists no monitors and says why a state cannot be read or pushed', async () => {
    const monitors = await t.app.inject({ url: '/api/wall/monitors', headers: { cookie } })
    expect(monitors.json()).toEqual({ monitors: [] })
    for (const request of [
      { url: '/api/wall/state?monitor=main' },
      { method: 'POST' as const, url: '/api/wall/push', payload: { monitor: 'main', camera: 'cam-0002' } },
    ]) {
      const response = await t.app.inject({ ...request, headers: { cookie } })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ message: 'there is no wall: camera-config/wall.yaml is missing' })
    }
  })

  it('cannot pair a device', async () => {
    await expect(t.app.wallPairing.pair('main')).rejects.toThrow(
      'monitor: there is no wall (camera-config/wall.yaml is missing)',
    )
  })
})
