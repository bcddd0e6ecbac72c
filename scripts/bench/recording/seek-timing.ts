/**
 * Playback seek-to-playing latency in the console, in Chromium (Debian's, as the console benchmark drives
 * it): a recording camera's tile goes to playback (R), the timeline is zoomed in to two minutes, and each
 * click on it is timed in the page's own clock from the click to the first frame that moves on within 2 s
 * of the moment clicked. The recording is one file still being written (files are a minute long), so this
 * also times playback of the newest minute.
 */
import type { Page } from 'playwright-core'
import { waitFor } from '../../../server/testing/wait-for.ts'
import { translate } from '../../../web/lib/i18n/translate.ts'
import { ConsoleBrowser } from '../console/console-browser.ts'

export interface SeekTiming {
  /** The median of the samples, in ms. */
  medianMs: number
  samplesMs: number[]
  /** Which seeks read recorded bytes from the server before playing; the others landed in what hls.js held. */
  fetched: boolean[]
  /** The median of the seeks that read from the server (null when none did). */
  fetchedMedianMs: number | null
}

export interface SeekServer {
  url: string
  adminUsername: string
  adminPassword: string
  /** Cookie header for API reads. */
  cookie: string
}

/**
 * Where on the recording each click lands, as a share of the recorded span on the bar: each far from the
 * one before (a minute or more apart, then 40 s), so the video is never already near the next moment.
 */
const CLICKS = [0.95, 0.05, 0.75, 0.15, 0.55]
const RECORDED_MS = 120_000
/** Zoom-ins from the day's view: about six minutes across the bar. */
const ZOOM_INS = 5
const NEAR_MS = 2_000

async function recordedRange(server: SeekServer, cameraId: string): Promise<{ startMs: number; endMs: number }> {
  return waitFor(
    async () => {
      const now = Date.now()
      const query = `from=${new Date(now - 600_000).toISOString()}&to=${new Date(now).toISOString()}`
      const response = await fetch(`${server.url}/api/cameras/${cameraId}/recordings?${query}`, {
        headers: { cookie: server.cookie },
      })
      const body = (await response.json()) as { ranges: { start: string; end: string }[] }
      const range = body.ranges.at(-1)
      if (!range) return undefined
      const span = { startMs: Date.parse(range.start), endMs: Date.parse(range.end) }
      return span.endMs - span.startMs >= RECORDED_MS ? span : undefined
    },
    RECORDED_MS + 120_000,
    `${RECORDED_MS / 1000} s of ${cameraId} recorded`,
  )
}

/**
 * Resolves, in the page, with its clock's time of the first moving frame near the target after a seek
 * began. A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
 */
const PLAYING_NEAR = `({ target, near }) => new Promise((resolve, reject) => {
  const video = document.querySelector('[data-testid=tile][data-index="0"] [data-testid=playback-video]')
  if (!(video instanceof HTMLVideoElement)) return reject(new Error('no playback video'))
  let landed = null
  let sought = false
  video.addEventListener('seeking', () => (sought = true), { once: true })
  const deadline = performance.now() + 20000
  const check = () => {
    const played = Number(video.dataset.playedMs || NaN)
    if (sought && Math.abs(played - target) <= near && !video.seeking && !video.paused) {
      landed ??= video.currentTime
      if (video.currentTime > landed + 0.03) return resolve(performance.now())
    }
    if (performance.now() > deadline) return reject(new Error('not playing near ' + target))
    requestAnimationFrame(check)
  }
  check()
})`

function playingNear(page: Page, targetMs: number): Promise<number> {
  return page.evaluate(`(${PLAYING_NEAR})(${JSON.stringify({ target: targetMs, near: NEAR_MS })})`)
}

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)]!
}

export async function measureSeek(server: SeekServer, cameraId: string): Promise<SeekTiming> {
  const recorded = await recordedRange(server, cameraId)
  const browser = await ConsoleBrowser.launch(server.url, server.adminUsername, server.adminPassword)
  try {
    const run = await browser.open(`${server.url}/console?layout=4&cameras=${cameraId}`, { probe: false })
    const { page } = run
    try {
      const tile = page.locator('[data-testid=tile][data-index="0"]')
      await tile.click()
      await waitFor(async () => (await tile.getAttribute('data-state')) === 'playing', 30_000, 'the live tile')
      await page.keyboard.press('r')
      const video = tile.getByTestId('playback-video')
      await waitFor(async () => (await video.getAttribute('data-status')) === 'playing', 30_000, 'playback')
      for (let i = 0; i < ZOOM_INS; i++) await tile.getByTitle(translate('zh-CN', 'playback.zoomIn')).click()
      const bar = tile.getByTestId('playback-bar')
      const samplesMs: number[] = []
      const fetched: boolean[] = []
      let reads = 0
      page.on('request', (request) => {
        if (/\/playback\/[^/]+\/[rw]\d+\.mp4$/.test(new URL(request.url()).pathname)) reads++
      })
      for (const share of CLICKS) {
        const box = (await bar.boundingBox())!
        const viewStart = Number(await bar.getAttribute('data-view-start'))
        const viewEnd = Number(await bar.getAttribute('data-view-end'))
        const lo = Math.max(viewStart, recorded.startMs) + 1_000
        const hi = Math.min(viewEnd, recorded.endMs) - 3_000
        const target = lo + (hi - lo) * share
        const readsBefore = reads
        const clickedAt = await page.evaluate(() => performance.now())
        const landing = playingNear(page, target)
        // Awaited after the click; a failure before then must not go unhandled.
        landing.catch(() => undefined)
        await bar.click({
          position: { x: ((target - viewStart) / (viewEnd - viewStart)) * box.width, y: box.height / 2 },
        })
        samplesMs.push(Math.round((await landing) - clickedAt))
        fetched.push(reads > readsBefore)
      }
      return {
        medianMs: median(samplesMs)!,
        samplesMs,
        fetched,
        fetchedMedianMs: median(samplesMs.filter((_, i) => fetched[i])),
      }
    } finally {
      await run.close()
    }
  } finally {
    await browser.close()
  }
}
