/**
 * 16 tiles: navigation start of `/console?layout=16&cameras=...` to every tile's picture moving, cold
 * (the server runs no stream: checked on /api/streams before each run) and warm (the same link opened
 * again at once, its 16 streams still running). Each run takes the next 16 cameras of the configuration.
 */
import type { ConsoleBenchServer } from './console-server.ts'
import type { ConsoleBrowser, RunPage } from './console-browser.ts'
import { layoutTiming, type LayoutTiming } from './timing.ts'

export interface LayoutSamples {
  /** Navigation start -> all 16 moving, ms. */
  coldMs: number[]
  coldFirstFrameMs: number[]
  warmMs: number[]
  warmFirstFrameMs: number[]
  failures: string[]
}

export interface LayoutContext {
  server: ConsoleBenchServer
  browser: ConsoleBrowser
  cameraCount: number
  runs: number
  log: (message: string) => void
}

const TILES = 16
const PLAY_TIMEOUT_MS = 30_000
/** The reaper runs every 1.25 s past LIVE_IDLE_STOP_S; ffmpeg may take a few seconds to end. */
const IDLE_TIMEOUT_MS = 40_000

async function waitPlaying(run: RunPage, cameraIds: string[]): Promise<LayoutTiming> {
  const deadline = Date.now() + PLAY_TIMEOUT_MS
  let timing = layoutTiming([], cameraIds)
  while (Date.now() < deadline) {
    timing = layoutTiming((await run.probe()).videos, cameraIds)
    if (timing.allPlayingMs !== null) return timing
    await run.page.waitForTimeout(250)
  }
  return timing
}

async function openOnce(ctx: LayoutContext, cameraIds: string[]): Promise<LayoutTiming> {
  const run = await ctx.browser.open(`${ctx.server.url}/console?layout=16&cameras=${cameraIds.join(',')}`, {
    probe: true,
  })
  try {
    return await waitPlaying(run, cameraIds)
  } finally {
    await run.close()
  }
}

export async function measureLayout(ctx: LayoutContext): Promise<LayoutSamples> {
  const samples: LayoutSamples = { coldMs: [], coldFirstFrameMs: [], warmMs: [], warmFirstFrameMs: [], failures: [] }
  const sets = Math.max(1, Math.floor(ctx.cameraCount / TILES))
  for (let run = 0; run < ctx.runs; run++) {
    const first = (run % sets) * TILES
    const cameraIds = Array.from({ length: TILES }, (_, i) => ctx.server.cameraId(first + i + 1))
    if (!(await ctx.server.waitIdle(IDLE_TIMEOUT_MS))) {
      samples.failures.push(
        `run ${run + 1}: streams still running before the cold open: ${(await ctx.server.runningStreams()).join(', ')}`,
      )
      continue
    }
    const cold = await openOnce(ctx, cameraIds)
    const warm = await openOnce(ctx, cameraIds)
    for (const [name, timing, all, first] of [
      ['cold', cold, samples.coldMs, samples.coldFirstFrameMs],
      ['warm', warm, samples.warmMs, samples.warmFirstFrameMs],
    ] as const) {
      if (timing.allPlayingMs === null)
        samples.failures.push(
          `run ${run + 1} ${name}: not playing within ${PLAY_TIMEOUT_MS} ms: ${timing.missing.join(', ')}`,
        )
      else all.push(timing.allPlayingMs)
      if (timing.allFirstFrameMs !== null) first.push(timing.allFirstFrameMs)
    }
    ctx.log(
      `16 tiles run ${run + 1}/${ctx.runs}: cold ${cold.allPlayingMs?.toFixed(0) ?? 'n/a'} ms, warm ${warm.allPlayingMs?.toFixed(0) ?? 'n/a'} ms`,
    )
  }
  return samples
}
