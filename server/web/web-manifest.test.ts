/**
 * The web app manifest and its icons, as committed in web/public (Vite copies them into the build as they
 * are): served before sign-in with the content types a phone expects, and allowed by the CSP, so an
 * officer can add the inbox to the home screen.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../testing/test-app.ts'
import { makeTempDir } from '../testing/temp-dir.ts'

const PUBLIC_DIR = join(import.meta.dirname, '..', '..', 'web', 'public')
const webDir = makeTempDir('web-manifest')
let t: TestApp

interface Manifest {
  name: string
  start_url: string
  scope: string
  display: string
  theme_color: string
  icons: { src: string; sizes: string; type: string; purpose: string }[]
}

beforeAll(async () => {
  cpSync(PUBLIC_DIR, webDir.path, { recursive: true })
  writeFileSync(join(webDir.path, 'index.html'), '<!doctype html><link rel="manifest" href="/manifest.webmanifest" />')
  t = await buildTestApp({ WEB_DIR: webDir.path })
})
afterAll(async () => {
  await t.close()
  webDir.remove()
})

/** A PNG's size from its IHDR chunk (bytes 16-23). */
function pngSize(png: Buffer): string {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`
}

describe('the web app manifest', () => {
  it('is served without a session as application/manifest+json, allowed by the CSP', async () => {
    const response = await t.app.inject({ url: '/manifest.webmanifest' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/manifest\+json/)
    expect(response.headers['content-security-policy']).toContain("manifest-src 'self'")
    const manifest = response.json<Manifest>()
    expect(manifest).toMatchObject({ name: '锐眼调度', start_url: '/', scope: '/', display: 'standalone' })
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('every icon it names is served with its declared type and size', async () => {
    const manifest = JSON.parse(readFileSync(join(PUBLIC_DIR, 'manifest.webmanifest'), 'utf8')) as Manifest
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true)
    for (const icon of manifest.icons) {
      const response = await t.app.inject({ url: icon.src })
      expect(response.statusCode, icon.src).toBe(200)
      expect(response.headers['content-type'], icon.src).toMatch(new RegExp(`^${icon.type.replace('+', '\\+')}`))
      if (icon.type === 'image/png') expect(pngSize(response.rawPayload), icon.src).toBe(icon.sizes)
    }
  })

  it('the page links the manifest, the icon and the theme colour', () => {
    const html = readFileSync(join(PUBLIC_DIR, '..', 'index.html'), 'utf8')
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest" />')
    expect(html).toContain('<link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />')
    expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}" \/>/)
  })
})
