/**
 * Start-up and latency, ours against bare ffmpeg on the same cameras, interleaved run by run so the
 * machine's noise falls on both alike: request -> first playable playlist (HTTP), click -> `playing` and
 * hls.js latency (Chromium, camera not streaming before), and warm join (Chromium, stream running with
 * another viewer). The fleet's loopers are kept warm by keepers: a real camera is always sending, so a
 * cold start must not include the simulator starting its clip.
 */
import { listsSegment } from './playlist.ts'
import { startCameras } from './bench-cameras.ts'
import { startKeeper, type Baseline } from './baseline.ts'
import type { BenchBrowser, PlayResult } from './bench-browser.ts'
import type { BenchServer } from './bench-server.ts'
import type { Quality } from './flags.ts'
import { BASELINE_CONFIG, type HlsConfig } from './hls-configs.ts'
import { HlsViewer } from './hls-viewer.ts'
import type { StartResult, StartSamples } from './report.ts'
import { lookForCamera } from '../../../fixtures/fleet/media/clip-args.ts'

export interface StartContext {
  server: BenchServer
  baseline: Baseline
  browser: BenchBrowser | undefined
  quality: Quality
  runs: number
  latencyWaitMs: number
  ourConfig: HlsConfig
  log: (message: string) => void
}

const emptySamples = (): StartSamples => ({
  playlistMs: [],
  clickToPlayingMs: [],
  warmJoinMs: [],
  latencyS: [],
  pdtLatencyS: [],
  stalledAfterPlayingMs: [],
  failures: [],
})
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))
/**
 * A cold start costs the wait for the camera's next keyframe, which depends on where in the GOP the click
 * lands. Runs spaced evenly fall on the same phase every time (seen: bare ffmpeg at exactly 2.99 s, five
 * runs in a row), so each cold measurement first waits a random part of a GOP.
 */
const randomPhase = (gopSeconds: number): Promise<void> => sleep(Math.random() * gopSeconds * 1000)

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await sleep(50)
  }
  return check()
}

/** GET a playlist (held by the server until playable); milliseconds from `startedAt`. */
async function timePlaylist(url: string, headers: Record<string, string>, startedAt: number): Promise<number> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) })
  const text = await response.text()
  if (!response.ok || !listsSegment(text)) throw new Error(`${url}: HTTP ${response.status}, no segment listed`)
  return performance.now() - startedAt
}

function record(
  samples: StartSamples,
  key: 'clickToPlayingMs' | 'warmJoinMs',
  label: string,
  result: PlayResult & {
    latency?: { latency: number | null; pdtLatency: number | null }
    stalledAfterPlayingMs?: number
  },
): void {
  if (!result.ok || result.ms === undefined) {
    samples.failures.push(`${label}: ${result.error ?? 'failed'}`)
    return
  }
  samples[key].push(result.ms)
  if (result.latency?.latency != null) samples.latencyS.push(result.latency.latency)
  if (result.latency?.pdtLatency != null) samples.pdtLatencyS.push(result.latency.pdtLatency)
  if (result.stalledAfterPlayingMs !== undefined) samples.stalledAfterPlayingMs.push(result.stalledAfterPlayingMs)
}

async function attempt(samples: StartSamples, label: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    samples.failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export async function measureStarts(ctx: StartContext, gopSeconds: 1 | 2): Promise<StartResult> {
  const { server, baseline, browser, quality } = ctx
  const cameras = startCameras(gopSeconds, ctx.runs)
  const ours = emptySamples()
  const bare = emptySamples()
  const cookieHeader = { cookie: `${server.cookie.name}=${server.cookie.value}` }
  const live = (id: string): string => `/live/${id}/${quality}/index.m3u8`

  // One keeper per clip in use (clips are per look, quality and GOP).
  const all = [...cameras.runs.flatMap((r) => [r.http, r.browser]), cameras.warm]
  const byLook = new Map(all.map((id) => [lookForCamera(id), id]))
  const keepers = [...byLook.values()].map((id) => startKeeper(server.rtspUrl(id, quality)))
  const warmViewer = new HlsViewer({
    base: `${server.url}/live/${cameras.warm}/${quality}/`,
    cookie: cookieHeader.cookie,
    maxDurationMs: 20 * 60_000,
  })
  const warmBare = baseline.start(server.rtspUrl(cameras.warm, quality))
  try {
    await sleep(2000)
    warmViewer.start()
    const warmed = await waitFor(() => warmViewer.stats.firstPlaylistMs !== null && warmBare.playable(), 20_000)
    if (!warmed)
      ours.failures.push(`warm stream ${cameras.warm} did not start: ${warmViewer.stats.errorSamples.join('; ')}`)
    // Let both warm streams build a few segments, as a stream someone has watched for a while would have.
    await sleep(3000)
    // One unrecorded play: the browser's first video pays for loading its decoder.
    if (browser)
      await browser.play({ origin: server.url, src: live(cameras.warm), config: ctx.ourConfig, cookie: server.cookie })

    for (const [i, run] of cameras.runs.entries()) {
      ctx.log(`  ${gopSeconds} s GOP run ${i + 1}/${ctx.runs}: ${run.http} (HTTP), ${run.browser} (Chromium)`)
      await randomPhase(gopSeconds)
      await attempt(ours, `HTTP ${run.http}`, async () => {
        ours.playlistMs.push(await timePlaylist(`${server.url}${live(run.http)}`, cookieHeader, performance.now()))
      })
      await randomPhase(gopSeconds)
      await attempt(bare, `HTTP ${run.http}`, async () => {
        const remuxer = baseline.remuxer(server.rtspUrl(run.http, quality))
        try {
          const startedAt = performance.now()
          remuxer.start()
          bare.playlistMs.push(await timePlaylist(`${baseline.url}${remuxer.playlistPath}`, {}, startedAt))
        } finally {
          await remuxer.stop()
        }
      })
      if (!browser) continue
      await randomPhase(gopSeconds)
      await attempt(ours, `cold ${run.browser}`, async () => {
        record(
          ours,
          'clickToPlayingMs',
          `cold ${run.browser}`,
          await browser.play({
            origin: server.url,
            src: live(run.browser),
            config: ctx.ourConfig,
            cookie: server.cookie,
            latencyWaitMs: ctx.latencyWaitMs,
          }),
        )
      })
      await randomPhase(gopSeconds)
      await attempt(bare, `cold ${run.browser}`, async () => {
        const remuxer = baseline.remuxer(server.rtspUrl(run.browser, quality))
        try {
          // ffmpeg starts as the page creates its player: the click starts both, as an on-demand front would.
          record(
            bare,
            'clickToPlayingMs',
            `cold ${run.browser}`,
            await browser.play({
              origin: baseline.url,
              src: remuxer.playlistPath,
              config: BASELINE_CONFIG,
              beforePlay: () => remuxer.start(),
              latencyWaitMs: ctx.latencyWaitMs,
            }),
          )
        } finally {
          await remuxer.stop()
        }
      })
      await attempt(ours, 'warm', async () => {
        record(
          ours,
          'warmJoinMs',
          'warm',
          await browser.play({
            origin: server.url,
            src: live(cameras.warm),
            config: ctx.ourConfig,
            cookie: server.cookie,
          }),
        )
      })
      await attempt(bare, 'warm', async () => {
        record(
          bare,
          'warmJoinMs',
          'warm',
          await browser.play({ origin: baseline.url, src: warmBare.playlistPath, config: BASELINE_CONFIG }),
        )
      })
    }
  } finally {
    const stats = await warmViewer.stop()
    if (stats.errors > 0) ours.failures.push(`warm viewer: ${stats.errors} errors (${stats.errorSamples.join('; ')})`)
    await warmBare.stop()
    await Promise.all(keepers.map((k) => k.stop()))
  }
  return { gopSeconds, ours, baseline: bare }
}
