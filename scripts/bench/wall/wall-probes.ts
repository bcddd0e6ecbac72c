/**
 * What the wall benchmark reads from the page, as expressions for a bare DevTools connection (RawCdp):
 * nothing here clicks, types or changes the page. A wall tile is `[data-testid=wall-tile]` outside the
 * alarm zone; its picture moves when its video's currentTime advances.
 */

/**
 * Resolves with performance.now() (ms since navigation) once every wall tile's video has advanced within
 * the last second, or with null after `timeoutMs`. A second, not one poll: a busy machine paints a
 * playing video's frames unevenly. Also when each tile's picture first moved, to show what a slow paint
 * waited for.
 */
export function allTilesPlayingExpression(timeoutMs: number): string {
  return `new Promise((resolve) => {
    const last = new Map()
    const firstMoved = new Map()
    const began = performance.now()
    const check = () => {
      const now = performance.now()
      const videos = [...document.querySelectorAll('[data-zone]:not([data-zone=alarm]) [data-testid=wall-tile] video')]
      let advancing = 0
      for (const video of videos) {
        const seen = last.get(video)
        if (!seen || video.currentTime !== seen.time) last.set(video, { time: video.currentTime, movedAt: seen ? now : -Infinity })
        const moved = last.get(video).movedAt
        if (moved > 0 && !firstMoved.has(video)) firstMoved.set(video, moved)
        if (video.currentTime > 0.2 && now - moved < 1000) advancing++
      }
      if (videos.length > 0 && advancing === videos.length) return resolve({
        atMs: now,
        tiles: videos.length,
        firstMovedMs: videos.map((v) => ({
          camera: v.closest('[data-testid=wall-tile]')?.getAttribute('data-camera-id') ?? '',
          ms: Math.round(firstMoved.get(v) ?? now),
        })),
      })
      if (now - began > ${timeoutMs}) return resolve(null)
      setTimeout(check, 200)
    }
    check()
  })`
}

export interface FullPaint {
  atMs: number
  tiles: number
  firstMovedMs: Array<{ camera: string; ms: number }>
}

export interface TileQuality {
  zone: string
  camera: string
  dropped: number
  total: number
  player: string
}

/** Every wall tile's playback quality now (counters start at the video's creation). */
export const TILE_QUALITY_EXPRESSION = `[...document.querySelectorAll('[data-zone]:not([data-zone=alarm]) [data-testid=wall-tile]')].map((tile) => {
  const video = tile.querySelector('video')
  const quality = video?.getVideoPlaybackQuality?.()
  return {
    zone: tile.closest('[data-zone]')?.getAttribute('data-zone') ?? '',
    camera: tile.getAttribute('data-camera-id') ?? '',
    dropped: quality?.droppedVideoFrames ?? 0,
    total: quality?.totalVideoFrames ?? 0,
    player: tile.getAttribute('data-player') ?? '',
  }
})`

export interface WallStatus {
  path: string
  /** The header's status chip is shown: the wall says it is reconnecting or its data is stale. */
  degraded: boolean
  connection: string
  /** Camera ids of tiles whose player is recovering or unavailable. */
  troubledTiles: string[]
}

export const WALL_STATUS_EXPRESSION = `(() => {
  const status = document.querySelector('[data-testid=wall-status]')
  return {
    path: location.pathname,
    degraded: status ? !status.hidden : false,
    connection: status?.getAttribute('data-connection') ?? '',
    troubledTiles: [...document.querySelectorAll('[data-testid=wall-tile]')]
      .filter((t) => ['recovering', 'unavailable'].includes(t.getAttribute('data-player') ?? ''))
      .map((t) => t.getAttribute('data-camera-id') ?? ''),
  }
})()`

/** Where the first paint's time went, in ms since navigation (the pairing link, its redirect included). */
export interface PaintTimeline {
  /** The wall page's HTML received. */
  documentMs: number
  domContentLoadedMs: number
  /** The app's scripts, the wall's API calls and the tiles' first playlists: when each was asked and answered. */
  requests: Array<{ path: string; startMs: number; endMs: number }>
  /** The wall's own marks (web/screens/wall/wall-marks.ts): script run, mounted, data loaded, tiles playing. */
  marks: Array<{ name: string; ms: number }>
}

/**
 * Read right after the first full paint: the browser keeps only the first 250 resource entries, which hold
 * the start-up (the live parts that follow are not wanted here).
 */
export const PAINT_TIMELINE_EXPRESSION = `(() => {
  const nav = performance.getEntriesByType('navigation')[0]
  const seen = new Set()
  const requests = []
  for (const entry of performance.getEntriesByType('resource')) {
    const url = new URL(entry.name)
    const wanted = url.pathname.endsWith('.js') || url.pathname.startsWith('/api/') || url.pathname.endsWith('/index.m3u8')
    if (!wanted || seen.has(url.pathname)) continue
    seen.add(url.pathname)
    requests.push({ path: url.pathname, startMs: Math.round(entry.startTime), endMs: Math.round(entry.responseEnd) })
  }
  return {
    documentMs: Math.round(nav ? nav.responseEnd : 0),
    domContentLoadedMs: Math.round(nav ? nav.domContentLoadedEventEnd : 0),
    requests,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, ms: Math.round(m.startTime) })),
  }
})()`

/** One line a reader can take in: the marks and the slowest first playlist, in seconds since navigation. */
export function timelineLine(timeline: PaintTimeline): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)}`
  const playlists = timeline.requests.filter((r) => r.path.endsWith('/index.m3u8'))
  const firstPlaylistAsked = Math.min(...playlists.map((r) => r.startMs))
  const lastPlaylistAnswered = Math.max(...playlists.map((r) => r.endMs))
  const tiles = timeline.marks.filter((m) => m.name.startsWith('wall:tile-playing:'))
  const parts = [
    `html ${s(timeline.documentMs)}`,
    ...timeline.marks.filter((m) => !m.name.startsWith('wall:tile-playing:')).map((m) => `${m.name} ${s(m.ms)}`),
    playlists.length > 0 ? `playlists asked ${s(firstPlaylistAsked)}, all answered ${s(lastPlaylistAnswered)}` : '',
    tiles.length > 0
      ? `tiles' first frames ${s(Math.min(...tiles.map((m) => m.ms)))}-${s(Math.max(...tiles.map((m) => m.ms)))}`
      : '',
  ]
  return parts.filter(Boolean).join(', ')
}
