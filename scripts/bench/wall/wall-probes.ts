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
