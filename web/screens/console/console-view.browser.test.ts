/**
 * How the console shows video, in real Chromium against the real server and the simulated fleet: a
 * maximised tile covers the whole grid and plays the main stream, full screen for a tile and for the grid,
 * Space pausing a tour right after its start button was clicked, and the patrol page opening an
 * unpatrolled camera in the console. One server with its fleet and one browser serve the file; each test
 * opens its own page and relies on nothing another test left.
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

const CAMERAS = 9
let server: TestServer
let chromium: LaunchedBrowser
let context: BrowserContext
let cookie = ''
let removeConfig: () => void = () => undefined

const id = (n: number): string => `cam-t${String(n).padStart(3, '0')}`

beforeAll(async () => {
  const configDir = makeTempDir('console-view-config')
  removeConfig = () => configDir.remove()
  writeTestCameraConfig(configDir.path, { rtspPort: await freePort(), httpPort: await freePort() }, CAMERAS)
  await ensureWebBuilt()
  const [started, browser] = await Promise.all([
    // An hour's minimum dwell: no camera ever counts as patrolled here, whatever the other tests watched.
    startTestServer({ cameraConfigDir: configDir.path, env: { SIMULATED_FLEET: 'on', PATROL_MIN_DWELL_S: '3600' } }),
    launchBrowser(),
  ])
  server = started
  chromium = browser
  context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } })
  cookie = await server.login()
  const separator = cookie.indexOf('=')
  await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.url }])
})

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await chromium?.close()
  await server?.close()
  removeConfig()
})

async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (response.status === 204 ? undefined : await response.json()) as T
}

/** A page of the signed-in admin (the context holds the session cookie). */
async function openPage(path: string): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.goto(server.url + path)
  return page
}

interface Box {
  x: number
  y: number
  width: number
  height: number
}

async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).boundingBox()
  if (!box) throw new Error(`${selector} has no box`)
  return box
}

function expectSameBox(actual: Box, expected: Box): void {
  for (const side of ['x', 'y', 'width', 'height'] as const) {
    expect(
      Math.abs(actual[side] - expected[side]),
      `${side}: ${actual[side]} vs ${expected[side]}`,
    ).toBeLessThanOrEqual(2)
  }
}

const tile = (index: number): string => `[data-testid=tile][data-index="${index}"]`
const GRID = '[data-testid=video-grid]'
const fullscreenElement = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    const element = document.fullscreenElement as HTMLElement | null
    return element === null ? null : (element.dataset['testid'] ?? element.tagName)
  })

describe('maximise and full screen', () => {
  it('Enter maximises the selected tile over the whole grid with the main stream; Esc and Enter return', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => id(i + 1))
    const page = await openPage(`/console?layout=9&cameras=${ids.join(',')}`)
    const playlists: string[] = []
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (path.endsWith('/index.m3u8')) playlists.push(path)
    })
    await page.locator(tile(8)).waitFor()
    const cell = await boxOf(page, tile(4))
    const neighbour = await boxOf(page, tile(3))
    const grid = await boxOf(page, GRID)
    expect(cell.width).toBeLessThan(grid.width / 2)

    await page.locator(tile(4)).click()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator(tile(4)).getAttribute('class')).toContain('maximised')
    expectSameBox(await boxOf(page, tile(4)), grid)
    // The tile asks for the main stream; the other tiles stay where they were, covered.
    await expect.poll(() => playlists.includes(`/live/${ids[4]}/main/index.m3u8`), { timeout: 20_000 }).toBe(true)
    await expect
      .poll(() => page.locator(`${tile(4)} [data-slot=active] video`).getAttribute('data-quality'), {
        timeout: 30_000,
      })
      .toBe('main')
    expectSameBox(await boxOf(page, tile(3)), neighbour)
    expect(await page.locator(tile(3)).getAttribute('inert')).not.toBeNull()
    await saveScreenshot(page, 'console-maximised-9-split')

    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('[data-testid=tile].maximised').count()).toBe(0)
    expectSameBox(await boxOf(page, tile(4)), cell)

    // Double-click maximises too; Enter returns.
    await page.locator(tile(4)).dblclick()
    await expect.poll(() => page.locator('[data-testid=tile].maximised').count()).toBe(1)
    expectSameBox(await boxOf(page, tile(4)), grid)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('[data-testid=tile].maximised').count()).toBe(0)
    expectSameBox(await boxOf(page, tile(4)), cell)
    await page.close()
  }, 90_000)

  it('V shows the selected tile full screen and again leaves; Shift+V the grid; the tile menu has a button', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => id(i + 1))
    const page = await openPage(`/console?layout=4&cameras=${ids.join(',')}`)
    await page.locator(tile(3)).waitFor()
    const cell = await boxOf(page, tile(1))

    await page.locator(tile(1)).click()
    await page.keyboard.press('v')
    await expect.poll(() => fullscreenElement(page)).toBe('tile')
    expect(await page.evaluate(() => (document.fullscreenElement as HTMLElement).dataset['index'])).toBe('1')
    // Full screen is maximised: the main stream.
    await expect
      .poll(() => page.locator(`${tile(1)} [data-slot=active] video`).getAttribute('data-quality'), {
        timeout: 30_000,
      })
      .toBe('main')
    const viewport = page.viewportSize()!
    expectSameBox(await boxOf(page, tile(1)), { x: 0, y: 0, ...viewport })
    await page.keyboard.press('v')
    await expect.poll(() => fullscreenElement(page)).toBeNull()
    await expect.poll(() => page.locator('[data-testid=tile].maximised').count()).toBe(0)
    expectSameBox(await boxOf(page, tile(1)), cell)

    await page.keyboard.press('Shift+V')
    await expect.poll(() => fullscreenElement(page)).toBe('video-grid')
    expect(await page.locator('[data-testid=tile]').count()).toBe(4)
    await page.keyboard.press('Shift+V')
    await expect.poll(() => fullscreenElement(page)).toBeNull()

    await page.locator(tile(2)).hover()
    await page.locator(`${tile(2)} [data-testid=tile-fullscreen]`).click()
    await expect.poll(() => fullscreenElement(page)).toBe('tile')
    expect(await page.evaluate(() => (document.fullscreenElement as HTMLElement).dataset['index'])).toBe('2')
    // Leaving full screen by the document (as the browser's own Esc does) gives the tile back its cell.
    await page.evaluate(() => document.exitFullscreen())
    await expect.poll(() => page.locator('[data-testid=tile].maximised').count()).toBe(0)

    // The help lists both keys.
    await page.keyboard.press('?')
    const help = page.getByTestId('help-overlay')
    await expect.poll(() => help.textContent()).toContain(translate('zh-CN', 'help.fullscreenTile'))
    expect(await help.textContent()).toContain(translate('zh-CN', 'help.fullscreenGrid'))
    await page.close()
  }, 90_000)
})

describe('tours', () => {
  it('Space right after clicking 开始 pauses the tour, and Space again resumes it', async () => {
    const tour = await adminApi<Tour>('POST', '/api/tours', {
      name: '空格键测试',
      items: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ type: 'camera', id: id(n) })),
      kind: '4',
      dwellSeconds: 30,
      schedule: null,
    })
    const page = await openPage('/console')
    await page.getByTestId('tab-tours').click()
    const start = page.locator(`[data-testid=tour-row][data-tour-id="${tour.id}"] [data-testid=tour-start]`)
    await start.click()
    const bar = page.getByTestId('tour-bar')
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('running')
    // The start button still has the focus: Space there would start the tour over.
    expect(await start.evaluate((button) => button === document.activeElement)).toBe(true)

    await page.keyboard.press(' ')
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('paused')
    await page.keyboard.press(' ')
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('running')
    await page.getByTestId('tour-stop').click()
    await expect.poll(() => bar.count()).toBe(0)
    await page.close()
  }, 60_000)
})

describe('patrol page', () => {
  it('a click on an unpatrolled camera opens the console with that camera', async () => {
    const page = await openPage('/patrol')
    const chip = page.locator('[data-testid=coverage-category] [data-testid=unpatrolled-camera]').first()
    await chip.waitFor()
    const cameraId = await chip.getAttribute('data-camera-id')
    expect(cameraId).toMatch(/^cam-t\d{3}$/)
    // The category's name stays on one line (CJK text in a squeezed column broke after every character).
    const labelLines = await page.locator('[data-testid=coverage-category] td.label').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange()
        range.selectNodeContents(cell)
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
      }),
    )
    expect(labelLines.length).toBeGreaterThan(0)
    expect(labelLines.every((lines) => lines === 1)).toBe(true)
    expect(await page.getByTestId('min-dwell').textContent()).toBe(
      translate('zh-CN', 'patrol.minDwell', { seconds: 3600 }),
    )
    await saveScreenshot(page, 'patrol-unpatrolled')

    await chip.click()
    await page.waitForURL((url) => url.pathname === '/console')
    await expect.poll(() => page.locator(tile(0)).getAttribute('data-camera-id')).toBe(cameraId)
    expect(await page.locator('[data-testid=video-grid]').getAttribute('data-layout')).toBe('1')
    await page.close()
  }, 60_000)
})
