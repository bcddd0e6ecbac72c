/**
 * Tour page switches: a tour over 16 cameras on 4 tiles (4 pages) with a short dwell, run with the
 * console's prefetch and without it (the localStorage switch), each from a server with no stream
 * running. Every switch after the first page is timed from the moment the tiles' cameras change to each
 * new tile's first frame (timing.ts). Modes alternate, so a noisy minute hurts both alike.
 */
import type { Tour } from '../../../server/contracts/patrol.ts'
import { pagesOf } from '../../../web/screens/console/layout-model.ts'
import type { ConsoleBenchServer } from './console-server.ts'
import type { ConsoleBrowser } from './console-browser.ts'
import { pageSwitchTimings, type PageSwitchTiming } from './timing.ts'

export interface TourModeSamples {
  /** Per switched page: switch -> the slowest tile's first frame, ms. */
  pageFrameMs: number[]
  /** Per switched page: switch -> the slowest tile's picture moving, ms. */
  pageAdvanceMs: number[]
  /** Per tile: switch -> first frame, ms. */
  tileFrameMs: number[]
  /** Pages whose tiles did not all show a frame. */
  failures: string[]
}

export interface TourSamples {
  prefetch: TourModeSamples
  noPrefetch: TourModeSamples
}

export interface TourContext {
  server: ConsoleBenchServer
  browser: ConsoleBrowser
  runs: number
  dwellS: number
  /** The tour's 16 cameras start after this camera number (kept apart from the 16-tile runs' first set). */
  firstCamera: number
  log: (message: string) => void
}

const CAMERAS = 16
const IDLE_TIMEOUT_MS = 40_000
const empty = (): TourModeSamples => ({ pageFrameMs: [], pageAdvanceMs: [], tileFrameMs: [], failures: [] })

async function runTour(ctx: TourContext, tour: Tour, prefetch: boolean): Promise<PageSwitchTiming[]> {
  const pages = pagesOf(tour.cameraIds, tour.kind)
  const run = await ctx.browser.open(`${ctx.server.url}/console?tour=${tour.id}`, { probe: true, prefetch })
  try {
    // The tour ends after its last page's dwell; the bar goes away then. Bounded by its length plus slack.
    const deadline = Date.now() + pages.length * ctx.dwellS * 1000 + 30_000
    const bar = run.page.getByTestId('tour-bar')
    let seen = false
    while (Date.now() < deadline) {
      const shown = (await bar.count()) > 0
      if (shown) seen = true
      else if (seen) break
      await run.page.waitForTimeout(250)
    }
    const records = await run.probe()
    return pageSwitchTimings(pages, records.switches, records.tiles)
  } finally {
    await run.close()
  }
}

export async function measureTours(ctx: TourContext): Promise<TourSamples> {
  const samples: TourSamples = { prefetch: empty(), noPrefetch: empty() }
  const items = Array.from({ length: CAMERAS }, (_, i) => ({
    type: 'camera' as const,
    id: ctx.server.cameraId(ctx.firstCamera + i + 1),
  }))
  const tour = await ctx.server.api<Tour>('POST', '/api/tours', {
    name: 'bench: page switch',
    items,
    kind: '4',
    dwellSeconds: ctx.dwellS,
    schedule: null,
  })
  for (let run = 0; run < ctx.runs; run++) {
    const order = run % 2 === 0 ? [true, false] : [false, true]
    for (const prefetch of order) {
      const into = prefetch ? samples.prefetch : samples.noPrefetch
      const name = prefetch ? 'with prefetch' : 'without prefetch'
      if (!(await ctx.server.waitIdle(IDLE_TIMEOUT_MS))) {
        into.failures.push(
          `run ${run + 1}: streams still running before the tour: ${(await ctx.server.runningStreams()).join(', ')}`,
        )
        continue
      }
      const timings = await runTour(ctx, tour, prefetch)
      if (timings.length < 3) into.failures.push(`run ${run + 1}: only ${timings.length} of 3 page switches seen`)
      for (const page of timings) {
        if (page.pageFrameMs === null)
          into.failures.push(`run ${run + 1} page ${page.page + 1}: a tile showed no frame`)
        else into.pageFrameMs.push(page.pageFrameMs)
        if (page.pageAdvanceMs !== null) into.pageAdvanceMs.push(page.pageAdvanceMs)
        into.tileFrameMs.push(...page.tileFrameMs.filter((t): t is number => t !== null))
      }
      ctx.log(
        `tour run ${run + 1}/${ctx.runs} ${name}: page first frame ${timings.map((t) => t.pageFrameMs?.toFixed(0) ?? 'n/a').join(', ')} ms`,
      )
    }
  }
  return samples
}
