/**
 * Playback in the console, in real Chromium against the real server with recording on for two cameras of
 * the simulated fleet (2 s files): R takes the selected tile from live to its recording, the timeline
 * shows the recorded range, a click on the timeline seeks (the played time lands near the clicked moment
 * and the video plays on), L goes back to live; a camera that is not recorded replays its last seconds from
 * memory; with sync on, a seek on one tile takes the other recorded tile to the same moment. The
 * seek-to-playing latency is printed (median of three), not asserted.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordingsAnswer } from '../../../server/contracts/recording.ts'
import { launchBrowser, saveScreenshot, type LaunchedBrowser } from '../../../server/testing/browser.ts'
import { makeTempDir } from '../../../server/testing/temp-dir.ts'
import { freePort, writeTestCameraConfig } from '../../../server/testing/test-camera-config.ts'
import { startTestServer, type TestServer } from '../../../server/testing/test-server.ts'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { ensureWebBuilt } from '../../../server/testing/web-build.ts'
import { translate } from '../../lib/i18n/translate.ts'

let server: TestServer
let chromium: LaunchedBrowser
let cookie: string
/** Script errors in the console: any fails the test (they would otherwise show only as a timeout, or not at all). */
const pageErrors: string[] = []
const configDir = makeTempDir('playback-console-config')

beforeAll(async () => {
  const ports = { rtspPort: await freePort(), httpPort: await freePort() }
  writeTestCameraConfig(configDir.path, ports, 3)
  const recording = {
    quota: '1GiB',
    rules: [{ id: 'one', cameras: ['cam-t001', 'cam-t003'], quality: 'sub', schedule: 'always', retentionDays: 7 }],
  }
  writeFileSync(join(configDir.path, 'recording.yaml'), stringify({ recording }))
  await ensureWebBuilt()
  ;[server, chromium] = await Promise.all([
    startTestServer({
      cameraConfigDir: configDir.path,
      env: { SIMULATED_FLEET: 'on', RECORDING: 'on', RECORDING_SEGMENT_S: '2' },
    }),
    launchBrowser(),
  ])
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  })
  cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
}, 150_000)

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  configDir.remove()
})

async function recorded(cameraId: string): Promise<RecordingsAnswer> {
  const now = Date.now()
  const query = `from=${new Date(now - 600_000).toISOString()}&to=${new Date(now).toISOString()}`
  const response = await fetch(`${server.url}/api/cameras/${cameraId}/recordings?${query}`, { headers: { cookie } })
  return (await response.json()) as RecordingsAnswer
}

async function signedIn(path: string): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 768 } })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`)
  await page.getByLabel(translate('zh-CN', 'login.username')).fill(server.adminUsername)
  await page.getByLabel(translate('zh-CN', 'login.password')).fill(server.adminPassword)
  await page.getByLabel(translate('zh-CN', 'login.password')).press('Enter')
  await page.waitForURL((url) => url.pathname === '/console')
  return page
}

/**
 * What the seeks need: test 1 clicks between 1 s after the start and 6 s before the end of the recording
 * (more than 5 s apart); the synced seek lands over 6 s from where the other tile plays, which started at
 * the recording's start, and no later than 6 s before the end: 16 s leaves a margin for the 2 s files.
 */
const RECORDED_MS = 16_000

/** The tests run in any order: each waits for the recording it needs. */
async function waitRecorded(cameraId: string): Promise<void> {
  await waitFor(
    async () => {
      const first = (await recorded(cameraId)).ranges[0]
      return first !== undefined && Date.parse(first.end) - Date.parse(first.start) >= RECORDED_MS
    },
    120_000,
    `${RECORDED_MS / 1000} s of ${cameraId} recorded`,
  )
}

interface PlaybackSample {
  playedMs: number | null
  currentTime: number
  status: string
  source: string
}

const tile = (page: Page, index: number) => page.locator(`[data-testid=tile][data-index="${index}"]`)

function sample(page: Page, index: number): Promise<PlaybackSample | null> {
  return tile(page, index).evaluate((element) => {
    const video = element.querySelector('[data-testid=playback-video]') as HTMLVideoElement | null
    if (!video) return null
    const played = video.dataset['playedMs']
    return {
      playedMs: played ? Number(played) : null,
      currentTime: video.currentTime,
      status: video.dataset['status'] ?? '',
      source: video.dataset['source'] ?? '',
    }
  })
}

/** Waits until the tile plays near `targetMs` (within 3 s) and its video moves on; returns the ms taken. */
async function waitPlayingNear(page: Page, index: number, targetMs: number, since: number): Promise<number> {
  let first: number | null = null
  await waitFor(
    async () => {
      const s = await sample(page, index)
      if (!s || s.playedMs === null || Math.abs(s.playedMs - targetMs) > 3_000) return false
      first ??= s.currentTime
      return s.currentTime > first + 0.2
    },
    20_000,
    `tile ${index} playing near ${new Date(targetMs).toISOString()}`,
  )
  return Date.now() - since
}

// Each test chains several waits for the recording and the players; its limit is for a loaded machine.
describe('playback in the console', () => {
  it('R plays a recorded tile back, the timeline shows the recording, a click seeks there, L is live again', async () => {
    // Signed in and playing live while the recording grows.
    const page = await signedIn('/console?layout=4&cameras=cam-t001,cam-t002')
    await tile(page, 0).click()
    await expect.poll(() => tile(page, 0).getAttribute('data-state'), { timeout: 30_000 }).toBe('playing')
    await waitRecorded('cam-t001')

    await page.keyboard.press('r')
    await expect.poll(() => tile(page, 0).getAttribute('data-playback'), { timeout: 15_000 }).toBe('recording')
    await expect.poll(async () => (await sample(page, 0))?.status, { timeout: 20_000 }).toBe('playing')
    const bar = tile(page, 0).getByTestId('playback-bar')
    await expect.poll(() => bar.getByTestId('playback-range').count()).toBeGreaterThan(0)
    await expect.poll(() => tile(page, 0).getByTestId('tile-playback').textContent()).toMatch(/回放 \d\d:\d\d:\d\d/)

    // Zoomed in to two minutes across the bar, so a click lands within a second of the moment meant.
    for (let i = 0; i < 6; i++) await tile(page, 0).getByTitle(translate('zh-CN', 'playback.zoomIn')).click()
    const range = (await recorded('cam-t001')).ranges[0]!
    const latencies: number[] = []
    for (const fraction of [0.2, 0.7, 0.4]) {
      const box = (await bar.boundingBox())!
      const viewStart = Number(await bar.getAttribute('data-view-start'))
      const viewEnd = Number(await bar.getAttribute('data-view-end'))
      const lo = Math.max(viewStart, Date.parse(range.start)) + 1_000
      const hi = Math.min(viewEnd, Date.parse(range.end)) - 6_000
      expect(hi - lo).toBeGreaterThan(5_000)
      const target = lo + (hi - lo) * fraction
      const x = ((target - viewStart) / (viewEnd - viewStart)) * box.width
      const clickedAt = Date.now()
      await bar.click({ position: { x, y: box.height / 2 } })
      latencies.push(await waitPlayingNear(page, 0, target, clickedAt))
    }
    await saveScreenshot(page, 'playback-recording')
    const sorted = [...latencies].sort((a, b) => a - b)
    console.log(`playback seek to playing in the console: median ${sorted[1]} ms (${latencies.join(', ')} ms)`)

    await page.keyboard.press('l')
    await expect.poll(() => tile(page, 0).getAttribute('data-playback')).toBe('')
    await expect.poll(() => tile(page, 0).getAttribute('data-state'), { timeout: 30_000 }).toBe('playing')
    expect(await tile(page, 0).getByTestId('playback-timeline').count()).toBe(0)
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 240_000)

  it('a camera that is not recorded replays the last seconds from memory', async () => {
    const page = await signedIn('/console?layout=4&cameras=cam-t001,cam-t002')
    await tile(page, 1).click()
    await expect.poll(() => tile(page, 1).getAttribute('data-state'), { timeout: 30_000 }).toBe('playing')
    // A few segments of the live stream in its ring.
    await waitFor(
      async () => {
        const response = await fetch(`${server.url}/live/cam-t002/sub/replay.m3u8`, { headers: { cookie } })
        const text = response.ok ? await response.text() : (await response.body?.cancel(), '')
        return (text.match(/^seg-\d+\.m4s$/gm) ?? []).length >= 3
      },
      20_000,
      'three segments of cam-t002 held',
    )
    await tile(page, 1).getByTestId('tile-playback-toggle').click()
    await expect.poll(() => tile(page, 1).getAttribute('data-playback'), { timeout: 15_000 }).toBe('replay')
    await expect.poll(() => tile(page, 1).getByTestId('tile-playback').textContent()).toContain('回看')
    let first: number | null = null
    await waitFor(
      async () => {
        const s = await sample(page, 1)
        if (!s || s.status !== 'playing' || s.playedMs === null) return false
        first ??= s.currentTime
        return s.currentTime > first + 1 && s.playedMs < Date.now() - 1_000
      },
      20_000,
      'instant replay playing',
    )
    await expect.poll(() => tile(page, 1).getByTestId('playback-range').count()).toBe(1)
    await saveScreenshot(page, 'playback-instant-replay')
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 240_000)

  it('synced: a seek on one tile in playback takes the other to the same wall-clock moment', async () => {
    const page = await signedIn('/console?layout=4&cameras=cam-t001,cam-t002,cam-t003')
    await Promise.all([waitRecorded('cam-t001'), waitRecorded('cam-t003')])
    for (const index of [0, 2]) {
      await tile(page, index).click()
      await page.keyboard.press('r')
      await expect.poll(async () => (await sample(page, index))?.status, { timeout: 20_000 }).toBe('playing')
    }
    await page.keyboard.press('t')
    const [one, three] = await Promise.all([recorded('cam-t001'), recorded('cam-t003')])
    for (let i = 0; i < 6; i++) await tile(page, 2).getByTitle(translate('zh-CN', 'playback.zoomIn')).click()
    const bar = tile(page, 2).getByTestId('playback-bar')
    const box = (await bar.boundingBox())!
    const viewStart = Number(await bar.getAttribute('data-view-start'))
    const viewEnd = Number(await bar.getAttribute('data-view-end'))
    // A moment both cameras recorded, on the bar, and as far as can be from where tile 1 is now: its
    // landing there is the sync's doing, not its own playing on.
    const lo = Math.max(viewStart, Date.parse(one.ranges[0]!.start), Date.parse(three.ranges[0]!.start)) + 2_000
    const hi = Math.min(viewEnd, Date.parse(one.ranges[0]!.end), Date.parse(three.ranges[0]!.end)) - 6_000
    const now0 = (await sample(page, 0))!.playedMs!
    const target = Math.abs(lo - now0) > Math.abs(hi - now0) ? lo : hi
    expect(Math.abs(target - now0)).toBeGreaterThan(6_000)
    await bar.click({ position: { x: ((target - viewStart) / (viewEnd - viewStart)) * box.width, y: box.height / 2 } })
    const since = Date.now()
    await waitPlayingNear(page, 2, target, since)
    await waitPlayingNear(page, 0, target, since)
    expect(pageErrors).toEqual([])
    await page.context().close()
  }, 240_000)
})
