/**
 * The Chromium part: Debian's Chromium through server/testing/browser.ts. Every measurement gets a fresh
 * context (no HTTP cache, so a warm join does not reuse a cached init segment) holding the session
 * cookie, and a tiny page fulfilled by page.route() on the stream's own origin, with hls.js injected from
 * node_modules. "Click" is the moment the page creates the player and attaches the source.
 */
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { median } from './stats.ts'
import type { HlsConfig } from './hls-configs.ts'
import { launchBrowser, type LaunchedBrowser } from '../../../server/testing/browser.ts'

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js')
const PAGE = '<!doctype html><meta charset="utf-8"><title>bench player</title><body></body>'

// Runs in the page. Kept as a string: the page has no module loader, and hls.js is a global there.
const PLAYER_SCRIPT = `
window.benchPlay = (src, config, timeoutMs) => new Promise((resolve) => {
  const video = document.createElement('video')
  video.muted = true; video.autoplay = true; video.playsInline = true
  document.body.append(video)
  const started = performance.now()
  const hls = new Hls(config)
  window.benchHls = hls
  let done = false
  const finish = (result) => { if (!done) { done = true; resolve(result) } }
  // Stalls after the first picture: a start that shows a frame and then freezes is not a quick start.
  const stalls = window.benchStalls = { ms: 0, since: null, playing: false }
  video.addEventListener('playing', () => {
    if (stalls.since !== null) { stalls.ms += performance.now() - stalls.since; stalls.since = null }
    stalls.playing = true
    finish({ ok: true, ms: performance.now() - started })
  })
  video.addEventListener('waiting', () => { if (stalls.playing && stalls.since === null) stalls.since = performance.now() })
  hls.on(Hls.Events.ERROR, (_event, data) => { if (data.fatal) finish({ ok: false, error: 'hls.js: ' + data.details + (data.response ? ' HTTP ' + data.response.code : '') + (data.error ? ' ' + data.error.message : '') }) })
  setTimeout(() => finish({ ok: false, error: 'no playing event within ' + timeoutMs + ' ms' }), timeoutMs)
  hls.loadSource(src)
  hls.attachMedia(video)
  video.play().catch(() => {})
})
window.benchLatency = () => {
  const hls = window.benchHls
  const date = hls.playingDate
  return { latency: hls.latency, targetLatency: hls.targetLatency, pdtLatency: date ? (Date.now() - date.getTime()) / 1000 : null,
    rate: hls.media ? hls.media.playbackRate : null }
}
window.benchStalledMs = () => {
  const stalls = window.benchStalls
  return stalls.ms + (stalls.since === null ? 0 : performance.now() - stalls.since)
}
`

export interface PlayResult {
  ok: boolean
  ms?: number
  error?: string
}
export interface LatencySample {
  latency: number | null
  targetLatency: number | null
  pdtLatency: number | null
}

export class BenchBrowser {
  private constructor(private readonly launched: LaunchedBrowser) {}

  static async launch(): Promise<BenchBrowser> {
    return new BenchBrowser(await launchBrowser({ callerHandlesSignals: true }))
  }

  /**
   * Opens a player page on `origin` and plays `src`; `beforePlay` runs right before the player is
   * created (the baseline starts its ffmpeg there). After `playing`, waits `latencyWaitMs` and samples
   * hls.js latency five times 200 ms apart (median), if asked.
   */
  async play(options: {
    origin: string
    src: string
    config: HlsConfig
    cookie?: { name: string; value: string }
    beforePlay?: () => void
    latencyWaitMs?: number
    timeoutMs?: number
  }): Promise<PlayResult & { latency?: LatencySample; stalledAfterPlayingMs?: number }> {
    const context = await this.launched.browser.newContext()
    try {
      const page = await this.preparePage(context, options.origin, options.cookie)
      options.beforePlay?.()
      const timeoutMs = options.timeoutMs ?? 20_000
      const result = await page.evaluate(
        ([src, config, timeout]) =>
          (window as unknown as { benchPlay(s: string, c: unknown, t: number): Promise<PlayResult> }).benchPlay(
            src,
            config,
            timeout,
          ),
        [options.src, options.config, timeoutMs] as const,
      )
      if (!result.ok || options.latencyWaitMs === undefined) return result
      await page.waitForTimeout(options.latencyWaitMs)
      const samples: LatencySample[] = []
      for (let i = 0; i < 5; i++) {
        samples.push(await page.evaluate(() => (window as unknown as { benchLatency(): LatencySample }).benchLatency()))
        await page.waitForTimeout(200)
      }
      const pick = (key: keyof LatencySample): number | null =>
        median(samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number'))
      // From the first `playing` to here: a start that shows a frame and then freezes is not a quick start.
      const stalledAfterPlayingMs = await page.evaluate(() =>
        (window as unknown as { benchStalledMs(): number }).benchStalledMs(),
      )
      return {
        ...result,
        latency: { latency: pick('latency'), targetLatency: pick('targetLatency'), pdtLatency: pick('pdtLatency') },
        stalledAfterPlayingMs,
      }
    } finally {
      await context.close().catch(() => undefined)
    }
  }

  version(): Promise<string> {
    return Promise.resolve(`Chromium ${this.launched.browser.version()}`)
  }

  close(): Promise<void> {
    return this.launched.close()
  }

  private async preparePage(
    context: BrowserContext,
    origin: string,
    cookie?: { name: string; value: string },
  ): Promise<Page> {
    if (cookie) await context.addCookies([{ ...cookie, url: origin }])
    await context.route(`${origin}/bench-player.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: PAGE }),
    )
    const page = await context.newPage()
    await page.goto(`${origin}/bench-player.html`)
    await page.addScriptTag({ path: HLS_JS })
    await page.addScriptTag({ content: PLAYER_SCRIPT })
    return page
  }
}
