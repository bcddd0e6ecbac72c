/**
 * The live console in real Chromium against the real server and the simulated fleet (a child of the
 * server), all on loopback: tiles that really play (currentTime advancing), the main stream on maximise,
 * a tour paging over 12 cameras, and a camera taken offline by the fleet's fault control coming back by
 * itself. One server, one fleet and one browser serve the tests in this file; the offline test has a server
 * and fleet of its own, because the fleet's offline fault also stalls other cameras' loopers. That one starts
 * once the main one runs, while the other tests run. The tests run in any order
 * (`vitest --sequence.shuffle`): none relies on what another one started.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tour } from '../../../server/contracts/patrol.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

// 4-tile test: 1-4; 16 tiles: 1-16; tour: 13-24 (17-24 only there, so its prefetch meets cold streams);
// press in the tree: 25 (only there, so it starts cold).
const CAMERAS = 25
const TOUR_DWELL_S = 6
let main: RunningConsole
/** The offline test's server and fleet: started in beforeAll, awaited (and any start failure reported) there. */
let offlineConsole: Promise<RunningConsole>
let chromium: LaunchedBrowser
let context: BrowserContext

interface RunningConsole {
  server: TestServer
  /** The fleet's fault control: `${fleetControl}/<camera>/faults`. */
  fleetControl: string
  /** The admin's session cookie, for API calls. */
  cookie: string
  close(): Promise<void>
}

/** The server with the simulated fleet as its child, on cameras cam-t001..cam-t<count>. */
async function startConsole(cameras: number): Promise<RunningConsole> {
  const configDir = makeTempDir('live-console-config')
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(configDir.path, ports, cameras)
  await ensureWebBuilt()
  const server = await startTestServer({
    cameraConfigDir: configDir.path,
    env: { SIMULATED_FLEET: 'on', CAMERA_HEALTH_INTERVAL_S: '5' },
  })
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  })
  return {
    server,
    fleetControl: `http://127.0.0.1:${ports.httpPort}/control/cameras`,
    cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '',
    async close() {
      await server.close()
      configDir.remove()
    },
  }
}

beforeAll(async () => {
  const [started, browser] = await Promise.all([startConsole(CAMERAS), launchBrowser()])
  main = started
  chromium = browser
  context = await chromium.browser.newContext({ viewport: { width: 1600, height: 900 } })
  // Not awaited: it starts while the other tests wait on their pages (starting it beside the main server
  // would only lengthen this hook on a busy machine). The offline test awaits it and reports a failure.
  offlineConsole = startConsole(2)
  offlineConsole.catch(() => undefined)
})

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await chromium?.close()
  await main?.close()
  // Closed by the offline test already, unless it did not run (close is idempotent).
  await (await offlineConsole?.catch(() => undefined))?.close()
})

const id = (n: number): string => `cam-t${String(n).padStart(3, '0')}`

async function adminApi<T>(method: string, path: string, body?: unknown, on: RunningConsole = main): Promise<T> {
  const response = await fetch(on.server.url + path, {
    method,
    headers: { cookie: on.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (response.status === 204 ? undefined : await response.json()) as T
}

/** `beforeNavigation` runs on the new page first: a listener added after the tour starts can miss its first requests. */
async function signedInPage(
  path: string,
  beforeNavigation?: (page: Page) => void,
  on: RunningConsole = main,
  inContext: BrowserContext = context,
): Promise<Page> {
  const { server } = on
  const page = await inContext.newPage()
  beforeNavigation?.(page)
  page.setDefaultTimeout(30_000)
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

interface VideoSample {
  cameraId: string
  quality: string
  time: number
  state: string
}

/** currentTime of every visible player, with its tile state. */
function sampleVideos(page: Page): Promise<VideoSample[]> {
  return page.locator('[data-testid=tile]').evaluateAll((tiles) =>
    tiles.flatMap((tile) => {
      const video = tile.querySelector('[data-slot=active] video') as HTMLVideoElement | null
      if (!video) return []
      return [
        {
          cameraId: video.dataset['cameraId'] ?? '',
          quality: video.dataset['quality'] ?? '',
          time: video.currentTime,
          state: tile.getAttribute('data-state') ?? '',
        },
      ]
    }),
  )
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
    page.on('request', (request) => {
      if (request.url().includes('/live/')) requested.push(new URL(request.url()).pathname)
    })
    const openedAt = Date.now()
    await page.locator('[data-testid=tile]').first().waitFor()
    expect(await page.locator('[data-testid=tile]').count()).toBe(4)
    const ms = await waitAllPlaying(page, ids, 30_000)
    console.log(`4 tiles: all playing (currentTime +1 s) ${Date.now() - openedAt} ms after open (${ms} ms of polling)`)
    expect(await page.getByTestId('tile-error').count()).toBe(0)
    expect((await sampleVideos(page)).every((s) => s.quality === 'sub')).toBe(true)
    await saveScreenshot(page, 'live-4-tiles')

    // Maximise tile 2: the main stream loads behind the sub picture and takes over once it plays.
    await page.locator('[data-testid=tile][data-index="1"]').dblclick()
    await expect
      .poll(() => page.locator('[data-testid=tile][data-index="1"]').getAttribute('class'))
      .toContain('maximised')
    const mainAt = Date.now()
    await expect.poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])?.quality).toBe('main')
    console.log(`maximise: main stream took over after ${Date.now() - mainAt} ms`)
    expect(requested.some((path) => path === `/live/${ids[1]}/main/index.m3u8`)).toBe(true)
    const t0 = (await sampleVideos(page)).find((s) => s.cameraId === ids[1])!.time
    await expect
      .poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])!.time)
      .toBeGreaterThan(t0 + 1)
    const size = await page
      .locator('[data-testid=tile][data-index="1"] [data-slot=active] video')
      .evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}`)
    expect(size).toBe('1280x720')
    await saveScreenshot(page, 'live-maximised-main')

    // Esc restores the split; the tile goes back to the sub stream.
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await sampleVideos(page)).find((s) => s.cameraId === ids[1])?.quality).toBe('sub')
    await page.close()
  }, 180_000)

  // Each page must play. Its streams are already running (page 1 warmed below, later pages by the tour's own
  // prefetch 4 s ahead), so a page plays ~1 s after its switch; the test holds a page from the tour bar until
  // it plays, so a slow machine only takes longer. When each page played is printed, not limited.
  it(`a tour with a ${TOUR_DWELL_S} s dwell pages over 12 cameras on 4 tiles, prefetches, finishes completed, and the patrol log has it`, async () => {
    const cameraIds = Array.from({ length: 12 }, (_, i) => id(13 + i))
    const tour = await adminApi<Tour>('POST', '/api/tours', {
      name: '浏览器测试巡查',
      items: cameraIds.map((cameraId) => ({ type: 'camera', id: cameraId })),
      kind: '4',
      dwellSeconds: TOUR_DWELL_S,
      schedule: null,
    })
    expect(tour.cameraIds).toEqual(cameraIds)
    const firstPage = cameraIds.slice(0, 4)
    await adminApi('POST', '/api/streams/prefetch', {
      streams: firstPage.map((cameraId) => ({ cameraId, quality: 'sub' })),
    })
    await waitFor(
      async () => {
        const { streams } = await adminApi<{ streams: Array<{ cameraId: string; quality: string; state: string }> }>(
          'GET',
          '/api/streams',
        )
        return firstPage.every((c) =>
          streams.some((s) => s.cameraId === c && s.quality === 'sub' && s.state === 'live'),
        )
      },
      30_000,
      'the first page of the tour live on the server',
      200,
    )
    const startedAt = new Date().toISOString()
    const prefetches: string[] = []
    const finishes: string[] = []
    // Listening from the start: the first prefetch may go out as the tour starts.
    const page = await signedInPage(`/console?tour=${tour.id}`, (p) =>
      p.on('request', (request) => {
        if (request.url().endsWith('/api/streams/prefetch')) prefetches.push(request.postData() ?? '')
        if (/\/api\/tour-runs\/\d+\/finish$/.test(request.url())) finishes.push(request.postData() ?? '')
      }),
    )

    // Poll what is on screen: each page's cameras, and how long after the switch all four played. A page not
    // yet playing is paused from the tour bar once the tour runs, and resumed once its four tiles play, with
    // the dwell it had left: the test asks that every page plays, not that it plays within the dwell, which a
    // loaded machine can outlast.
    const pages: Array<{
      cameras: string[]
      shownAt: number
      playingAfterMs: number | null
      held: boolean
      resumed: boolean
    }> = []
    const tourPhase = (): Promise<string | null> =>
      page.getByTestId('tour-bar').evaluateAll((bars) => bars[0]?.getAttribute('data-phase') ?? null)
    let barSeen = false
    await waitFor(
      async () => {
        const phase = await tourPhase()
        if (phase !== null) barSeen = true
        const samples = await sampleVideos(page)
        const onScreen = samples.map((v) => v.cameraId)
        const current = pages[pages.length - 1]
        if (onScreen.length > 0 && (!current || current.cameras.join() !== onScreen.join())) {
          pages.push({ cameras: onScreen, shownAt: Date.now(), playingAfterMs: null, held: false, resumed: false })
          if (pages.length === 2) await saveScreenshot(page, 'live-tour-page-2')
          return false
        }
        if (!current || current.playingAfterMs !== null) return barSeen && phase === null
        // Held once the tour runs (its bar can appear after the first page's tiles), unless it played already.
        if (!current.held && phase === 'running' && current.cameras.every((c) => cameraIds.includes(c))) {
          await page.getByTestId('tour-toggle').click()
          current.held = true
        } else if (samples.length > 0 && samples.every((v) => v.state === 'playing' && v.time > 0)) {
          current.playingAfterMs = Date.now() - current.shownAt
          if (current.held && phase === 'paused') {
            await page.getByTestId('tour-toggle').click()
            current.resumed = true
          }
        }
        // The tour bar goes when the tour ends.
        return barSeen && phase === null
      },
      150_000,
      'the tour to end',
      100,
    )
    const tourPages = pages.filter((p) => p.cameras.every((c) => cameraIds.includes(c)))
    console.log(
      `tour pages: ${JSON.stringify(tourPages.map((p) => ({ cameras: p.cameras.length, firstFrameMs: p.playingAfterMs, held: p.held })))}`,
    )
    expect(tourPages.map((p) => p.cameras)).toEqual([
      cameraIds.slice(0, 4),
      cameraIds.slice(4, 8),
      cameraIds.slice(8, 12),
    ])
    // Each page played on all four tiles, each tile loading the next page's camera into the hls.js it kept.
    expect(tourPages.map((p) => p.playingAfterMs !== null)).toEqual([true, true, true])
    expect(
      prefetches.map((body) =>
        (JSON.parse(body) as { streams: Array<{ cameraId: string }> }).streams.map((s) => s.cameraId),
      ),
    ).toEqual([cameraIds.slice(4, 8), cameraIds.slice(8, 12)])
    expect(finishes).toEqual(['{"completed":true}'])
    // The tour bar's pause held every page it caught before it played (always the second and third: the tour
    // was running when they came), and its resume carried the tour on to the end.
    expect(tourPages.map((p) => p.held === p.resumed)).toEqual([true, true, true])
    expect(tourPages.slice(1).map((p) => p.resumed)).toEqual([true, true])

    // The server's patrol log saw every camera of the tour on the admin's screen.
    const log = await adminApi<{ entries: Array<{ cameraId: string; username: string }> }>(
      'GET',
      `/api/patrol/log?from=${encodeURIComponent(startedAt)}&username=admin`,
    )
    const logged = new Set(log.entries.map((entry) => entry.cameraId))
    expect(cameraIds.filter((cameraId) => !logged.has(cameraId))).toEqual([])
    await page.close()
  }, 240_000)

  it('a press on a camera in the tree starts its stream at once; the double-click then joins the running stream', async () => {
    const pressed = id(25)
    const page = await signedInPage(`/console?layout=4&cameras=${id(1)}`)
    const intents: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/streams/prefetch?for=intent')) intents.push(request.postData() ?? '')
    })
    const running = async (): Promise<Array<{ cameraId: string; quality: string; viewers: number }>> =>
      (
        await adminApi<{ streams: Array<{ cameraId: string; quality: string; viewers: number }> }>(
          'GET',
          '/api/streams',
        )
      ).streams
    expect((await running()).some((s) => s.cameraId === pressed)).toBe(false)

    await page.getByTestId('camera-search').fill(pressed)
    const row = page.locator(`[data-testid=camera-row][data-camera-id=${pressed}]`).first()
    await row.hover()
    await page.mouse.down()
    // Started by the press alone: no tile shows the camera yet, so nobody views it.
    await expect
      .poll(async () => (await running()).find((s) => s.cameraId === pressed))
      .toMatchObject({ quality: 'sub', viewers: 0 })
    await page.mouse.up()
    expect(intents).toEqual([JSON.stringify({ streams: [{ cameraId: pressed, quality: 'sub' }] })])

    const openedAt = Date.now()
    await row.dblclick()
    await waitAllPlaying(page, [pressed], 30_000, 0.5)
    console.log(`press then double-click: playing ${Date.now() - openedAt} ms after the double-click`)
    // The double-click's own presses did not ask again.
    expect(intents).toHaveLength(1)
    expect((await sampleVideos(page)).find((s) => s.cameraId === pressed)?.quality).toBe('sub')
    await page.close()
  }, 90_000)

  it('16 tiles all play', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => id(i + 1))
    const page = await signedInPage(`/console?layout=16&cameras=${ids.join(',')}`)
    const openedAt = Date.now()
    await waitAllPlaying(page, ids, 120_000, 0.5)
    console.log(`16 tiles: all playing (currentTime +0.5 s) ${Date.now() - openedAt} ms after open`)
    expect(await page.getByTestId('tile-error').count()).toBe(0)
    await saveScreenshot(page, 'live-16-tiles')
    await page.close()
  }, 180_000)

  it('a camera taken offline on screen shows why, and plays again by itself when it returns', async () => {
    // Its own server and fleet: the offline fault also stalls other cameras' loopers ("Error applying
    // bitstream filters"), which must not reach the other tests.
    const own = await offlineConsole
    // Cookies are per host, not per port: a context of its own keeps the two servers' sessions apart.
    const ownContext = await chromium.browser.newContext({ viewport: { width: 1600, height: 900 } })
    try {
      const [down, neighbour] = [id(1), id(2)]
      const page = await signedInPage(`/console?layout=4&cameras=${down},${neighbour}`, undefined, own, ownContext)
      await waitAllPlaying(page, [down, neighbour], 30_000)
      const tile = page.locator(`[data-testid=tile][data-camera-id=${down}]`)

      const offlineAt = Date.now()
      const put = await fetch(`${own.fleetControl}/${down}/faults`, {
        method: 'PUT',
        body: JSON.stringify({ offline: true }),
      })
      expect(put.status).toBe(200)
      // First the picture is reported lost (no "live" badge on a frozen frame), then why, once the server
      // knows: a 503 from the playlist, or the camera's status from the health checks.
      await expect.poll(() => tile.getAttribute('data-state'), { timeout: 30_000 }).not.toBe('playing')
      console.log(
        `offline: tile left "playing" after ${Date.now() - offlineAt} ms (${await tile.getAttribute('data-state')})`,
      )
      await tile.getByTestId('tile-error').waitFor({ timeout: 60_000 })
      const shown = await tile.getByTestId('tile-error').textContent()
      console.log(`offline: tile shows "${shown?.trim()}" after ${Date.now() - offlineAt} ms`)
      // In the operator's language (the console starts in Chinese), never the server's English or ffmpeg's words.
      expect(shown).toMatch(/[\u4e00-\u9fff]/)
      expect(shown).not.toMatch(/ffmpeg|camera cam-|the camera/)
      // The reason stays on screen while the tile keeps retrying: no blink back to a spinner, and no "live"
      // badge over the last seconds of video the server still held from before the camera dropped.
      const seen: number[] = []
      for (let i = 0; i < 16; i++) {
        seen.push(await tile.getByTestId('tile-error').count())
        await page.waitForTimeout(500)
      }
      expect(seen).toEqual(Array.from({ length: 16 }, () => 1))
      await saveScreenshot(page, 'live-camera-offline')
      // Not asserted: that the neighbour keeps playing (the offline fault stalls its looper too).

      const backAt = Date.now()
      await fetch(`${own.fleetControl}/${down}/faults`, { method: 'DELETE' })
      await waitAllPlaying(page, [down], 60_000)
      console.log(`offline: playing again ${Date.now() - backAt} ms after the camera came back`)
      expect(await tile.getByTestId('tile-error').count()).toBe(0)
      await saveScreenshot(page, 'live-camera-back')
      await page.close()
    } finally {
      await ownContext.close()
      await own.close()
    }
  }, 180_000)
})
