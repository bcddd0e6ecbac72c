/**
 * Memory over a long 16-tile tour: one page, one document for the whole run (a leak must accumulate to
 * show), a tour over 48 cameras (3 pages of 16) started again whenever it ends, through the tours panel
 * as an operator would. Each minute: the JS heap after a forced GC and the page's object counts (CDP),
 * and the renderer's and the whole browser's RSS (/proc), each taken just after a page switch once all 16
 * tiles play. No probe is injected: nothing of ours grows. At the first and the last minute a reading is
 * taken at each page of one tour cycle (END_READINGS), and the report compares their medians: one reading
 * varies by +-0.4 MiB of a ~7.5 MiB heap from page to page (measured: 5.5-8.0 MiB within minutes 1-14 of
 * one run), too much for a 20% judgement to rest on a single one. With --heap-snapshots, a snapshot after
 * those readings tells compiled code from everything else (heap-composition.ts); off by default, since a
 * snapshot can change the heap that the later readings measure (flags.ts).
 *
 * DevTools detached (the default, plain-chromium.ts): playwright opens the page and leaves; a bare CDP
 * connection (raw-cdp.ts) visits every 10 s (restart the tour if it ended) and takes each sample.
 * Otherwise the DevTools network agent of a playwright-driven page records every LL-HLS request and the
 * renderer grows by itself, and every playwright connect adds its own script world to the heap.
 */
import type { Tour } from '../../../server/contracts/patrol.ts'
import type { ConsoleBenchServer } from './console-server.ts'
import { readHeap, type ConsoleBrowser, type HeapReading } from './console-browser.ts'
import { launchPlainChromium } from './plain-chromium.ts'
import { RawCdp } from './raw-cdp.ts'
import { takeComposition, type HeapComposition, type SnapshotChannel } from './heap-composition.ts'
import { readChromiumMemory, type ChromiumMemory } from './renderer-memory.ts'

export interface MemorySample extends HeapReading, ChromiumMemory {
  minute: number
  /** Tiles showing a moving picture when sampled (16 when all is well, fewer just after a switch). */
  tilesPlaying: number
}

/** What the JS heap was made of at a minute (heap-composition.ts): taken at the first and the last minute. */
export interface MinuteComposition extends HeapComposition {
  minute: number
}

export interface MemorySamples {
  samples: MemorySample[]
  compositions: MinuteComposition[]
  tourStarts: number
  failures: string[]
  devtools: 'detached' | 'attached'
}

export interface MemoryContext {
  server: ConsoleBenchServer
  browser: ConsoleBrowser
  minutes: number
  dwellS: number
  cameraCount: number
  devtools: 'detached' | 'attached'
  /** Heap snapshots at the first and the last minute (flags.ts says why they are off by default). */
  heapSnapshots: boolean
  log: (message: string) => void
}

const TILES = 16
/** Readings at the first and the last minute: one per page of the 48-camera tour (3 pages of 16). */
export const END_READINGS = 3

/**
 * Samples at the same phase every time: just after a page switch, once all 16 tiles play. Taken at bare
 * minute marks the samples lock onto the tour's own period (3 pages x 20 s = 60 s) and land in the restart
 * gap, when no player exists: the heap there is several MiB below a screen of 16 players.
 */
/** What a sample reads in the page, through playwright (attached) or a bare CDP connection (detached). */
interface PageReader {
  /** The tour bar's page, or 'none': one read, since the bar may go away between two (the tour just ended). */
  tourPage(): Promise<string>
  tilesPlaying(): Promise<number>
  heap(): Promise<HeapReading>
}

const PAGE_OF_TOUR = "document.querySelector('[data-testid=tour-bar]')?.getAttribute('data-page') ?? 'none'"
const TILES_PLAYING = "document.querySelectorAll('[data-testid=tile][data-state=playing]').length"

async function sample(
  reader: PageReader,
  browserPid: number,
  minute: number,
  dwellS: number,
  keepTouring: () => Promise<void>,
): Promise<MemorySample> {
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
  const before = await reader.tourPage()
  // Both waits bounded: a switch comes within a dwell (plus a restart), 16 players within 30 s.
  const switchBy = Date.now() + dwellS * 1000 + 30_000
  while ((await reader.tourPage()) === before && Date.now() < switchBy) {
    await keepTouring()
    await sleep(100)
  }
  const playingBy = Date.now() + 30_000
  while ((await reader.tilesPlaying()) < TILES && Date.now() < playingBy) {
    await keepTouring()
    await sleep(250)
  }
  const heap = await reader.heap()
  return { minute, ...heap, ...readChromiumMemory(browserPid), tilesPlaying: await reader.tilesPlaying() }
}

const readingsAt = (minute: number, minutes: number): number => (minute === 1 || minute === minutes ? END_READINGS : 1)
/** A snapshot of a ~7 MiB heap takes a few seconds here; generous for a busy machine. */
const SNAPSHOT_TIMEOUT_MS = 120_000

/**
 * One minute's readings (END_READINGS at the first and the last minute, else one), then, at those two
 * minutes and with --heap-snapshots, what the heap is made of.
 */
async function readMinute(
  ctx: MemoryContext,
  result: MemorySamples,
  minute: number,
  page: { reader: PageReader; channel: SnapshotChannel; browserPid: number; keepTouring: () => Promise<void> },
): Promise<void> {
  for (let i = 0; i < readingsAt(minute, ctx.minutes); i++) {
    const reading = await sample(page.reader, page.browserPid, minute, ctx.dwellS, page.keepTouring)
    result.samples.push(reading)
    logSample(ctx, reading, result.tourStarts)
  }
  if (!ctx.heapSnapshots || (minute !== 1 && minute !== ctx.minutes)) return
  const composition = await takeComposition(page.channel)
  result.compositions.push({ minute, ...composition })
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(2)
  ctx.log(
    `memory minute ${minute}: heap snapshot ${mib(composition.totalBytes)} MiB, of which compiled code ${mib(composition.codeBytes)} MiB, other ${mib(composition.otherBytes)} MiB`,
  )
}

function logSample(ctx: MemoryContext, reading: MemorySample, tourStarts: number): void {
  ctx.log(
    `memory minute ${reading.minute}/${ctx.minutes}: heap ${(reading.usedBytes / 2 ** 20).toFixed(1)} MiB, renderer ${(reading.rendererRssBytes / 2 ** 20).toFixed(0)} MiB, browser ${(reading.treeRssBytes / 2 ** 20).toFixed(0)} MiB, ${reading.nodes} nodes, ${reading.tilesPlaying} tiles playing, tour started ${tourStarts}x`,
  )
}

async function createTour(ctx: MemoryContext): Promise<Tour> {
  const count = Math.min(48, ctx.cameraCount - (ctx.cameraCount % 16))
  const items = Array.from({ length: count }, (_, i) => ({ type: 'camera' as const, id: ctx.server.cameraId(i + 1) }))
  return ctx.server.api<Tour>('POST', '/api/tours', {
    name: 'bench: memory',
    items,
    kind: '16',
    dwellSeconds: ctx.dwellS,
    schedule: null,
  })
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export function measureMemory(ctx: MemoryContext): Promise<MemorySamples> {
  return ctx.devtools === 'detached' ? measureDetached(ctx) : measureAttached(ctx)
}

// Run in the page (either connection): start the tour again from the tours panel if it has ended; true if it did.
const restartTourScript = (tourId: number): string => `(async () => {
  if (document.querySelector('[data-testid=tour-bar]')) return false
  const tab = document.querySelector('[data-testid=tab-tours]')
  if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click()
  for (let i = 0; i < 50; i++) {
    const start = document.querySelector('[data-testid=tour-row][data-tour-id="${tourId}"] [data-testid=tour-start]')
    if (start) { start.click(); return true }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the tour has no start button')
})()`

async function measureDetached(ctx: MemoryContext): Promise<MemorySamples> {
  const result: MemorySamples = { samples: [], compositions: [], tourStarts: 1, failures: [], devtools: 'detached' }
  const tour = await createTour(ctx)
  const chromium = await launchPlainChromium()
  try {
    // Playwright once, to open the page signed in; from then on only the raw connection, briefly.
    const first = await chromium.connect()
    try {
      const context = first.browser.contexts()[0]
      if (!context) throw new Error('Chromium has no default context')
      await context.addCookies(ctx.browser.cookies)
      const page = await context.newPage()
      await page.setViewportSize({ width: 1600, height: 900 })
      await page.goto(`${ctx.server.url}/console?tour=${tour.id}`)
      await page.getByTestId('tour-bar').waitFor({ timeout: 20_000 })
    } finally {
      await first.disconnect()
    }
    const startedAt = Date.now()
    const endAt = startedAt + ctx.minutes * 60_000
    let nextMinute = 1
    while (nextMinute <= ctx.minutes && Date.now() < endAt + 60_000) {
      const due = Date.now() >= startedAt + nextMinute * 60_000
      let cdp: RawCdp | undefined
      try {
        const connected = await RawCdp.toPage(chromium.endpoint, (url) => url.includes('/console'))
        cdp = connected
        const keepTouring = async (): Promise<void> => {
          if (await connected.evaluate<boolean>(restartTourScript(tour.id))) result.tourStarts++
        }
        await keepTouring()
        if (due) {
          await connected.send('Performance.enable')
          const reader: PageReader = {
            tourPage: () => connected.evaluate<string>(PAGE_OF_TOUR),
            tilesPlaying: () => connected.evaluate<number>(TILES_PLAYING),
            heap: () => readHeap((method) => connected.send(method)),
          }
          const channel: SnapshotChannel = {
            send: (method, params) => connected.send(method, { ...params }, SNAPSHOT_TIMEOUT_MS),
            on: (method, listener) => connected.on(method, (params) => listener(params as { chunk: string })),
          }
          await readMinute(ctx, result, nextMinute, { reader, channel, browserPid: chromium.pid, keepTouring })
        }
      } catch (error) {
        result.failures.push(
          due ? `minute ${nextMinute}: ${describeError(error)}` : `keeping the tour going: ${describeError(error)}`,
        )
      } finally {
        cdp?.close()
      }
      if (due) nextMinute++
      // Bounded by the wall clock: a visit every 10 s until the last sample.
      await new Promise((resolve) => setTimeout(resolve, 10_000))
    }
  } finally {
    await chromium.close()
  }
  return result
}

async function measureAttached(ctx: MemoryContext): Promise<MemorySamples> {
  const result: MemorySamples = { samples: [], compositions: [], tourStarts: 1, failures: [], devtools: 'attached' }
  const tour = await createTour(ctx)
  const run = await ctx.browser.open(`${ctx.server.url}/console?tour=${tour.id}`, { probe: false })
  try {
    const cdp = await run.page.context().newCDPSession(run.page)
    await cdp.send('Performance.enable')
    await run.page.getByTestId('tour-bar').waitFor()
    const reader: PageReader = {
      tourPage: async () => String(await run.page.evaluate(PAGE_OF_TOUR)),
      tilesPlaying: async () => Number(await run.page.evaluate(TILES_PLAYING)),
      heap: () => readHeap((method) => cdp.send(method)),
    }
    const channel: SnapshotChannel = {
      send: (method, params) => cdp.send(method, params),
      on: (method, listener) => {
        cdp.on(method, listener)
        return () => {
          cdp.off(method, listener)
        }
      },
    }
    const startedAt = Date.now()
    const endAt = startedAt + ctx.minutes * 60_000
    let nextMinute = 1
    // Bounded by the wall clock: one pass a second until the last sample.
    const keepTouring = async (): Promise<void> => {
      try {
        if (await run.page.evaluate(restartTourScript(tour.id))) result.tourStarts++
      } catch (error) {
        result.failures.push(`restarting the tour: ${describeError(error)}`)
      }
    }
    while (nextMinute <= ctx.minutes && Date.now() < endAt + 60_000) {
      await keepTouring()
      if (Date.now() >= startedAt + nextMinute * 60_000) {
        try {
          await readMinute(ctx, result, nextMinute, { reader, channel, browserPid: ctx.browser.pid, keepTouring })
        } catch (error) {
          // Keep the samples taken so far; a minute without one is named in the failures.
          result.failures.push(`minute ${nextMinute}: ${describeError(error)}`)
        }
        nextMinute++
      }
      await run.page.waitForTimeout(1_000)
    }
    await cdp.detach().catch(() => undefined)
  } finally {
    await run.close()
  }
  return result
}
