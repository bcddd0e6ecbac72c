/**
 * Where the wall's first paint went: read from the page right after it (navigation and resource timings,
 * the wall's own marks) and told in one line, ending with the chain of the last tile to get its picture.
 */

/** One request of the start-up, in ms since navigation. */
export interface TimedRequest {
  path: string
  /** Asked for by the page (hls.js, fetch, a script tag). */
  startMs: number
  /**
   * Sent on a connection. Later than asked when the request queued: Chromium keeps 6 HTTP/1.1 connections
   * per host, and every live tile holds some of them.
   */
  sentMs: number
  /** The whole answer received. */
  endMs: number
}

/** Where the first paint's time went, in ms since navigation (the pairing link, its redirect included). */
export interface PaintTimeline {
  /** The wall page's HTML received. */
  documentMs: number
  domContentLoadedMs: number
  /**
   * The app's scripts, the wall's API calls, the realtime connection's first request, and each tile's first
   * playlist, init segment and media (part or segment): the first request of each.
   */
  requests: TimedRequest[]
  /** Resource entries the browser kept (the first 250), and how many of them were live video. */
  resourceEntries: number
  liveEntries: number
  /** The wall's own marks (web/screens/wall/wall-marks.ts): script run, mounted, data loaded, tiles playing. */
  marks: Array<{ name: string; ms: number }>
}

/**
 * Read right after the first full paint. The browser keeps the first 250 resource entries and adds each
 * when its answer ends, so with low-latency tiles (a request each every ~100 ms) a tile answered late can
 * be missing; the count says when the buffer was full.
 */
export const PAINT_TIMELINE_EXPRESSION = `(() => {
  const nav = performance.getEntriesByType('navigation')[0]
  const seen = new Set()
  const requests = []
  const entries = performance.getEntriesByType('resource')
  let liveEntries = 0
  for (const entry of entries) {
    const url = new URL(entry.name)
    const path = url.pathname
    if (path.startsWith('/live/')) liveEntries++
    const live = /^(\\/live\\/[^/]+\\/[^/]+\\/)(index\\.m3u8|init-|part-|seg-)/.exec(path)
    const key = live ? live[1] + (live[2] === 'seg-' ? 'part-' : live[2]) : path
    const wanted = path.endsWith('.js') || path.startsWith('/api/') || path.startsWith('/socket.io/') || live
    if (!wanted || seen.has(key)) continue
    seen.add(key)
    const startMs = Math.round(entry.startTime)
    requests.push({ path, startMs, sentMs: Math.round(entry.requestStart) || startMs, endMs: Math.round(entry.responseEnd) })
  }
  return {
    documentMs: Math.round(nav ? nav.responseEnd : 0),
    domContentLoadedMs: Math.round(nav ? nav.domContentLoadedEventEnd : 0),
    requests,
    resourceEntries: entries.length,
    liveEntries,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, ms: Math.round(m.startTime) })),
  }
})()`

const TILE_MARK = 'wall:tile-playing:'
const seconds = (ms: number): string => (ms / 1000).toFixed(2)

/** A request's times: "asked 3.12, sent 4.90, answered 5.11", the sent time only when it queued. */
function requestTimes(request: TimedRequest): string {
  const queued = request.sentMs - request.startMs >= 50 ? `, sent ${seconds(request.sentMs)}` : ''
  return `asked ${seconds(request.startMs)}${queued}, answered ${seconds(request.endMs)}`
}

/** The last tile's chain: its first playlist, init segment and media, then its first frame. */
function lastTileLine(timeline: PaintTimeline, last: { name: string; ms: number }): string {
  const camera = last.name.slice(TILE_MARK.length)
  const ofCamera = (pattern: RegExp): TimedRequest | undefined =>
    timeline.requests.find((r) => r.path.startsWith(`/live/${camera}/`) && pattern.test(r.path))
  const steps: Array<[string, TimedRequest | undefined]> = [
    ['playlist', ofCamera(/\/index\.m3u8$/)],
    ['init', ofCamera(/\/init-\d+\.mp4$/)],
    ['media', ofCamera(/\/(part|seg)-\d+\.m4s$/)],
  ]
  const known = steps.flatMap(([name, request]) => (request ? [`${name} ${requestTimes(request)}`] : []))
  return `last tile ${camera}: ${[...known, `first frame ${seconds(last.ms)}`].join('; ')}`
}

/** One line a reader can take in: the marks and the slowest first playlist, in seconds since navigation. */
export function timelineLine(timeline: PaintTimeline): string {
  const playlists = timeline.requests.filter((r) => r.path.endsWith('/index.m3u8'))
  const firstPlaylistAsked = Math.min(...playlists.map((r) => r.startMs))
  const lastPlaylistAnswered = Math.max(...playlists.map((r) => r.endMs))
  const tiles = timeline.marks.filter((m) => m.name.startsWith(TILE_MARK))
  const last = tiles.reduce<{ name: string; ms: number } | null>((a, b) => (a && a.ms >= b.ms ? a : b), null)
  const parts = [
    `html ${seconds(timeline.documentMs)}`,
    ...timeline.marks.filter((m) => !m.name.startsWith(TILE_MARK)).map((m) => `${m.name} ${seconds(m.ms)}`),
    playlists.length > 0
      ? `playlists asked ${seconds(firstPlaylistAsked)}, all answered ${seconds(lastPlaylistAnswered)}`
      : '',
    tiles.length > 0 ? `tiles' first frames ${seconds(Math.min(...tiles.map((m) => m.ms)))}-${seconds(last!.ms)}` : '',
    `${timeline.liveEntries} of ${timeline.resourceEntries} requests live video`,
    last ? lastTileLine(timeline, last) : '',
  ]
  return parts.filter(Boolean).join(', ')
}
