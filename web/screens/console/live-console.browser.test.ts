/**
 * The live console in real Chromium against the real server and the simulated fleet (a child of the
 * server), all on loopback: tiles that really play (currentTime advancing), the main stream on maximise,
 * a tour paging over 12 cameras, and a camera taken offline by the fleet's fault control coming back by
 * itself. One server, one fleet and one browser serve every test in this file.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tour } from '../../../server/contracts/patrol.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

const CAMERAS = 16
let server: TestServer
let chromium: LaunchedBrowser
let context: BrowserContext
let fleetControl: string
let cookie = ''
const configDir = makeTempDir('live-console-config')

beforeAll(async () => {
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  fleetControl = `http://127.0.0.1:${ports.httpPort}/control/cameras`
  writeTestCameraConfig(configDir.path, ports, CAMERAS)
  const [started, browser] = await Promise.all([
    ensureWebBuilt().then(() => startTestServer({ cameraConfigDir: configDir.path, env: { SIMULATED_FLEET: 'on', CAMERA_HEALTH_INTERVAL_S: '5' } })),
    launchBrowser(),
  ])
  server = started
  chromium = browser
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  })
  cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
  context = await chromium.browser.newContext({ viewport: { width: 1600, height: 900 } })
})

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await chromium?.close()
  await server?.close()
  configDir.remove()
})

const id = (n: number): string => `cam-t${String(n).padStart(3, '0')}`

async function signedInPage(path: string): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  // A script error in the console would otherwise surface only as a timeout.
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  // Through the login with `next`: signed out it shows the form, signed in it forwards at once.
  await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`)
  const username = page.getByLabel(translate('zh-CN', 'login.username'))
  const shown = await Promise.race([
    username.waitFor().then(() => 'login' as const),
    page.waitForURL((url) => url.pathname === '/console').then(() => 'console' as const),
  ])
  if (shown === 'login') {
    await username.fill(server.adminUsername)
    await page.getByLabel(translate('zh-CN', 'login.password')).fill(server.adminPassword)
    await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
    await page.waitForURL((url) => url.pathname === '/console')
  }
  return page
}

interface VideoSample { cameraId: string; quality: string; time: number; state: string }

/** currentTime of every visible player, with its tile state. */
function sampleVideos(page: Page): Promise<VideoSample[]> {
  return page.locator('[data-testid=tile]').evaluateAll((tiles) => tiles.flatMap((tile) => {
    const video = tile.querySelector('[data-slot=active] video') as HTMLVideoElement | null
    if (!video) return []
    return [{ cameraId: video.dataset['cameraId'] ?? '', quality: video.dataset['quality'] ?? '', time: video.currentTime, state: tile.getAttribute('data-state') ?? '' }]
  }))
}

/** Waits until every camera in `ids` has its currentTime advance by at least `bySeconds`; returns ms taken. */
async function waitAllPlaying(page: Page, ids: string[], timeoutMs: number, bySeconds = 1): Promise<number> {
  const started = Date.now()
  const first = new Map<string, number>()
  const deadline = started + timeoutMs
  while (Date.now() < deadline) {
    const samples = await sampleVideos(page)
    const advanced = ids.filter((cameraId) => {
      const sample = samples.find((s) => s.cameraId === cameraId)
      if (!sample || sample.time <= 0) return false
      if (!first.has(cameraId)) first.set(cameraId, sample.time)
      return sample.time - first.get(cameraId)! >= bySeconds && sample.state === 'playing'
    })
    if (advanced.length === ids.length) return Date.now() - started
    await page.waitForTimeout(200)
  }
  throw new Error(`not all playing within ${timeoutMs} ms: ${JSON.stringify(await sampleVideos(page))}`)
}

describe('live tiles in Chromium', () => {
  it('a 4-tile deep link plays all four sub streams, and a maximised tile switches to the main stream', async () => {
    const ids = [1, 2, 3, 4].map(id)
    const page = await signedInPage(`/console?layout=4&cameras=${ids.join(',')}`)
    const requested: string[] = []
    page.on('request', (request) => { if (request.url().includes('/live/')) requested.push(new URL(request.url()).pathname) })
    const openedAt = Date.now()
    await page.locator('[data-testid=tile]').first().waitFor()
    expect(await page.locator('[data-testid=tile]').count()).toBe(4)
    const ms = await waitAllPlaying(page, ids, 15_000)
    console.log(`4 tiles: all playing (currentTime +1 s) ${Date.now() - openedAt} ms after open (${ms} ms of polling)`)
    expect(await page.getByTestId('tile-error').count()).toBe(0)
    expect((await sampleVideos(page)).every((s) => s.quality === 'sub')).toBe(true)
    await saveScreenshot(page, 'live-4-tiles')

    // Maximise tile 2: the main stream loads behind the sub picture and takes over once it plays.
    await page.locator('[data-testid=tile][data-index="1"]').dblclick()
    await expect.poll(() => page.locator('[data-testid=tile][data-index="1"]').getAttribute('class')).toContain('maximised')
    const mainAt = Date.now()
    await expect.poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])?.quality, { timeout: 15_000 }).toBe('main')
    console.log(`maximise: main stream took over after ${Date.now() - mainAt} ms`)
    expect(requested.some((path) => path === `/live/${ids[1]}/main/index.m3u8`)).toBe(true)
    const t0 = (await sampleVideos(page)).find((s) => s.cameraId === ids[1])!.time
    await expect.poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])!.time, { timeout: 5_000 }).toBeGreaterThan(t0 + 1)
    const size = await page.locator('[data-testid=tile][data-index="1"] [data-slot=active] video').evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}`)
    expect(size).toBe('1280x720')
    await saveScreenshot(page, 'live-maximised-main')

    // Esc restores the split; the tile goes back to the sub stream.
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])?.quality, { timeout: 15_000 }).toBe('sub')
    await page.close()
  })
})
