/**
 * An incident's clip scrubs in real Chromium: the real server with the simulated fleet, a clip captured
 * from a camera watched long enough to hold the seconds before, opened in the board's incident detail.
 * The `<video>` must know its whole length from the first bytes (moov first) and fetch the middle by range.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Incident, IncidentWithTimeline } from '../../../server/contracts/incidents.ts'
import { CLIP_BEFORE_MS } from '../../../server/incidents/evidence-clip.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

const CAMERA = 'cam-t002'
let server: TestServer
let chromium: LaunchedBrowser
const configDir = makeTempDir('evidence-clip-config')

beforeAll(async () => {
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(configDir.path, ports, 2)
  const [started, browser] = await Promise.all([
    ensureWebBuilt()
      .then(() => startTestServer({ cameraConfigDir: configDir.path, env: { SIMULATED_FLEET: 'on' } }))
      .then(async (running) => {
        // The camera's sub stream starts now, while Chromium starts and the test signs in: the clip needs
        // ten seconds of it in memory.
        const playlist = await fetch(`${running.url}/live/${CAMERA}/sub/index.m3u8`, {
          headers: { cookie: await running.login() },
        })
        await playlist.body?.cancel()
        return running
      }),
    launchBrowser(),
  ])
  server = started
  chromium = browser
}, 120_000)

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  configDir.remove()
})

async function signIn(path: string): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1600, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`)
  await page.getByLabel(translate('zh-CN', 'login.username')).fill(server.adminUsername)
  await page.getByLabel(translate('zh-CN', 'login.password')).fill(server.adminPassword)
  await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
  await page.waitForURL((url) => url.pathname === path)
  return page
}

/** A clip with ~10 s before the flag: the sub stream is watched until its memory reaches that far back. */
async function incidentWithClip(page: Page): Promise<IncidentWithTimeline> {
  const playlist = `${server.url}/live/${CAMERA}/sub/index.m3u8`
  await waitFor(
    async () => {
      const oldest = /#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(await (await page.request.get(playlist)).text())?.[1]
      return oldest !== undefined && Date.parse(oldest) <= Date.now() - CLIP_BEFORE_MS - 1_000
    },
    60_000,
    'eleven seconds of the sub stream in memory',
    500,
  )
  const created = await page.request.post(`${server.url}/api/incidents`, {
    data: { cameraId: CAMERA, category: 'vehicle-scrape', note: '路口车辆剐蹭' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as Incident
  return waitFor(
    async () => {
      await page.request.get(playlist)
      const incident = (await (
        await page.request.get(`${server.url}/api/incidents/${id}`)
      ).json()) as IncidentWithTimeline
      return incident.hasClip ? incident : undefined
    },
    60_000,
    'the clip',
    500,
  )
}

describe("an incident's evidence clip", () => {
  it('is seekable at once in the incident detail: a jump to its middle lands there and shows a frame', async () => {
    const page = await signIn('/board')
    const incident = await incidentWithClip(page)
    await page.goto(`${server.url}/board?incident=${incident.id}`)
    const video = page.getByTestId('evidence-clip')
    await video.waitFor()
    // preload="metadata": with moov first, the first bytes tell the whole length.
    const seekableEnd = await waitFor(
      () => video.evaluate((v: HTMLVideoElement) => (v.seekable.length > 0 ? v.seekable.end(0) : 0)),
      30_000,
      'a seekable range',
    )
    expect(seekableEnd).toBeGreaterThan(5)

    // Seeks to the middle and notes when `seeked` fires; the test then waits for that note (with a deadline).
    const middle = await video.evaluate((v: HTMLVideoElement) => {
      v.addEventListener('seeked', () => v.setAttribute('data-seeked-to', String(v.currentTime)), { once: true })
      v.currentTime = v.duration / 2
      return v.duration / 2
    })
    const landed = {
      middle,
      currentTime: Number(await waitFor(() => video.getAttribute('data-seeked-to'), 30_000, 'seeked')),
    }
    // Lands on the middle (a seek goes to the nearest frame, 40 ms apart at 25 fps).
    expect(Math.abs(landed.currentTime - landed.middle)).toBeLessThan(0.5)
    // A frame at that position is decoded and ready to show.
    await waitFor(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2), 15_000, 'a decoded frame')
    await saveScreenshot(page, 'evidence-clip-middle')
  }, 180_000)
})
