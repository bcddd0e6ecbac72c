import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'

// A web build in miniature: what `vite build` writes (index.html and hashed assets).
const webDir = makeTempDir('web-build')
const INDEX = '<!doctype html><html lang="zh-CN"><body><div id="app"></div></body></html>'
let t: TestApp
let cookie: string

beforeAll(async () => {
  writeFileSync(join(webDir.path, 'index.html'), INDEX)
  mkdirSync(join(webDir.path, 'assets'))
  writeFileSync(join(webDir.path, 'assets', 'index-abc123.js'), 'console.log("app")')
  t = await buildTestApp({ WEB_DIR: webDir.path })
  cookie = await t.login('admin', TEST_ADMIN_PASSWORD)
})
afterAll(async () => {
  await t.close()
  webDir.remove()
})

const PAGES = [
  '/',
  '/login',
  '/console',
  '/board',
  '/inbox',
  '/patrol',
  '/wall',
  '/wall?monitor=main',
  '/anything/else',
]

describe('the web app owns every non-API path', () => {
  it.each(PAGES)('GET %s without a session answers index.html', async (url) => {
    const response = await t.app.inject({ url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.body).toBe(INDEX)
  })

  it.each(PAGES)('GET %s with a session answers index.html', async (url) => {
    const response = await t.app.inject({ url, headers: { cookie } })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe(INDEX)
  })

  it('serves hashed assets as files that never change, before login', async () => {
    const response = await t.app.inject({ url: '/assets/index-abc123.js' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('console.log("app")')
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('a missing file is a 404, not the app', async () => {
    const response = await t.app.inject({ url: '/assets/missing-1.js' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ message: 'no route GET /assets/missing-1.js' })
  })

  it('API paths stay JSON: an unknown one is a 404, a closed one a 401', async () => {
    expect((await t.app.inject({ url: '/api/nothing' })).json()).toMatchObject({ statusCode: 404 })
    const closed = await t.app.inject({ url: '/api/cameras' })
    expect(closed.statusCode).toBe(401)
    expect(closed.json()).toMatchObject({ message: 'please log in' })
  })
})
