/**
 * The wall display in real Chromium at 3840x2160, V8 without its JIT as on the wall PC, against the real
 * server, the shipped configuration (320 cameras, the demo wall.yaml) and the simulated fleet, on loopback.
 * A `wall` account opens /wall: the overview preset's tiles really play (the tour tile started on the
 * monitor's state alone, every tile loading whole segments), the map holds every camera, the ticker lists
 * the open incidents and drops a rejected one, the charts are drawn, the type is legible from across the
 * room; an operator's push (HTTP with the operator's cookie) appears in the alarm zone and goes when
 * cleared. Then the server restarts on the same port and data: the wall shows that it is reconnecting, and
 * comes back by itself, playing and taking pushes.
 */
import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../../../server/contracts/incidents.ts'
import type { WallState } from '../../../server/contracts/wall.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort } from '../../../server/testing/test-camera-config.ts'
import { addAccounts } from '../../../server/testing/test-accounts.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { KIOSK_BROWSER, writeShippedConfig } from '../../../server/testing/wall-fixture.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

const WALL = { username: 'wall-main', password: 'wall-display-main-1', role: 'wall' }
const OPERATOR = { username: 'op-wang', password: 'patrol-and-dispatch-2', role: 'operator' }
// The overview preset's first tile zone (camera-config/wall.yaml): four H.264 cameras, copied not transcoded.
const TILE_ZONE = 'trouble-spots'
const PUSHED = 'cam-0001'
const POLL = { timeout: 60_000, interval: 250 }

let server: TestServer
let chromium: LaunchedBrowser
let context: BrowserContext
let operatorCookie: string
const configDir = makeTempDir('wall-config')
const dataDir = makeTempDir('wall-data')
let serverEnv: Record<string, string>

function startServer(): Promise<TestServer> {
  return startTestServer({
    cameraConfigDir: configDir.path,
    dataDir: dataDir.path,
    env: serverEnv,
    startTimeoutMs: 240_000,
  })
}

async function call(method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { cookie: operatorCookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
}

beforeAll(async () => {
  await writeShippedConfig(configDir.path)
  // A fixed port and admin password: the restart below comes back where the wall's page expects it.
  serverEnv = { SIMULATED_FLEET: 'on', PORT: String(await freePort()), ADMIN_PASSWORD: 'wall-test-admin-1' }
  const [started, browser] = await Promise.all([ensureWebBuilt().then(startServer), launchBrowser(KIOSK_BROWSER)])
  server = started
  chromium = browser
  await addAccounts({ dataDir: server.dataDir, configDir: configDir.path }, [WALL, OPERATOR])
  operatorCookie = await server.login(OPERATOR.username, OPERATOR.password)
  context = await chromium.browser.newContext({ viewport: { width: 3840, height: 2160 } })
}, 300_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await chromium?.close()
  await server?.close()
  configDir.remove()
  dataDir.remove()
})

/** The wall for monitor `main`, signing in as the wall account unless the context is signed in already. */
async function openWall(): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  page.on('pageerror', (error) => console.error(`wall page error: ${error.message}`))
  await page.goto(`${server.url}/wall?monitor=main`)
  // The app decides after asking the server who is signed in: the wall itself, or the login page.
  await page.waitForFunction(() => location.pathname === '/login' || document.querySelector('[data-testid=wall]'))
  if (new URL(page.url()).pathname === '/login') {
    await page.getByLabel(translate('zh-CN', 'login.username')).fill(WALL.username)
    await page.getByLabel(translate('zh-CN', 'login.password')).fill(WALL.password)
    await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
    await page.waitForURL((url) => url.pathname === '/wall' && url.search === '?monitor=main')
  }
  return page
}

/** Each video's currentTime in a zone, in tile order. */
const playheads = (page: Page, zone: string): Promise<number[]> =>
  page.$$eval(`[data-zone="${zone}"] video`, (videos) => videos.map((v) => (v as HTMLVideoElement).currentTime))

/** Waits until every video of the zone has moved on by more than a second. */
async function zonePlays(page: Page, zone: string, count: number): Promise<void> {
  await expect.poll(async () => (await playheads(page, zone)).filter((t) => t > 0.5).length, POLL).toBe(count)
  const first = await playheads(page, zone)
  await expect.poll(async () => (await playheads(page, zone)).every((t, i) => t > first[i]! + 1), POLL).toBe(true)
}

describe('the wall display at 3840x2160', () => {
  it('plays its preset, maps every camera, lists open incidents and shows a push until it is cleared', async () => {
    const incidents: Incident[] = []
    for (const [cameraId, category] of [
      ['cam-0003', 'street-vendor'],
      ['cam-0005', 'road-flooding'],
    ] as const) {
      const response = await call('POST', '/api/incidents', { cameraId, category })
      expect(response.status).toBe(201)
      incidents.push((await response.json()) as Incident)
    }

    const asked: URL[] = []
    const noteRequest = (request: Request): void => void asked.push(new URL(request.url()))
    context.on('request', noteRequest)
    const page = await openWall()
    await page.locator('[data-testid=wall][data-preset=overview]').waitFor()
    // As the kiosk runs it: V8 without its JIT, which also leaves out WebAssembly (the wall needs none).
    expect(await page.evaluate('typeof WebAssembly')).toBe('undefined')

    // Tiles: the zone's four cameras, each a tile with its camera id, each video's playhead advancing.
    await expect
      .poll(
        () =>
          page.$$eval(`[data-zone="${TILE_ZONE}"] [data-testid=wall-tile][data-camera-id]`, (tiles) => tiles.length),
        POLL,
      )
      .toBe(4)
    await zonePlays(page, TILE_ZONE, 4)

    // The map: a Leaflet container drawing every camera on its canvas (so the camera list has been asked
    // for by now: on a loaded machine the tiles can play before the map's code has loaded).
    const map = page.getByTestId('wall-map')
    await expect.poll(() => map.getAttribute('data-camera-markers'), POLL).toBe('320')
    expect(await map.evaluate((el) => el.classList.contains('leaflet-container'))).toBe(true)
    expect(await map.locator('canvas').count()).toBeGreaterThan(0)

    // The tour tile starts on the monitor's state, before the camera list is even asked for, and the wall's
    // players load whole segments, not parts (relaxed latency: nine tiles share six connections).
    context.off('request', noteRequest)
    const state = (await (await call('GET', '/api/wall/state?monitor=main')).json()) as WallState
    const tourCameras = new Set(state.tours.flatMap((tour) => tour.cameras))
    const firstTourPlaylist = asked.findIndex(
      (url) => url.pathname.endsWith('/index.m3u8') && tourCameras.has(url.pathname.split('/')[2]!),
    )
    expect(firstTourPlaylist).toBeGreaterThanOrEqual(0)
    expect(firstTourPlaylist).toBeLessThan(asked.findIndex((url) => url.pathname === '/api/cameras'))
    const media = asked.filter((url) => url.pathname.startsWith('/live/') && url.pathname.endsWith('.m4s'))
    expect(media.filter((url) => url.pathname.includes('/seg-')).length).toBeGreaterThan(0)
    expect(media.filter((url) => url.pathname.includes('/part-'))).toEqual([])

    // The ticker lists both open incidents; the statistics draw both charts.
    for (const incident of incidents) {
      await page.locator(`[data-testid=wall-ticker] [data-incident-code="${incident.code}"]`).waitFor()
    }
    // A rejected incident leaves the ticker, live (and the wall's incident store: wall-incidents.ts).
    const rejected = incidents[0]!
    const reject = await call('POST', `/api/incidents/${rejected.id}/transitions`, {
      action: 'reject',
      reason: 'a duplicate report',
    })
    expect(reject.status).toBe(200)
    const ticker = (code: string) => page.locator(`[data-testid=wall-ticker] [data-incident-code="${code}"]`)
    await expect.poll(() => ticker(rejected.code).count(), POLL).toBe(0)
    expect(await ticker(incidents[1]!.code).count()).toBe(1)
    for (const chart of ['wall-chart-category', 'wall-chart-department']) {
      await expect.poll(() => page.locator(`[data-testid=${chart}] canvas`).count(), POLL).toBe(1)
    }

    // Legible from 5 m: no visible text under 28 px on the 4K wall.
    const smallest = await page.evaluate(() => {
      let min = Infinity
      for (const element of document.querySelectorAll<HTMLElement>('[data-testid=wall] *')) {
        const own = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent!.trim() !== '')
        if (!own || element.getBoundingClientRect().width === 0) continue
        min = Math.min(min, parseFloat(getComputedStyle(element).fontSize))
      }
      return min
    })
    expect(smallest).toBeGreaterThanOrEqual(28)
    await saveScreenshot(page, 'wall-3840x2160')

    // An operator pushes a camera to the main monitor: it appears in the alarm zone, badged with who.
    const push = await call('POST', '/api/wall/push', { monitor: 'main', camera: PUSHED, seconds: 300 })
    expect(push.status).toBeLessThan(300)
    const pushed = page.locator(`[data-zone=alarm] [data-testid=wall-override][data-source=push]`)
    await pushed.locator(`[data-testid=wall-tile][data-camera-id="${PUSHED}"]`).waitFor({ timeout: POLL.timeout })
    expect(await pushed.textContent()).toContain(OPERATOR.username)
    await saveScreenshot(page, 'wall-3840x2160-pushed')

    const clear = await call('DELETE', '/api/wall/push/main')
    expect(clear.status).toBeLessThan(300)
    await expect.poll(() => pushed.count(), POLL).toBe(0)
  }, 240_000)

  it('shows that it is reconnecting while the server restarts, then comes back by itself', async () => {
    const page = await openWall()
    const status = page.getByTestId('wall-status')
    await expect.poll(() => status.getAttribute('data-connection'), POLL).toBe('live')
    await expect.poll(() => status.isVisible(), POLL).toBe(false)

    await server.close()
    await expect.poll(() => status.getAttribute('data-connection'), POLL).toBe('reconnecting')
    await expect.poll(() => status.isVisible(), POLL).toBe(true)

    server = await startServer()
    await expect.poll(() => status.getAttribute('data-connection'), { ...POLL, timeout: 90_000 }).toBe('live')
    await expect.poll(() => status.isVisible(), POLL).toBe(false)
    await zonePlays(page, TILE_ZONE, 4)

    // Live updates flow again: a push made after the restart reaches the wall without a reload.
    const push = await call('POST', '/api/wall/push', { monitor: 'main', camera: PUSHED, seconds: 300 })
    expect(push.status).toBeLessThan(300)
    await page
      .locator(`[data-zone=alarm] [data-testid=wall-override][data-source=push] [data-testid=wall-tile]`)
      .waitFor({ timeout: POLL.timeout })
  }, 300_000)
})
