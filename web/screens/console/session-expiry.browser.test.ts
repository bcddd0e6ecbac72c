/**
 * An ended session loses no work, in real Chromium against the real server: the operator writes a flag,
 * the session is ended elsewhere (the logout API with the same cookie), the operator presses send, signs in
 * again in the dialog that opens over the console, and the incident is created once with the note, without
 * a page change. The board's dispatch form the same way; and a different user signing in starts afresh on
 * their own home screen.
 */
import type { BrowserContext, Page, Request, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncidentPage, IncidentWithTimeline } from '../../../server/contracts/incidents.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../../../server/testing/test-camera-config.ts'
import { addAccounts } from '../../../server/testing/test-accounts.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

// An RTSP test camera (cam-t001 is ONVIF): with no fleet its refused connection answers the tile's playlist
// request at once (503), where an ONVIF camera's unreachable device holds each request 15 s. The tile then asks
// every few seconds, so the 401 and the asking again after the sign-in come without a 15 s wait each.
const CAMERA = 'cam-t002'
const OPERATOR = { username: 'op-chen', password: 'keep-my-flag-1', role: 'operator' }
const NOTE = '井盖缺失，已放置临时警示'
// Deadlines for a busy 2-core machine, not speed targets. A tile retries with back-off (up to 15 s apart)
// and the server may hold a playlist request 15 s: a tile's next answer can take that long.
const SOON = { timeout: 30_000 }
const TILE_ANSWER = { timeout: 60_000 }

let server: TestServer
let chromium: LaunchedBrowser
let context: BrowserContext
let adminCookie: string
const configDir = makeTempDir('session-expiry-config')

beforeAll(async () => {
  // No simulated fleet: the flag needs a camera, not its picture, and the tiles' 401s are what matter.
  writeTestCameraConfig(configDir.path, { rtspPort: await freePort(), httpPort: await freePort() }, 2)
  const [started, browser] = await Promise.all([
    ensureWebBuilt().then(() => startTestServer({ cameraConfigDir: configDir.path })),
    launchBrowser(),
  ])
  server = started
  chromium = browser
  await addAccounts({ dataDir: server.dataDir, configDir: configDir.path }, [OPERATOR])
  adminCookie = await server.login()
  context = await chromium.browser.newContext({ viewport: { width: 1600, height: 900 } })
}, 180_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await chromium?.close()
  await server?.close()
  configDir.remove()
})

/** Ends the page's session on the server, as a logout elsewhere (or an expiry) would. */
async function endSessionElsewhere(): Promise<void> {
  const cookie = (await context.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ')
  const response = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })
  expect(response.ok).toBe(true)
  const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })
  expect(me.status).toBe(401)
}

async function adminGet<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: adminCookie } })
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

/** Marks the document: the mark survives client-side routing and is gone after a page load. */
const markDocument = (page: Page): Promise<void> =>
  page.evaluate(() => {
    Object.assign(window, { __sameDocument: true })
  })
const sameDocument = (page: Page): Promise<boolean> =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)

/**
 * Holds every request of the page but those `passes` lets through, in the browser, until `release`; resolves
 * once no request sent before the hold is still on its way, so none of them can reach the server after what
 * the test does next.
 */
async function holdRequestsBut(
  page: Page,
  passes: (request: Request) => boolean,
): Promise<{ release: () => Promise<void> }> {
  const everything = '**/*'
  const unheld = new Set<Request>()
  const held = new Set<Request>()
  const settled = (request: Request): void => void unheld.delete(request)
  const sent = (request: Request): void => void (!held.has(request) && !passes(request) && unheld.add(request))
  page.on('request', sent)
  page.on('requestfinished', settled)
  page.on('requestfailed', settled)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const handler = async (route: Route): Promise<void> => {
    const request = route.request()
    if (!passes(request)) {
      held.add(request)
      unheld.delete(request)
      await released
    }
    await route.continue().catch(() => undefined)
  }
  await page.route(everything, handler)
  await expect.poll(() => unheld.size, { timeout: 30_000 }).toBe(0)
  page.off('request', sent)
  return {
    release: async () => {
      release()
      await page.unroute(everything, handler)
      page.off('requestfinished', settled)
      page.off('requestfailed', settled)
    },
  }
}

async function signInAgain(page: Page, username: string, password: string): Promise<void> {
  const dialog = page.getByTestId('sign-in-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('sign-in-username').fill(username)
  await dialog.getByTestId('sign-in-password').fill(password)
  await dialog.getByTestId('sign-in-password').press('Enter')
}

describe('an ended session keeps unsent work', () => {
  it('the flag being written is created once after signing in again in place; the board dispatch too', async () => {
    const page = await context.newPage()
    page.setDefaultTimeout(30_000)
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    const creates: Array<string | undefined> = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/incidents')
        creates.push(request.headers()['idempotency-key'])
    })
    const playlistAnswers: number[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/live/')) playlistAnswers.push(response.status())
    })

    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/console?layout=1&cameras=${CAMERA}`)}`)
    await page.getByLabel(translate('zh-CN', 'login.username')).fill(OPERATOR.username)
    await page.getByLabel(translate('zh-CN', 'login.password')).fill(OPERATOR.password)
    await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
    await page.waitForURL((url) => url.pathname === '/console')
    await markDocument(page)

    // A flag being written: category, severity and a note, not yet sent. F flags a camera of the site's list,
    // which the console loads after the tiles: pressed before it arrives, F would find no camera.
    await page.getByTestId('camera-row').first().waitFor()
    await page.locator(`[data-testid=tile][data-camera-id=${CAMERA}]`).click()
    await page.keyboard.press('f')
    const flag = page.getByTestId('flag-dialog')
    await flag.waitFor()
    await expect.poll(() => flag.getByTestId('flag-category').locator('option').count(), SOON).toBeGreaterThan(1)
    await flag.getByTestId('flag-category').selectOption('street-vendor')
    await flag.getByTestId('flag-note').fill(NOTE)

    // The console keeps asking (the tile for its refused camera every few seconds, the screen for its data): the
    // first ask after the session ends would open the sign-in before the flag is saved. So every request but the
    // flag's is held at the browser's edge (those already on their way are let finish) until the flag's own
    // refusal has opened the sign-in; then they go on.
    const isFlagSave = (request: Request): boolean =>
      request.method() === 'POST' && new URL(request.url()).pathname === '/api/incidents'
    const otherAsks = await holdRequestsBut(page, isFlagSave)
    await endSessionElsewhere()
    await flag.getByTestId('flag-save').click()

    // The sign-in opens over the flag, which keeps what was typed; the page stays where it was.
    const signIn = page.getByTestId('sign-in-dialog')
    await signIn.waitFor()
    await otherAsks.release()
    expect(await flag.getByTestId('flag-note').inputValue()).toBe(NOTE)
    expect(await signIn.getByTestId('sign-in-username').inputValue()).toBe(OPERATOR.username)
    // The tile, told 401, waits for the sign-in: its reason on screen, no countdown to another try.
    await expect.poll(() => playlistAnswers.includes(401), TILE_ANSWER).toBe(true)
    const tileError = page.locator(`[data-testid=tile][data-camera-id=${CAMERA}] [data-testid=tile-error]`)
    await expect
      .poll(() => tileError.textContent(), TILE_ANSWER)
      .toContain(translate('zh-CN', 'error.auth.session-ended'))
    expect((await tileError.locator('.retry').textContent())?.trim() ?? '').toBe('')
    await saveScreenshot(page, 'session-expiry-sign-in-over-flag')

    const answersBeforeSignIn = playlistAnswers.length
    await signInAgain(page, OPERATOR.username, OPERATOR.password)
    await signIn.waitFor({ state: 'detached' })
    await expect.poll(() => flag.getAttribute('data-step'), SOON).toBe('dispatch')
    // The tile asks again once signed in.
    await expect.poll(() => playlistAnswers.length, TILE_ANSWER).toBeGreaterThan(answersBeforeSignIn)
    expect(page.url()).toContain('/console')
    expect(await sameDocument(page)).toBe(true)

    // Sent twice (refused, then again after the sign-in) under one key: one incident, with the note.
    expect(creates.length).toBe(2)
    expect(creates[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(creates[1]).toBe(creates[0])
    const { incidents } = await adminGet<IncidentPage>('/api/incidents')
    const flagged = incidents.filter((incident) => incident.cameraId === CAMERA)
    expect(flagged.length).toBe(1)
    expect(flagged[0]!.note).toBe(NOTE)
    const incidentId = flagged[0]!.id
    await page.keyboard.press('Escape')
    await flag.waitFor({ state: 'detached' })

    // The board's dispatch form, the same way.
    await page.getByTestId('nav').getByText(translate('zh-CN', 'nav.board')).click()
    await page.waitForURL((url) => url.pathname === '/board')
    const card = page.locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`)
    const panel = page.getByTestId('incident-panel')
    await card.click()
    await panel.getByTestId('action-accept').click()
    await expect.poll(() => panel.getAttribute('data-stage'), SOON).toBe('accepted')
    await panel.getByTestId('action-dispatch').click()
    await panel.getByTestId('dispatch-lead').selectOption('urban-management')
    await endSessionElsewhere()
    await panel.getByTestId('dispatch-submit').click()
    await signInAgain(page, OPERATOR.username, OPERATOR.password)
    await expect.poll(() => panel.getAttribute('data-stage'), SOON).toBe('dispatched')
    const dispatched = await adminGet<IncidentWithTimeline>(`/api/incidents/${incidentId}`)
    expect(dispatched.lead).toBe('urban-management')
    expect(dispatched.timeline.filter((entry) => entry.kind === 'dispatch').length).toBe(1)
    expect(await sameDocument(page)).toBe(true)

    // Someone else signing in at the dialog starts afresh on their own home screen, with a page load.
    await endSessionElsewhere()
    await page.locator(`[data-testid=incident-card][data-incident-id="${incidentId}"]`).click()
    await signInAgain(page, server.adminUsername, server.adminPassword)
    await page.waitForURL((url) => url.pathname === '/console')
    await expect.poll(() => sameDocument(page), SOON).toBe(false)
    await page.getByTestId('nav').waitFor()
    await page.close()
  }, 180_000)
})
