/**
 * The screens where their users work, in real Chromium against the real server: a department officer's
 * phone (390x844, touch) works an incident from the inbox to handled with a photo from the camera button,
 * without the page ever scrolling sideways and with sign-out on screen; a 1366x768 seat monitor shows the
 * console's 9-split names whole and the board's five columns beside the detail panel.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CameraView } from '../../server/contracts/api.ts'
import type { Incident } from '../../server/contracts/incidents.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../server/testing/browser.ts'
import { makeTempDir } from '../../server/testing/temp-dir.ts'
import { SHIPPED_CONFIG_DIR } from '../../server/testing/test-app.ts'
import { addAccounts } from '../../server/testing/test-accounts.ts'
import { startTestServer, type TestServer } from '../../server/testing/test-server.ts'
import { ensureWebBuilt } from '../../server/testing/web-build.ts'
import { translate } from '../lib/i18n/translate.ts'

const OFFICER = {
  username: 'cg-wang',
  password: 'urban-management-2',
  role: 'department',
  department: 'urban-management',
}
const PHONE = { width: 390, height: 844 }
const SEAT = { width: 1366, height: 768 }

let server: TestServer
let chromium: LaunchedBrowser
let adminCookie: string
let cameras: CameraView[]
const scratch = makeTempDir('screen-sizes')

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { cookie: adminCookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Reported, accepted and dispatched by the centre, as the operator's flag dialog would do it. */
async function dispatchedIncident(cameraId: string, category: string, lead: string): Promise<Incident> {
  const incident = await api<Incident>('POST', '/api/incidents', { cameraId, category, note: `${category} 测试` })
  await api('POST', `/api/incidents/${incident.id}/transitions`, { action: 'accept' })
  return api<Incident>('POST', `/api/incidents/${incident.id}/transitions`, { action: 'dispatch', lead, assisting: [] })
}

beforeAll(async () => {
  const [started, browser] = await Promise.all([ensureWebBuilt().then(() => startTestServer()), launchBrowser()])
  server = started
  chromium = browser
  adminCookie = await server.login()
  await addAccounts({ dataDir: server.dataDir, configDir: SHIPPED_CONFIG_DIR }, [OFFICER])
  cameras = (await api<{ cameras: CameraView[] }>('GET', '/api/cameras')).cameras
}, 120_000)

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  scratch.remove()
})

async function signedIn(
  viewport: { width: number; height: number },
  user: { username: string; password: string },
  path: string,
  phone = false,
): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport, isMobile: phone, hasTouch: phone })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (error) => console.error(`page error (${user.username}): ${error.message}`))
  await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`)
  await page.getByLabel(translate('zh-CN', 'login.username')).fill(user.username)
  await page.getByLabel(translate('zh-CN', 'login.password')).fill(user.password)
  await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
  await page.waitForURL((url) => url.pathname === new URL(path, server.url).pathname)
  return page
}

/**
 * The page is exactly the phone's width: nothing sticks out sideways. A mobile browser widens its layout
 * viewport to fit wide content, so the inner width is checked too, not only the scroll width against it.
 */
async function expectNoSidewaysScroll(page: Page, step: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }))
  expect(widths, step).toEqual({ scroll: PHONE.width, inner: PHONE.width })
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('element not rendered')
  return box
}

/** Wholly inside the viewport. */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await boxOf(locator)
  const viewport = page.viewportSize()!
  expect(box.x, what).toBeGreaterThanOrEqual(0)
  expect(box.y, what).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, what).toBeLessThanOrEqual(viewport.width + 0.5)
  expect(box.y + box.height, what).toBeLessThanOrEqual(viewport.height + 0.5)
}

/** A touch target: at least 44 px each way (WCAG 2.5.5). */
async function expectTouchSized(locator: Locator, what: string): Promise<void> {
  const box = await boxOf(locator)
  expect(Math.round(box.height), what).toBeGreaterThanOrEqual(44)
  expect(Math.round(box.width), what).toBeGreaterThanOrEqual(44)
}

describe('a department officer on a phone (390x844)', () => {
  it('acknowledges, starts, adds a photo from the camera button and marks handled, never scrolling sideways', async () => {
    const incident = await dispatchedIncident(cameras[0]!.id, 'street-vendor', OFFICER.department)
    const photo = join(scratch.path, 'site.jpg')
    // A phone's camera may give WebP (or HEIC): the page sends it as a JPEG the server takes.
    const webp = join(scratch.path, 'site.webp')
    for (const file of [photo, webp])
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x480', '-frames:v', '1', '-y', file])

    const page = await signedIn(PHONE, OFFICER, '/inbox', true)
    const signOut = page.getByTestId('logout')
    const card = page.locator(`[data-testid=incident-card][data-code=${incident.code}]`)
    await card.waitFor()
    await expectNoSidewaysScroll(page, 'inbox list')
    await expectInViewport(page, signOut, 'sign-out on the list')
    await expectTouchSized(signOut, 'sign-out')
    await expectTouchSized(page.getByTestId('tab-finished'), 'the finished tab')
    await saveScreenshot(page, 'phone-inbox-list')

    await card.click()
    const panel = page.getByTestId('incident-panel')
    const stage = (): Promise<string | null> => panel.getAttribute('data-stage')
    await expect.poll(stage).toBe('dispatched')
    // One column: the list gives the screen to the incident.
    expect(await page.getByTestId('inbox-list').isVisible()).toBe(false)
    await expectNoSidewaysScroll(page, 'incident opened')
    await expectInViewport(page, signOut, 'sign-out on the incident')

    const acknowledge = panel.getByTestId('action-acknowledge')
    await expectTouchSized(acknowledge, 'acknowledge')
    await acknowledge.click()
    await expect.poll(stage).toBe('acknowledged')
    await expectNoSidewaysScroll(page, 'acknowledged')
    await panel.getByTestId('action-start').click()
    await expect.poll(stage).toBe('in-progress')

    const capture = panel.getByTestId('photo-capture')
    expect(await capture.getAttribute('accept')).toBe('image/*')
    expect(await capture.getAttribute('capture')).toBe('environment')
    await expectTouchSized(panel.locator('label.capture'), 'the camera button')
    await capture.setInputFiles(photo)
    await panel.getByTestId('evidence-photos').locator('img').first().waitFor()
    await capture.setInputFiles(webp)
    await expect.poll(() => panel.getByTestId('evidence-photos').locator('img').count(), { timeout: 15_000 }).toBe(2)
    expect(await panel.getByTestId('action-error').textContent()).toBe('')
    await expectNoSidewaysScroll(page, 'photo added')
    await saveScreenshot(page, 'phone-inbox-photo')

    await panel.getByTestId('action-handle').click()
    await panel.getByTestId('action-text').fill('已劝离摊贩，人行道恢复通行')
    await expectTouchSized(panel.getByTestId('action-confirm'), 'confirm')
    await panel.getByTestId('action-confirm').click()
    await expect.poll(stage).toBe('handled')
    await expectNoSidewaysScroll(page, 'handled')
    await expectInViewport(page, signOut, 'sign-out after handling')
    await saveScreenshot(page, 'phone-inbox-handled')

    // Closing the incident returns to the list; sign-out works from there.
    await panel.getByRole('button', { name: translate('zh-CN', 'detail.close') }).click()
    await page.getByTestId('inbox-list').waitFor()
    await signOut.click()
    await page.waitForURL((url) => url.pathname === '/login')
    await expectNoSidewaysScroll(page, 'login')

    const detail = await api<{ timeline: { kind: string; actor: string }[] }>('GET', `/api/incidents/${incident.id}`)
    expect(detail.timeline.filter((e) => e.actor === OFFICER.username).map((e) => e.kind)).toEqual([
      'acknowledge',
      'start',
      'photo',
      'photo',
      'handle',
    ])
    await page.context().close()
  }, 90_000)

  it('the board is one list with column and department chips, and statistics cover nothing', async () => {
    const police = await dispatchedIncident(cameras[1]!.id, 'illegal-parking', 'police')
    const page = await signedIn(PHONE, { username: 'admin', password: server.adminPassword }, '/board', true)
    const card = page.locator(`[data-testid=incident-card][data-code=${police.code}]`)
    await card.waitFor()
    await expectNoSidewaysScroll(page, 'board list')
    await expectInViewport(page, page.getByTestId('logout'), 'sign-out on the board')

    // The department chip narrows the list; the column chip shows one column alone.
    await page.getByTestId('chips-department').locator('[data-department=urban-management]').click()
    await expect.poll(() => card.count()).toBe(0)
    await page.getByTestId('chips-department').locator('[data-department=police]').click()
    await card.waitFor()
    await page.getByTestId('chips-column').locator('[data-column=dispatched]').click()
    expect(await page.getByTestId('column-intake').isVisible()).toBe(false)
    expect(await page.getByTestId('column-dispatched').isVisible()).toBe(true)
    await expectNoSidewaysScroll(page, 'filtered by chips')
    await saveScreenshot(page, 'phone-board-chips')

    // Statistics take the screen in the list's place, then give it back.
    await page.getByTestId('stats-toggle').click()
    await page.getByTestId('stats-category').waitFor()
    expect(await page.getByTestId('board').isVisible()).toBe(false)
    await expectNoSidewaysScroll(page, 'statistics')
    await page.getByTestId('stats-toggle').click()
    await card.waitFor()
    await page.context().close()
  }, 60_000)
})

describe('a 1366x768 seat monitor', () => {
  it('the console 9-split shows every tile name whole; the layout and tour bars keep every button', async () => {
    // The nine longest names the site has: the hardest case for a tile's label.
    const longest = [...cameras].sort((a, b) => b.name.length - a.name.length || a.id.localeCompare(b.id)).slice(0, 9)
    await api('POST', '/api/tours', {
      name: '早班交通路口巡查',
      items: longest.map((c) => ({ type: 'camera', id: c.id })),
      kind: '9',
      dwellSeconds: 60,
      schedule: null,
    })
    const page = await signedIn(
      SEAT,
      { username: 'admin', password: server.adminPassword },
      `/console?layout=9&cameras=${longest.map((c) => c.id).join(',')}`,
    )
    const tiles = page.locator('[data-testid=tile][data-camera-id]')
    await expect.poll(() => tiles.count()).toBe(9)
    const measure = () =>
      tiles.evaluateAll((elements) =>
        elements.map((tile) => {
          const name = tile.querySelector<HTMLElement>('.name')!
          return {
            id: tile.getAttribute('data-camera-id'),
            text: name.textContent,
            title: name.title,
            cut: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1,
            lines: Math.round(name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight)),
          }
        }),
      )
    // Measured once the tiles' labels have settled (their buttons and badges arrive with the stream state).
    const whole = (list: Awaited<ReturnType<typeof measure>>) =>
      list.length === 9 && list.every((n) => !n.cut && n.lines <= 2 && n.title === n.text)
    await expect.poll(async () => whole(await measure())).toBe(true)
    const names = await measure()
    for (const camera of longest) {
      const shown = names.find((n) => n.id === camera.id)
      expect(shown, camera.id).toMatchObject({ text: camera.name, title: camera.name, cut: false })
      expect(shown!.lines, camera.id).toBeLessThanOrEqual(2)
    }
    await saveScreenshot(page, 'seat-console-9')

    for (const kind of ['1', '4', '9', '16', '25', '1+5', '1+7']) {
      await expectInViewport(page, page.getByTestId(`layout-${kind}`), `layout ${kind}`)
      expect((await boxOf(page.getByTestId(`layout-${kind}`))).width, `layout ${kind}`).toBeGreaterThanOrEqual(36)
    }
    const saveAs = page.getByRole('button', { name: translate('zh-CN', 'layout.saveAs') })
    expect((await boxOf(saveAs)).height, '另存布局 on one line').toBeLessThanOrEqual(34)

    // A running tour's bar fits beside the help button, every control on screen.
    await page.getByTestId('tab-tours').click()
    await page.getByTestId('tour-start').first().click()
    const bar = page.getByTestId('tour-bar')
    await bar.waitFor()
    for (const control of [bar.locator('.name'), page.getByTestId('tour-toggle'), page.getByTestId('tour-stop')])
      await expectInViewport(page, control, 'tour bar control')
    await saveScreenshot(page, 'seat-console-tour')
    await page.getByTestId('tour-stop').click()
    await page.getByTestId('layout-1+7').waitFor()
    await page.context().close()
  }, 60_000)

  it('the board keeps all five columns in view beside the detail panel, lead departments whole', async () => {
    const police = await dispatchedIncident(cameras[2]!.id, 'vehicle-scrape', 'police')
    const page = await signedIn(SEAT, { username: 'admin', password: server.adminPassword }, '/board')
    const card = page.locator(`[data-testid=incident-card][data-code=${police.code}]`)
    await card.waitFor()
    await card.click()
    const panel = page.getByTestId('incident-panel')
    await expect.poll(() => panel.getAttribute('data-incident-id')).toBe(String(police.id))
    const panelBox = await boxOf(panel)
    for (const column of ['intake', 'dispatched', 'working', 'check', 'done']) {
      const box = await boxOf(page.getByTestId(`column-${column}`))
      await expectInViewport(page, page.getByTestId(`column-${column}`), column)
      expect(box.x + box.width, `${column} is left of the panel`).toBeLessThanOrEqual(panelBox.x + 0.5)
    }
    const lead = card.locator('.lead')
    expect(await lead.textContent()).toBe('公安(派出所)')
    expect(await lead.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
    await saveScreenshot(page, 'seat-board-detail')
    await page.context().close()
  }, 60_000)
})
