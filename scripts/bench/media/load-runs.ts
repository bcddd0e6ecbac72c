/**
 * CPU and memory at N concurrent streams, ours against bare remuxers. Ours: one HTTP LL-HLS viewer per
 * stream (cam-t001 upwards), levels ramped up in place; measured: the server and every descendant except
 * the fleet's tree, which is measured apart. Then, once the server's streams have stopped, the same
 * cameras through bare `ffmpeg -c copy -f hls` (no viewers: its cost is the remuxer's alone).
 */
import { loadCameras } from './bench-cameras.ts'
import type { Baseline, BareRemuxer } from './baseline.ts'
import type { BenchServer } from './bench-server.ts'
import { measureWindow, type PickProcesses } from './cpu-window.ts'
import type { Quality } from './flags.ts'
import { HlsViewer } from './hls-viewer.ts'
import { treeOf } from './proc-stat.ts'
import type { LoadResult, LoadSamples } from './report.ts'

export interface LoadContext {
  server: BenchServer
  baseline: Baseline
  quality: Quality
  levels: number[]
  windows: number
  windowSeconds: number
  warmupSeconds: number
  log: (message: string) => void
}

interface StreamRow {
  cameraId: string
  quality: string
  state: string
  restarts: number
}

const STAGGER_MS = 25
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))
const emptySamples = (): LoadSamples => ({
  cpuPercentOfCore: [],
  serverCpuPercentOfCore: [],
  rssBytes: [],
  pssBytes: [],
  fleetCpuPercentOfCore: [],
  benchCpuPercentOfCore: [],
  machineBusyPercent: [],
  errors: 0,
  restarts: 0,
  notLive: 0,
  viewerRequests: 0,
  errorSamples: [],
})

/** GET /api/streams, checked field by field rather than cast. */
async function listStreams(server: BenchServer): Promise<StreamRow[]> {
  const response = await fetch(`${server.url}/api/streams`, {
    headers: { cookie: `${server.cookie.name}=${server.cookie.value}` },
    signal: AbortSignal.timeout(10_000),
  })
  const body: unknown = await response.json()
  const rows = (body as { streams?: unknown }).streams
  if (!response.ok || !Array.isArray(rows)) throw new Error(`/api/streams: HTTP ${response.status}`)
  return rows.flatMap((row: unknown) => {
    const r = row as Partial<Record<keyof StreamRow, unknown>>
    return typeof r.cameraId === 'string' &&
      typeof r.quality === 'string' &&
      typeof r.state === 'string' &&
      typeof r.restarts === 'number'
      ? [{ cameraId: r.cameraId, quality: r.quality, state: r.state, restarts: r.restarts }]
      : []
  })
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(stepMs)
  }
  return check()
}

async function measureLevel(ctx: LoadContext, samples: LoadSamples, pick: PickProcesses): Promise<void> {
  await sleep(ctx.warmupSeconds * 1000)
  for (let w = 0; w < ctx.windows; w++) {
    const sample = await measureWindow(ctx.windowSeconds, pick)
    samples.cpuPercentOfCore.push(sample.cpuPercentOfCore)
    samples.serverCpuPercentOfCore.push(sample.serverCpuPercentOfCore)
    samples.rssBytes.push(sample.rssBytes)
    samples.pssBytes.push(sample.pssBytes)
    samples.fleetCpuPercentOfCore.push(sample.fleetCpuPercentOfCore)
    samples.benchCpuPercentOfCore.push(sample.benchCpuPercentOfCore)
    samples.machineBusyPercent.push(sample.machineBusyPercent)
  }
}

async function measureOurs(ctx: LoadContext): Promise<Map<number, LoadSamples>> {
  const { server } = ctx
  const results = new Map<number, LoadSamples>()
  const viewers: HlsViewer[] = []
  const fleetPid = server.fleetPid()
  const pick: PickProcesses = (snapshot) => {
    const exclude = new Set(fleetPid === undefined ? [] : [fleetPid])
    return {
      measured: treeOf(snapshot, server.pid, exclude),
      fleet: fleetPid === undefined ? [] : treeOf(snapshot, fleetPid),
      server: [server.pid],
    }
  }
  const totals = (): { errors: number; requests: number } =>
    viewers.reduce((t, v) => ({ errors: t.errors + v.stats.errors, requests: t.requests + v.stats.requests }), {
      errors: 0,
      requests: 0,
    })
  try {
    for (const level of ctx.levels) {
      const samples = emptySamples()
      const cameras = loadCameras(level)
      const before = totals()
      const restartsBefore = new Map((await listStreams(server)).map((s) => [`${s.cameraId}/${s.quality}`, s.restarts]))
      ctx.log(`  ours: ${level} streams`)
      for (const id of cameras.slice(viewers.length)) {
        const viewer = new HlsViewer({
          base: `${server.url}/live/${id}/${ctx.quality}/`,
          cookie: `${server.cookie.name}=${server.cookie.value}`,
          maxDurationMs: 20 * 60_000,
        })
        viewers.push(viewer)
        viewer.start()
        await sleep(STAGGER_MS)
      }
      if (!(await waitFor(() => viewers.every((v) => v.stats.firstPlaylistMs !== null), 60_000))) {
        samples.errorSamples.push(
          `${viewers.filter((v) => v.stats.firstPlaylistMs === null).length} streams gave no playlist within 60 s`,
        )
      }
      await measureLevel(ctx, samples, pick)
      const rows = new Map((await listStreams(server)).map((s) => [`${s.cameraId}/${s.quality}`, s]))
      for (const id of cameras) {
        const row = rows.get(`${id}/${ctx.quality}`)
        if (row?.state !== 'live') samples.notLive++
        samples.restarts += Math.max(0, (row?.restarts ?? 0) - (restartsBefore.get(`${id}/${ctx.quality}`) ?? 0))
      }
      const after = totals()
      samples.errors = after.errors - before.errors
      samples.viewerRequests = after.requests - before.requests
      samples.errorSamples.push(...viewers.flatMap((v) => v.stats.errorSamples).slice(0, 5))
      results.set(level, samples)
    }
  } finally {
    await Promise.all(viewers.map((v) => v.stop()))
  }
  return results
}

async function measureBare(ctx: LoadContext): Promise<Map<number, LoadSamples>> {
  const { server, baseline } = ctx
  const results = new Map<number, LoadSamples>()
  const remuxers: BareRemuxer[] = []
  const fleetPid = server.fleetPid()
  const pick: PickProcesses = (snapshot) => ({
    measured: remuxers.map((r) => r.pid).filter((pid) => snapshot.has(pid)),
    fleet: fleetPid === undefined ? [] : treeOf(snapshot, fleetPid),
    server: [],
  })
  try {
    for (const level of ctx.levels) {
      const samples = emptySamples()
      ctx.log(`  bare ffmpeg: ${level} streams`)
      for (const id of loadCameras(level).slice(remuxers.length)) {
        remuxers.push(baseline.start(server.rtspUrl(id, ctx.quality)))
        await sleep(STAGGER_MS)
      }
      if (!(await waitFor(() => remuxers.every((r) => r.playable() || r.exited()), 60_000))) {
        samples.errorSamples.push(
          `${remuxers.filter((r) => !r.playable()).length} remuxers wrote no segment within 60 s`,
        )
      }
      await measureLevel(ctx, samples, pick)
      samples.errors = remuxers.filter((r) => r.exited()).length
      samples.notLive = remuxers.filter((r) => !r.playable()).length
      samples.errorSamples.push(
        ...remuxers
          .filter((r) => r.exited() || !r.playable())
          .slice(0, 3)
          .map((r) => `${r.name} (pid ${r.pid}): ${r.stderr() || 'no output'}`),
      )
      results.set(level, samples)
    }
  } finally {
    await Promise.all(remuxers.map((r) => r.stop()))
  }
  return results
}

/** The server's streams stop 10 s after their last request: wait, so earlier ones do not run beside a measurement. */
async function waitUntilNoStreams(ctx: LoadContext): Promise<void> {
  ctx.log("  waiting for the server's streams to stop")
  const idle = await waitFor(async () => (await listStreams(ctx.server)).length === 0, 45_000, 1000)
  if (!idle) ctx.log('  (some streams still run; they share the machine with the measurement)')
}

export async function measureLoad(ctx: LoadContext): Promise<LoadResult[]> {
  await waitUntilNoStreams(ctx)
  const ours = await measureOurs(ctx)
  await waitUntilNoStreams(ctx)
  const bare = await measureBare(ctx)
  return ctx.levels.map((streams) => ({
    streams,
    ours: ours.get(streams) ?? emptySamples(),
    baseline: bare.get(streams) ?? emptySamples(),
  }))
}
