/**
 * From what the page probe recorded (page-probe.ts) to the benchmark's figures: when a layout had every
 * tile playing, and how long after each tour page switch its tiles showed a frame. Pure.
 * All times are the page's performance.now(), milliseconds since the navigation started.
 */

/** One <video> element as the probe saw it. */
export interface VideoRecord {
  cameraId: string
  quality: string
  createdAt: number
  /** requestVideoFrameCallback's first call: the first frame was presented. */
  firstFrameAt: number | null
  /** The first frame whose media time is past the first frame's: the picture moves. */
  firstAdvanceAt: number | null
}

/** The tiles' cameras changed (a deep link applied, a tour page shown). */
export interface SwitchRecord {
  at: number
  cameras: string[]
}

/** A camera that came on screen with a switch, and when its visible tile first showed a frame. */
export interface TileRecord {
  switchIndex: number
  cameraId: string
  frameAt: number | null
  advanceAt: number | null
}

export interface LayoutTiming {
  /** Navigation start -> every camera's picture moving (the slowest tile). */
  allPlayingMs: number | null
  /** Navigation start -> every camera's first frame. */
  allFirstFrameMs: number | null
  /** Cameras that never moved. */
  missing: string[]
}

/** The slowest of the cameras, each at its earliest video; null (and named in `missing`) if one never got there. */
export function layoutTiming(videos: readonly VideoRecord[], cameraIds: readonly string[]): LayoutTiming {
  const earliest = (cameraId: string, pick: (v: VideoRecord) => number | null): number | null => {
    const times = videos
      .filter((v) => v.cameraId === cameraId)
      .map(pick)
      .filter((t): t is number => t !== null)
    return times.length === 0 ? null : Math.min(...times)
  }
  const missing = cameraIds.filter((id) => earliest(id, (v) => v.firstAdvanceAt) === null)
  const slowest = (pick: (v: VideoRecord) => number | null): number | null => {
    const times = cameraIds.map((id) => earliest(id, pick))
    return times.some((t) => t === null) ? null : Math.max(...(times as number[]))
  }
  return { allPlayingMs: slowest((v) => v.firstAdvanceAt), allFirstFrameMs: slowest((v) => v.firstFrameAt), missing }
}

export interface PageSwitchTiming {
  /** Which tour page (0 is the first; the first page is no switch and is left out). */
  page: number
  /** Switch -> the slowest tile's first frame: the whole page shows video. */
  pageFrameMs: number | null
  /** Switch -> the slowest tile's picture moving. */
  pageAdvanceMs: number | null
  /** Switch -> first frame, per tile. */
  tileFrameMs: Array<number | null>
}

/**
 * Matches each tour page (after the first) to the switch that showed exactly its cameras, and times its
 * tiles from that switch. A page whose switch was not seen (the tour ended early) is left out.
 */
export function pageSwitchTimings(
  pages: ReadonlyArray<ReadonlyArray<string | null>>,
  switches: readonly SwitchRecord[],
  tiles: readonly TileRecord[],
): PageSwitchTiming[] {
  const key = (cameras: ReadonlyArray<string | null>): string => cameras.map((c) => c ?? '').join(',')
  const out: PageSwitchTiming[] = []
  for (let page = 1; page < pages.length; page++) {
    const wanted = key(pages[page]!)
    const switchIndex = switches.findIndex((s) => key(s.cameras) === wanted)
    if (switchIndex < 0) continue
    const at = switches[switchIndex]!.at
    const ids = pages[page]!.filter((id): id is string => id !== null)
    const ofTile = (id: string): TileRecord | undefined =>
      tiles.find((t) => t.switchIndex === switchIndex && t.cameraId === id)
    const since = (t: number | null | undefined): number | null => (t === null || t === undefined ? null : t - at)
    const tileFrameMs = ids.map((id) => since(ofTile(id)?.frameAt))
    const tileAdvanceMs = ids.map((id) => since(ofTile(id)?.advanceAt))
    const slowest = (list: Array<number | null>): number | null =>
      list.length === 0 || list.some((t) => t === null) ? null : Math.max(...(list as number[]))
    out.push({ page, pageFrameMs: slowest(tileFrameMs), pageAdvanceMs: slowest(tileAdvanceMs), tileFrameMs })
  }
  return out
}

/** (later - earlier) / earlier, or null without a positive baseline. */
export function growth(earlier: number | null, later: number | null): number | null {
  if (earlier === null || later === null || earlier <= 0) return null
  return (later - earlier) / earlier
}
