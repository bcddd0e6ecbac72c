/**
 * The wall as a kiosk runs it, in real Chromium at 3840x2160 against the real server, the shipped
 * configuration and the simulated fleet, on loopback: signed in only by the one-time link that
 * `npm run wall -- pair main` prints (no password typed), an urgent incident an operator reports on a
 * camera takes the alarm zone by the demo rules (camera-config/wall.yaml: incident-urgent), and
 * `npm run wall -- revoke` signs the running page out.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveScreenshot } from '../../../server/testing/browser.ts'
import {
  pairWallDevice,
  runWallCli,
  startWallBrowserRig,
  type WallBrowserRig,
} from '../../../server/testing/wall-fixture.ts'

const OPERATOR = { username: 'op-li', password: 'patrol-and-dispatch-3', role: 'operator' }
const DEVICE = 'main-kiosk'
const URGENT_CAMERA = 'cam-0005'
const POLL = { timeout: 60_000, interval: 250 }

let rig: WallBrowserRig
let context: BrowserContext
let page: Page

beforeAll(async () => {
  rig = await startWallBrowserRig('wall-pairing', OPERATOR)
  context = await rig.chromium.browser.newContext({ viewport: { width: 3840, height: 2160 } })
}, 300_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await rig?.close()
})

describe('a paired wall kiosk', () => {
  it('signs in through the link the CLI prints and lands on its monitor', async () => {
    const link = await pairWallDevice(rig.cli, 'main', DEVICE)
    expect(new URL(link).origin).toBe(rig.server.url)
    page = await context.newPage()
    page.setDefaultTimeout(30_000)
    page.on('pageerror', (error) => console.error(`wall page error: ${error.message}`))
    await page.goto(link)
    await page.waitForURL((url) => url.pathname === '/wall' && url.search === '?monitor=main')
    await page.locator('[data-testid=wall][data-monitor=main][data-preset=overview]').waitFor()

    // The link was spent: opening it again is refused with a page a person can read.
    const again = await fetch(link, { redirect: 'manual' })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('配对码已被使用过')
  }, 120_000)

  it('puts an urgent incident camera into the alarm zone by the demo rules', async () => {
    const response = await fetch(`${rig.server.url}/api/incidents`, {
      method: 'POST',
      headers: { cookie: rig.operatorCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ cameraId: URGENT_CAMERA, category: 'road-flooding', severity: 'urgent' }),
    })
    expect(response.status).toBe(201)
    const byRule = page.locator('[data-zone=alarm] [data-testid=wall-override][data-source=rule]')
    await expect
      .poll(() => byRule.locator(`[data-testid=wall-tile][data-camera-id="${URGENT_CAMERA}"]`).count(), POLL)
      .toBe(1)
    await saveScreenshot(page, 'wall-paired-urgent')
  }, 120_000)

  it('is signed out when the CLI revokes the device', async () => {
    expect(await runWallCli(rig.cli, ['revoke', DEVICE])).toContain(`revoked ${DEVICE}`)
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/login')
    await expect.poll(() => page.locator('[data-testid=wall]').count(), POLL).toBe(0)

    // The revoked device's cookie no longer opens anything.
    const cookies = await context.cookies(rig.server.url)
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const me = await fetch(`${rig.server.url}/api/wall/state?monitor=main`, { headers: { cookie: header } })
    expect(me.status).toBe(401)
  }, 120_000)
})
