/**
 * The built console in real Chromium against the real server (a child process on loopback): sign-in,
 * the camera tree, grouping, search, language, sign-out, and the deep link that survives the login.
 * Expectations come from the server's own /api/config and /api/cameras, grouped by the same pure
 * functions the panel uses, so the test follows whatever camera-config/ ships.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate, type Language } from '../../lib/i18n/translate.ts'
import { filterCameras, groupCameras, type GroupBy, type UnknownKind } from './camera-groups.ts'

let server: TestServer
/** The rate-limit test's own server (LOGIN_RATE_LIMIT=1), started once the main one runs. */
let limitedServer: Promise<TestServer>
let chromium: LaunchedBrowser
let config: PublicConfig
let cameras: CameraView[]

async function adminApi<T>(path: string, cookie: string): Promise<T> {
  const response = await fetch(server.url + path, { headers: { cookie } })
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return (await response.json()) as T
}

beforeAll(async () => {
  await ensureWebBuilt()
  ;[server, chromium] = await Promise.all([startTestServer(), launchBrowser()])
  // Not awaited: it starts while the first tests run. The rate-limit describe awaits it and reports a failure.
  limitedServer = startTestServer({ env: { LOGIN_RATE_LIMIT: '1' } })
  limitedServer.catch(() => undefined)
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  })
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
  config = await adminApi<PublicConfig>('/api/config', cookie)
  cameras = (await adminApi<{ cameras: CameraView[] }>('/api/cameras', cookie)).cameras
})

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  await (await limitedServer?.catch(() => undefined))?.close()
})

const contexts: BrowserContext[] = []
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
})

/** A fresh context per test: its own cookies and localStorage. */
async function newPage(): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  return page
}

async function signIn(page: Page, password = server.adminPassword): Promise<void> {
  await page.getByLabel(translate('zh-CN', 'login.username')).fill(server.adminUsername)
  await page.getByLabel(translate('zh-CN', 'login.password')).fill(password)
  await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
}

/** `label count` of each top-level group, as the panel shows it. */
async function topLevelGroups(page: Page): Promise<string[]> {
  const headers = page.locator('[data-testid=camera-tree] > [data-testid=camera-group] > button')
  return headers.evaluateAll((buttons) =>
    buttons.map((button) => {
      const label = button.querySelector('[data-testid=group-label]')?.textContent?.trim()
      const count = button.querySelector('[data-testid=group-count]')?.textContent?.trim()
      return `${label} ${count}`
    }),
  )
}

function expectedGroups(by: GroupBy, language: Language): string[] {
  const unknownLabel = (kind: UnknownKind, id: string): string =>
    kind === 'uncategorized' ? translate(language, 'cameras.group.uncategorized') : id
  return groupCameras(cameras, config, { by, language, unknownLabel, keepEmpty: true }).map(
    (group) => `${group.label} ${translate(language, 'cameras.count', { count: group.count })}`,
  )
}

const selectedId = (page: Page) => page.getByTestId('camera-details').locator('dd').first().textContent()

describe('console in Chromium', () => {
  it('a wrong password shows the code translated and stays on the login', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/login`)
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'))
    await signIn(page, 'not-the-password')
    const response = await answer
    expect(response.status()).toBe(401)
    const { code } = (await response.json()) as { code: string }
    expect(code).toBe('auth.wrong-credentials')
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe(translate('zh-CN', 'error.auth.wrong-credentials'))
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(await page.getByLabel(translate('zh-CN', 'login.password')).inputValue()).toBe('')
    await saveScreenshot(page, 'login-wrong-password')
  })

  it('an admin signs in, browses the camera tree, searches, switches to English and signs out', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/login`)
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    await saveScreenshot(page, 'login')
    await signIn(page)
    await page.waitForURL(`${server.url}/console`)

    // Top bar: app name, user and role.
    expect(await page.locator('header h1').textContent()).toBe('雪亮工程 · 视频巡查调度台')
    const user = await page.getByTestId('current-user').textContent()
    expect(user).toContain(server.adminUsername)
    expect(user).toContain(translate('zh-CN', 'role.admin'))

    // Grouped by category, with a count per group, in the config's order.
    await page.getByTestId('camera-row').first().waitFor()
    expect(await topLevelGroups(page)).toEqual(expectedGroups('category', 'zh-CN'))
    expect(expectedGroups('category', 'zh-CN')[0]).toMatch(/^交通路口 \d+ 路$/)
    expect(await page.getByTestId('camera-summary').textContent()).toContain(
      translate('zh-CN', 'cameras.shown', { shown: cameras.length, total: cameras.length }),
    )
    await saveScreenshot(page, 'console-by-category')

    // Click selects; arrow keys move through the list.
    const rows = page.getByTestId('camera-row')
    const firstId = await rows.nth(0).getAttribute('data-camera-id')
    const secondId = await rows.nth(1).getAttribute('data-camera-id')
    await rows.nth(0).click()
    await expect.poll(() => selectedId(page)).toBe(firstId)
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => selectedId(page)).toBe(secondId)
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => selectedId(page)).toBe(firstId)

    // Community -> grid, with counts.
    await page.getByTestId('group-by-community').click()
    await expect.poll(() => topLevelGroups(page)).toEqual(expectedGroups('community', 'zh-CN'))
    const firstCommunity = page.locator('[data-testid=camera-tree] > [data-testid=camera-group]').first()
    expect(await firstCommunity.locator('[data-testid=camera-group]').count()).toBe(
      config.grids.filter((grid) => grid.community === config.communities[0]?.id).length,
    )
    await saveScreenshot(page, 'console-by-community')

    // `/` focuses the search; an id finds exactly that camera, part of a name finds every match.
    const target = cameras[Math.floor(cameras.length / 2)]!
    await page.locator('main').click()
    await page.keyboard.press('/')
    await page.keyboard.type(target.id)
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-camera-id'))))
      .toEqual([target.id])
    // Enter in the search shows the found camera on the selected tile; Enter on a row shows that row's
    // camera. Neither maximises the tile (the console's own Enter does that).
    const selectedTile = page.locator('[data-testid=tile].selected')
    await page.getByTestId('camera-search').press('Enter')
    await expect.poll(() => selectedTile.getAttribute('data-camera-id')).toBe(target.id)
    await page.getByTestId('camera-search').fill('')
    const rowCamera = await rows.nth(1).getAttribute('data-camera-id')
    await rows.nth(1).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => selectedTile.getAttribute('data-camera-id')).toBe(rowCamera)
    expect(await page.locator('[data-testid=tile].maximised').count()).toBe(0)
    const fragment = [...target.name].slice(0, 2).join('')
    await page.getByTestId('camera-search').fill(fragment)
    await expect.poll(() => rows.count()).toBe(filterCameras(cameras, fragment).length)
    await saveScreenshot(page, 'console-search')
    await page.getByTestId('camera-search').press('Escape')
    await expect.poll(() => rows.count()).toBeGreaterThan(filterCameras(cameras, fragment).length)

    // English: labels from the dictionary, group names from nameEn (falling back to name); it persists.
    await page.locator('header button[lang=en]').click()
    await expect.poll(() => page.locator('header h1').textContent()).toBe(translate('en', 'app.name'))
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await expect.poll(() => topLevelGroups(page)).toEqual(expectedGroups('community', 'en'))
    await page.reload()
    await expect.poll(() => topLevelGroups(page)).toEqual(expectedGroups('community', 'en'))
    await saveScreenshot(page, 'console-english')

    // Sign out: back to the login, and the console is closed to this browser.
    await page.getByRole('button', { name: translate('en', 'topbar.logout') }).click()
    await page.waitForURL(`${server.url}/login`)
    await page.goto(`${server.url}/console`)
    await page.waitForURL(`${server.url}/login`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(translate('en', 'login.title'))
  })

  it('a deep link opened signed out comes back after sign-in with its query intact', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/console?layout=4&cameras=a,b`)
    await page.waitForURL(/\/login\?next=/)
    await signIn(page)
    await page.waitForURL(`${server.url}/console?layout=4&cameras=a,b`)
    await page.getByTestId('camera-row').first().waitFor()
  })
})

describe('login rate limit in Chromium', () => {
  let limited: TestServer
  beforeAll(async () => {
    limited = await limitedServer
  })

  it('too many attempts show the 429 translated, with the seconds to wait', async () => {
    const page = await newPage()
    await page.goto(`${limited.url}/login`)
    const statuses: number[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('/api/auth/login')) statuses.push(response.status())
    })
    await signIn(page, 'wrong-once')
    await expect.poll(() => statuses).toEqual([401])
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'))
    await signIn(page, 'wrong-twice')
    const response = await answer
    expect(response.status()).toBe(429)
    const { code, params } = (await response.json()) as { code: string; params: { seconds: number } }
    expect(code).toBe('auth.rate-limited')
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe(translate('zh-CN', 'error.auth.rate-limited', { seconds: params.seconds }))
    expect(await page.getByRole('button', { name: translate('zh-CN', 'login.submit') }).isEnabled()).toBe(true)
    await saveScreenshot(page, 'login-rate-limited')
  })
})
