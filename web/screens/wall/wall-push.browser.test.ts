/**
 * Push to the wall (上墙) through the dialog, as an operator does it, in real Chromium against the real
 * server, the shipped configuration and the simulated fleet: a kiosk paired with `npm run wall -- pair main`
 * shows the wall at 3840x2160; in the console (1920x1080) the operator selects a tile and presses W, picks
 * the map zone and pushes; Shift+W pushes the whole layout into the alarm zone; a tile's right-click menu
 * opens the dialog, whose clear button empties the monitor; on the board an incident's panel pushes the
 * incident. Each time the paired wall and `/api/wall/state` show it. One server and one browser for the file.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '../../../server/contracts/incidents.ts'
import type { WallState } from '../../../server/contracts/wall.ts'
import { saveScreenshot } from '../../../server/testing/browser.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { pairWallDevice, startWallBrowserRig, type WallBrowserRig } from '../../../server/testing/wall-fixture.ts'

const OPERATOR = { username: 'op-zhao', password: 'patrol-and-dispatch-4', role: 'operator' }
// The console's layout: four H.264 cameras that no wall zone shows by itself.
const LAYOUT = ['cam-0003', 'cam-0005', 'cam-0006', 'cam-0008']
const PUSHED = LAYOUT[0]!
const WAIT_MS = 60_000

let rig: WallBrowserRig
let kiosk: BrowserContext
let desk: BrowserContext
let wall: Page
let operator: Page

beforeAll(async () => {
  rig = await startWallBrowserRig('wall-push', OPERATOR)
  kiosk = await rig.chromium.browser.newContext({ viewport: { width: 3840, height: 2160 } })
  desk = await rig.operatorContext({ viewport: { width: 1920, height: 1080 } })

  wall = await kiosk.newPage()
  wall.setDefaultTimeout(WAIT_MS)
  wall.on('pageerror', (error) => console.error(`wall page error: ${error.message}`))
  await wall.goto(await pairWallDevice(rig.cli, 'main', 'push-kiosk'))
  await wall.locator('[data-testid=wall][data-monitor=main][data-preset=overview]').waitFor()
}, 300_000)

afterAll(async () => {
  await kiosk?.close().catch(() => undefined)
  await desk?.close().catch(() => undefined)
  await rig?.close()
})

/** What the server says monitor `main` shows, zone by zone. */
async function overrides(): Promise<WallState['overrides']> {
  const response = await fetch(`${rig.server.url}/api/wall/state?monitor=main`, {
    headers: { cookie: rig.operatorCookie },
  })
  return ((await response.json()) as WallState).overrides
}

/** The pushed tiles' camera ids in a zone of the wall page, in order. */
const pushedTiles = (zone: string): Promise<string[]> =>
  wall
    .locator(`[data-zone="${zone}"][data-overridden=true] [data-testid=wall-override] [data-testid=wall-tile]`)
    .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-camera-id') ?? ''))

/** Whether the video of the pushed tile in `zone` shows a moving picture. */
async function pushedTilePlays(zone: string): Promise<boolean> {
  const video = wall.locator(`[data-zone="${zone}"] [data-testid=wall-override] video`).first()
  const currentTime = (): Promise<number> => video.evaluate((v: HTMLVideoElement) => v.currentTime)
  const first = await waitFor(async () => ((await currentTime()) > 0 ? currentTime() : 0), WAIT_MS, 'a first frame')
  await waitFor(async () => (await currentTime()) > first + 1, WAIT_MS, 'the pushed picture to move')
  return true
}

/** The push dialog, once it has the monitor list. */
async function openedDialog(): Promise<Locator> {
  const dialog = operator.getByTestId('push-dialog')
  await dialog.waitFor()
  await waitFor(() => dialog.getByTestId('push-monitor').inputValue(), WAIT_MS, 'the monitor list')
  return dialog
}

describe('pushing to the wall through the dialog', () => {
  it('W on a selected console tile pushes its camera into the zone picked; the wall plays it', async () => {
    operator = await desk.newPage()
    // A busy machine takes its time to load the console; the waits below are ceilings, not limits.
    operator.setDefaultTimeout(WAIT_MS)
    operator.on('pageerror', (error) => console.error(`console page error: ${error.message}`))
    await operator.goto(`${rig.server.url}/console?layout=4&cameras=${LAYOUT.join(',')}`, { waitUntil: 'commit' })
    const first = operator.locator(`[data-testid=tile][data-camera-id=${PUSHED}]`)
    await first.click()
    await operator.keyboard.press('w')

    const dialog = await openedDialog()
    expect(await dialog.getByTestId('push-monitor').inputValue()).toBe('main')
    await dialog.getByTestId('push-zone').selectOption('map')
    await saveScreenshot(operator, 'wall-push-dialog')
    await dialog.getByTestId('push-submit').click()
    await dialog.waitFor({ state: 'detached' })

    await expect.poll(() => pushedTiles('map'), { timeout: WAIT_MS }).toEqual([PUSHED])
    // Found by zone: the push names its zone, and only that zone is asked of.
    expect((await overrides()).find((o) => o.zone === 'map')).toMatchObject({
      source: 'push',
      by: OPERATOR.username,
      content: { kind: 'camera', camera: PUSHED },
    })
    expect(await pushedTilePlays('map')).toBe(true)
    await saveScreenshot(wall, 'wall-pushed-camera')
  }, 180_000)

  it('Shift+W pushes the whole layout into the alarm zone, the default', async () => {
    await operator.keyboard.press('Shift+W')
    const dialog = await openedDialog()
    expect(await dialog.getByTestId('push-zone').inputValue()).toBe('')
    await dialog.getByTestId('push-submit').click()
    await dialog.waitFor({ state: 'detached' })

    await expect.poll(() => pushedTiles('alarm'), { timeout: WAIT_MS }).toEqual(LAYOUT)
    const shown = await overrides()
    expect(shown.find((o) => o.zone === 'alarm')).toMatchObject({ source: 'push', content: { kind: 'layout' } })
    expect(shown.find((o) => o.zone === 'map')?.content).toEqual({ kind: 'camera', camera: PUSHED })
  }, 120_000)

  it("a tile's right-click opens the dialog, whose clear empties the monitor", async () => {
    await operator.locator(`[data-testid=tile][data-camera-id=${LAYOUT[1]}]`).click({ button: 'right' })
    const dialog = await openedDialog()
    await dialog.getByTestId('push-clear').click()
    await dialog.waitFor({ state: 'detached' })

    await expect.poll(() => wall.locator('[data-overridden=true]').count(), { timeout: WAIT_MS }).toBe(0)
    expect(await overrides()).toEqual([])
    await wall.locator('[data-zone=alarm] [data-testid=wall-alarm-idle]').waitFor()
  }, 120_000)

  it("the board's incident panel pushes the incident: its camera and details in the alarm zone", async () => {
    const response = await fetch(`${rig.server.url}/api/incidents`, {
      method: 'POST',
      headers: { cookie: rig.operatorCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ cameraId: LAYOUT[2], category: 'street-vendor' }),
    })
    expect(response.status).toBe(201)
    const incident = (await response.json()) as Incident

    await operator.goto(`${rig.server.url}/board`, { waitUntil: 'commit' })
    await operator.locator(`[data-testid=incident-card][data-code=${incident.code}]`).click()
    await operator.getByTestId('incident-panel').getByTestId('panel-push').click()
    const dialog = await openedDialog()
    await dialog.getByTestId('push-submit').click()
    await dialog.waitFor({ state: 'detached' })

    const pushed = wall.locator(`[data-zone=alarm] [data-incident-code="${incident.code}"]`)
    await expect.poll(() => pushed.count(), { timeout: WAIT_MS }).toBe(1)
    expect(await pushed.locator('[data-testid=wall-tile]').getAttribute('data-camera-id')).toBe(LAYOUT[2])
    expect((await overrides()).find((o) => o.zone === 'alarm')).toMatchObject({
      by: OPERATOR.username,
      content: { kind: 'incident', incident: { id: incident.id } },
    })
    await saveScreenshot(wall, 'wall-pushed-incident')
  }, 120_000)
})
