/**
 * What the benchmark injects into the console page (before the app's own scripts): a MutationObserver that
 * notes every change of the tiles' cameras (a deep link applied, a tour page switch) and every new <video>,
 * and a requestVideoFrameCallback loop per video that notes its first frame and its first moving frame (per
 * camera: a tile may keep its <video> for the next camera),
 * overall and, for the cameras a switch just brought, in the tile that shows them. timing.ts turns the
 * records into figures. Kept as a string: tsx would wrap named functions in helpers the page lacks.
 * Its records are capped, so a long run cannot grow the heap it measures through them.
 */
import type { SwitchRecord, TileRecord, VideoRecord } from './timing.ts'

export const PROBE_SCRIPT = `(() => {
  if (window.__consoleBench) return
  const CAP = 5000
  const now = () => performance.now()
  const bench = { switches: [], tiles: [], videos: [] }
  window.__consoleBench = bench
  const records = new WeakMap()
  let pending = new Map()
  let lastKey = null
  // Visible in a tile that shows this camera: a player warming out of sight (opacity 0) does not count.
  const shown = (video) => {
    const tile = video.closest('[data-testid=tile]')
    if (!tile || tile.getAttribute('data-camera-id') !== video.dataset.cameraId) return false
    return video.checkVisibility({ opacityProperty: true, visibilityProperty: true })
  }
  // A tile may reuse its <video> for the next camera: a record is per (element, camera, quality).
  const newRecord = (video) => {
    const rec = { cameraId: video.dataset.cameraId || '', quality: video.dataset.quality || '', createdAt: now(), firstFrameAt: null, firstAdvanceAt: null, firstMedia: null }
    records.set(video, rec)
    if (bench.videos.length < CAP) bench.videos.push(rec)
    return rec
  }
  const watch = (video) => {
    if (records.has(video) || typeof video.requestVideoFrameCallback !== 'function') return
    newRecord(video)
    const onFrame = (_t, meta) => {
      const at = now()
      let rec = records.get(video)
      if (rec.cameraId !== (video.dataset.cameraId || '') || rec.quality !== (video.dataset.quality || '')) rec = newRecord(video)
      if (rec.firstFrameAt === null) { rec.firstFrameAt = at; rec.firstMedia = meta.mediaTime }
      else if (rec.firstAdvanceAt === null && meta.mediaTime > rec.firstMedia) rec.firstAdvanceAt = at
      const tile = pending.get(rec.cameraId)
      if (tile && shown(video)) {
        if (tile.frameAt === null) { tile.frameAt = at; tile.media = meta.mediaTime }
        else if (meta.mediaTime > tile.media) { tile.advanceAt = at; pending.delete(rec.cameraId) }
      }
      if (video.isConnected) video.requestVideoFrameCallback(onFrame)
    }
    video.requestVideoFrameCallback(onFrame)
  }
  const onMutations = (mutations) => {
    for (const m of mutations) for (const node of m.addedNodes) {
      if (node.nodeType !== 1) continue
      if (node.tagName === 'VIDEO') watch(node)
      else node.querySelectorAll('video').forEach(watch)
    }
    const cameras = Array.from(document.querySelectorAll('[data-testid=tile]'), (t) => t.getAttribute('data-camera-id') || '')
    const key = cameras.join(',')
    if (cameras.length === 0 || key === lastKey) return
    const before = new Set(lastKey === null ? [] : lastKey.split(','))
    lastKey = key
    const switchIndex = bench.switches.length
    if (switchIndex >= CAP) return
    bench.switches.push({ at: now(), cameras })
    pending = new Map()
    for (const cameraId of cameras) {
      if (!cameraId || before.has(cameraId)) continue
      const tile = { switchIndex, cameraId, frameAt: null, advanceAt: null, media: null }
      pending.set(cameraId, tile)
      if (bench.tiles.length < CAP) bench.tiles.push(tile)
    }
    // A player preloaded before the switch is already presenting frames: its next one counts.
    document.querySelectorAll('video').forEach(watch)
  }
  new MutationObserver(onMutations).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-camera-id'] })
})()`

export interface ProbeRecords {
  switches: SwitchRecord[]
  tiles: TileRecord[]
  videos: VideoRecord[]
}

/** Evaluated in the page: the records as JSON (a string expression, for the same reason as above). */
export const READ_PROBE = 'JSON.stringify(window.__consoleBench ?? { switches: [], tiles: [], videos: [] })'

/** Parses what READ_PROBE returned, keeping only well-formed records. */
export function parseProbe(json: unknown): ProbeRecords {
  const body = typeof json === 'string' ? (JSON.parse(json) as Record<string, unknown>) : {}
  const list = (name: string): Array<Record<string, unknown>> =>
    (Array.isArray(body[name]) ? (body[name] as unknown[]) : []).filter(
      (x): x is Record<string, unknown> => typeof x === 'object' && x !== null,
    )
  const time = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  const text = (v: unknown): string => (typeof v === 'string' ? v : '')
  return {
    switches: list('switches').map((s) => ({
      at: time(s['at']) ?? 0,
      cameras: Array.isArray(s['cameras']) ? s['cameras'].map(text) : [],
    })),
    tiles: list('tiles').map((t) => ({
      switchIndex: time(t['switchIndex']) ?? -1,
      cameraId: text(t['cameraId']),
      frameAt: time(t['frameAt']),
      advanceAt: time(t['advanceAt']),
    })),
    videos: list('videos').map((v) => ({
      cameraId: text(v['cameraId']),
      quality: text(v['quality']),
      createdAt: time(v['createdAt']) ?? 0,
      firstFrameAt: time(v['firstFrameAt']),
      firstAdvanceAt: time(v['firstAdvanceAt']),
    })),
  }
}
