/**
 * Recorded video in Chromium with hls.js: the VOD playlist over several stored files plays, and a seek
 * to the middle lands there and plays on. The seek-to-playing time is printed, not asserted (a figure for
 * the benchmark; a loaded machine only makes it slower).
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RECORDED_CAMERA,
  startRecordingBrowserRig,
  type RecordingBrowserRig,
} from '../testing/recording-browser-fixture.ts'

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js')
let rig: RecordingBrowserRig

beforeAll(async () => {
  rig = await startRecordingBrowserRig()
}, 120_000)
afterAll(async () => {
  await rig?.close()
})

describe('playback of a recording in Chromium', () => {
  it('plays the VOD playlist over several files and seeks to the middle', async () => {
    const range = await rig.waitForRecorded(8_000)
    const { url } = rig
    const src = `${url}/playback/${RECORDED_CAMERA}/index.m3u8?start=${range.start}&end=${range.end}`
    const context = await rig.signedInContext()
    try {
      await context.route(`${url}/player.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><body></body>' }),
      )
      const page = await context.newPage()
      await page.goto(`${url}/player.html`)
      await page.addScriptTag({ path: HLS_JS })
      const result = await page.evaluate(
        (source) =>
          new Promise<{ duration: number; target: number; landedAt: number; seekToPlayingMs: number } | string>(
            (resolve) => {
              const video = document.createElement('video')
              video.muted = true
              document.body.append(video)
              const Hls = (
                window as unknown as {
                  Hls: new () => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void }
                }
              ).Hls
              const hls = new Hls()
              const fail = setTimeout(() => resolve(`stuck at ${video.currentTime} of ${video.duration}`), 50_000)
              video.addEventListener(
                'playing',
                () => {
                  const target = video.duration / 2
                  const seekStarted = performance.now()
                  video.currentTime = target
                  const check = setInterval(() => {
                    // Playing on from the middle: past the target, and moving.
                    if (video.currentTime > target + 0.5 && !video.paused) {
                      clearInterval(check)
                      clearTimeout(fail)
                      resolve({
                        duration: video.duration,
                        target,
                        landedAt: video.currentTime,
                        seekToPlayingMs: performance.now() - seekStarted,
                      })
                    }
                  }, 50)
                },
                { once: true },
              )
              hls.loadSource(source)
              hls.attachMedia(video)
              void video.play().catch(() => undefined)
            },
          ),
        src,
      )
      if (typeof result === 'string') throw new Error(result)
      console.log(
        `recorded playback: ${result.duration.toFixed(1)} s listed, seek to ${result.target.toFixed(1)} s playing after ${Math.round(result.seekToPlayingMs)} ms`,
      )
      expect(result.duration).toBeGreaterThanOrEqual(7)
      expect(result.landedAt).toBeGreaterThan(result.target)
      expect(result.landedAt).toBeLessThan(result.target + 10)
    } finally {
      await context.close()
    }
  })
})
