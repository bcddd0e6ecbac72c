/**
 * The benchmark's result: raw samples in, medians, ratios, pass/fail per target and the one human line
 * out. Pure, so the arithmetic and the wording are unit-tested apart from the slow measuring.
 */
import { median, ratio, round } from './stats.ts'

/** One system's samples for one camera GOP (ours = the console's LL-HLS, baseline = bare ffmpeg -f hls). */
export interface StartSamples {
  /** Request (or ffmpeg start) -> first playable playlist, over HTTP. */
  playlistMs: number[]
  /** Player created -> video `playing`, in Chromium, stream not running before. */
  clickToPlayingMs: number[]
  /** A stream already running: new player -> `playing`. */
  warmJoinMs: number[]
  /** hls.js `latency` after playing a while, seconds. */
  latencyS: number[]
  /** Wall clock minus hls.js `playingDate` (EXT-X-PROGRAM-DATE-TIME), seconds, where the playlist has it. */
  pdtLatencyS: number[]
  /** Cold starts: time the picture stood still between the first `playing` and the latency reading (~11 s later). */
  stalledAfterPlayingMs: number[]
  failures: string[]
}

export interface StartResult {
  gopSeconds: number
  ours: StartSamples
  baseline: StartSamples
}

/** One load level, one system: a sample per measurement window. */
export interface LoadSamples {
  /** Server + its ffmpeg children (ours) or the bare remuxers (baseline), % of one core. */
  cpuPercentOfCore: number[]
  /** Ours: the server's Node process alone (the rest is its ffmpeg children); baseline: none. */
  serverCpuPercentOfCore: number[]
  rssBytes: number[]
  /** Proportional set size (shared pages split among their users), the memory the processes really cost. */
  pssBytes: number[]
  /** The simulated fleet and its loopers, measured apart, % of one core. */
  fleetCpuPercentOfCore: number[]
  /** The benchmark process itself (its HTTP viewers), % of one core. */
  benchCpuPercentOfCore: number[]
  /** The whole machine's busy share (all processes, ours and other users'), % of the machine. */
  machineBusyPercent: number[]
  /** Viewer requests that failed, stream restarts, streams not live at the end. */
  errors: number
  restarts: number
  notLive: number
  viewerRequests: number
  errorSamples: string[]
}

export interface LoadResult {
  streams: number
  ours: LoadSamples
  baseline: LoadSamples
}

export interface RawResults {
  cores: number
  starts: StartResult[]
  load: LoadResult[]
}

export interface Target {
  name: string
  limit: string
  measured: number | null
  pass: boolean | null
}

/**
 * A start counts as frozen after `playing` only if its picture waited longer than one frame (40 ms at 25 fps):
 * hls.js playing 0.25 s behind the live edge lets the video element report `waiting` for a few ms at a part
 * boundary (measured 2-22 ms, 12 of 14 starts) without a frame shown late.
 */
export const VISIBLE_STALL_MS = 40
const froze = (ms: readonly number[]): number => ms.filter((stalled) => stalled > VISIBLE_STALL_MS).length

const medianOf = (samples: readonly number[], digits = 3): number | null => round(median(samples), digits)
const seconds = (ms: readonly number[]): number | null => round(median(ms) === null ? null : median(ms)! / 1000, 3)

function summarizeStart(s: StartSamples): Record<string, unknown> {
  return {
    playlistS: seconds(s.playlistMs),
    clickToPlayingS: seconds(s.clickToPlayingMs),
    warmJoinS: seconds(s.warmJoinMs),
    latencyS: medianOf(s.latencyS),
    pdtLatencyS: medianOf(s.pdtLatencyS),
    stalledAfterPlayingS: seconds(s.stalledAfterPlayingMs),
    coldStartsThatFroze: froze(s.stalledAfterPlayingMs),
    failures: s.failures.length,
  }
}

function summarizeLoad(s: LoadSamples, cores: number, streams: number): Record<string, unknown> {
  const cpu = median(s.cpuPercentOfCore)
  const pss = median(s.pssBytes)
  return {
    cpuPercentOfCore: round(cpu, 1),
    cpuPercentOfMachine: round(cpu === null ? null : cpu / cores, 1),
    serverCpuPercentOfCore: medianOf(s.serverCpuPercentOfCore, 1),
    rssMiB: round(median(s.rssBytes) === null ? null : median(s.rssBytes)! / 2 ** 20, 1),
    pssMiB: round(pss === null ? null : pss / 2 ** 20, 1),
    pssMiBPerStream: round(pss === null ? null : pss / 2 ** 20 / streams, 1),
    fleetCpuPercentOfCore: medianOf(s.fleetCpuPercentOfCore, 1),
    benchCpuPercentOfCore: medianOf(s.benchCpuPercentOfCore, 1),
    machineBusyPercent: medianOf(s.machineBusyPercent, 1),
    errors: s.errors,
    restarts: s.restarts,
    notLive: s.notLive,
    viewerRequests: s.viewerRequests,
  }
}

const check = (name: string, limit: string, measured: number | null, ok: (m: number) => boolean): Target => ({
  name,
  limit,
  measured,
  pass: measured === null ? null : ok(measured),
})

export function evaluateTargets(raw: RawResults): Target[] {
  const targets: Target[] = []
  for (const start of raw.starts) {
    const limit = start.gopSeconds + (start.gopSeconds === 1 ? 0.2 : 0.4)
    targets.push(
      check(
        `cold click->playing, ${start.gopSeconds} s GOP`,
        `<= ${limit.toFixed(1)} s`,
        seconds(start.ours.clickToPlayingMs),
        (m) => m <= limit,
      ),
    )
  }
  const allOurs = (pick: (s: StartSamples) => number[]): number[] => raw.starts.flatMap((s) => pick(s.ours))
  targets.push(check('warm join', '<= 0.3 s', seconds(allOurs((s) => s.warmJoinMs)), (m) => m <= 0.3))
  targets.push(check('hls.js latency', '<= 1.0 s', medianOf(allOurs((s) => s.latencyS)), (m) => m <= 1.0))
  const at = (n: number): LoadResult | undefined => raw.load.find((l) => l.streams === n)
  const l64 = at(64)
  const cpu64 = l64 ? median(l64.ours.cpuPercentOfCore) : null
  targets.push(
    check(
      '64 streams, server + ffmpeg',
      '<= 50% of the machine',
      round(cpu64 === null ? null : cpu64 / raw.cores, 1),
      (m) => m <= 50,
    ),
  )
  for (const level of raw.load.filter((l) => l.streams >= 64)) {
    const cpuRatio = ratio(median(level.ours.cpuPercentOfCore), median(level.baseline.cpuPercentOfCore))
    targets.push(check(`${level.streams} streams, CPU ours / bare`, '<= 1.6', round(cpuRatio, 2), (m) => m <= 1.6))
  }
  for (const level of raw.load) {
    const pssRatio = ratio(median(level.ours.pssBytes), median(level.baseline.pssBytes))
    targets.push(check(`${level.streams} streams, PSS ours / bare`, '<= 1.3', round(pssRatio, 2), (m) => m <= 1.3))
  }
  const l128 = at(128)
  const problems = l128 ? l128.ours.errors + l128.ours.restarts + l128.ours.notLive : null
  targets.push(check('128 streams without errors', '0 errors, restarts, streams not live', problems, (m) => m === 0))
  return targets
}

export function summarize(raw: RawResults): Record<string, unknown> {
  return {
    starts: raw.starts.map((s) => ({
      gopSeconds: s.gopSeconds,
      ours: summarizeStart(s.ours),
      baseline: summarizeStart(s.baseline),
    })),
    load: raw.load.map((l) => {
      const ours = median(l.ours.cpuPercentOfCore)
      const bare = median(l.baseline.cpuPercentOfCore)
      return {
        streams: l.streams,
        ours: summarizeLoad(l.ours, raw.cores, l.streams),
        baseline: summarizeLoad(l.baseline, raw.cores, l.streams),
        cpuRatio: round(ratio(ours, bare), 2),
        rssRatio: round(ratio(median(l.ours.rssBytes), median(l.baseline.rssBytes)), 2),
        pssRatio: round(ratio(median(l.ours.pssBytes), median(l.baseline.pssBytes)), 2),
      }
    }),
  }
}

const fmt = (value: number | null, unit: string, digits = 2): string =>
  value === null ? 'n/a' : `${value.toFixed(digits)}${unit}`

export function humanLine(raw: RawResults, targets: readonly Target[]): string {
  const parts: string[] = []
  if (raw.starts.length > 0) {
    const cold = raw.starts
      .map((s) => `${fmt(seconds(s.ours.clickToPlayingMs), ' s')} (${s.gopSeconds} s GOP)`)
      .join(' / ')
    const bare = raw.starts.map((s) => fmt(seconds(s.baseline.clickToPlayingMs), ' s')).join(' / ')
    const playlists = raw.starts
      .map((s) => `${fmt(seconds(s.ours.playlistMs), '')}/${fmt(seconds(s.baseline.playlistMs), ' s')}`)
      .join(', ')
    const pick = (which: 'ours' | 'baseline', key: 'warmJoinMs' | 'latencyS'): number[] =>
      raw.starts.flatMap((s) => s[which][key])
    parts.push(`cold ${cold} vs bare ${bare}`, `first playlist ${playlists} (ours/bare)`)
    parts.push(
      `warm ${fmt(seconds(pick('ours', 'warmJoinMs')), ' s')} (bare ${fmt(seconds(pick('baseline', 'warmJoinMs')), ' s')})`,
    )
    parts.push(
      `latency ${fmt(medianOf(pick('ours', 'latencyS')), ' s')} (bare ${fmt(medianOf(pick('baseline', 'latencyS')), ' s')})`,
    )
    const stalled = (which: 'ours' | 'baseline'): string => {
      const runs = raw.starts.flatMap((s) => s[which].stalledAfterPlayingMs)
      return `${froze(runs)}/${runs.length}`
    }
    parts.push(
      `cold starts that froze over ${VISIBLE_STALL_MS} ms after playing ${stalled('ours')} (bare ${stalled('baseline')})`,
    )
  }
  for (const level of raw.load) {
    const ours = median(level.ours.cpuPercentOfCore)
    const bare = median(level.baseline.cpuPercentOfCore)
    const machine = (v: number | null): string => fmt(v === null ? null : v / raw.cores, '%', 0)
    if (level.streams === 64 || level.streams === raw.load.at(-1)?.streams) {
      parts.push(
        `${level.streams} streams ${machine(ours)} of the machine (server process ${machine(median(level.ours.serverCpuPercentOfCore))}; bare ${machine(bare)}, ratio ${fmt(ratio(ours, bare), '')}), PSS ratio ${fmt(ratio(median(level.ours.pssBytes), median(level.baseline.pssBytes)), '')}`,
      )
    }
  }
  const l128 = raw.load.find((l) => l.streams === 128)
  if (l128)
    parts.push(
      `128 streams ${l128.ours.errors + l128.ours.restarts + l128.ours.notLive === 0 ? 'ok' : `${l128.ours.errors} errors, ${l128.ours.restarts} restarts, ${l128.ours.notLive} not live`}`,
    )
  const judged = targets.filter((t) => t.pass !== null)
  const failed = judged.filter((t) => t.pass === false).map((t) => t.name)
  parts.push(
    `targets ${judged.length - failed.length}/${judged.length} met${failed.length > 0 ? ` (missed: ${failed.join('; ')})` : ''}`,
  )
  return `media bench: ${parts.join('; ')}`
}
