/**
 * Synced playback, pure: with sync on, the tiles in playback show the same wall-clock moment as the
 * leader (the selected tile). A seek on any of them seeks all; a follower drifting more than the
 * tolerance from the leader (a slower start, a stall, a gap one camera has) is put back on its moment.
 */

export interface SyncedTile {
  index: number
  /** The wall-clock moment the tile shows, epoch ms; null while it loads. */
  playedMs: number | null
  /** When it was last put back on the leader's moment (performance clock), if ever. */
  correctedAt?: number
}

export interface Seek {
  index: number
  atMs: number
}

/** Two seconds: less and followers would seek all the time over buffering jitter; more and cars differ. */
export const DRIFT_TOLERANCE_MS = 2_000
/**
 * A follower just put back is left alone this long: its seek needs time to land, and a camera with a gap
 * at the leader's moment plays from after the gap, which no second seek would change.
 */
export const CORRECTION_PAUSE_MS = 10_000

/** The seeks a seek on `index` to `atMs` makes: that tile only, or every tile in playback when synced. */
export function seeksFor(tiles: readonly SyncedTile[], index: number, atMs: number, synced: boolean): Seek[] {
  if (!synced) return [{ index, atMs }]
  const all = tiles.map((tile) => ({ index: tile.index, atMs }))
  return all.some((seek) => seek.index === index) ? all : [{ index, atMs }, ...all]
}

/** The followers to seek back onto the leader's moment (none when the leader has no moment yet). */
export function driftCorrections(
  tiles: readonly SyncedTile[],
  leader: number,
  now: number,
  toleranceMs = DRIFT_TOLERANCE_MS,
): Seek[] {
  const leaderMs = tiles.find((tile) => tile.index === leader)?.playedMs
  if (leaderMs === null || leaderMs === undefined) return []
  return tiles
    .filter((tile) => tile.index !== leader && tile.playedMs !== null)
    .filter((tile) => tile.correctedAt === undefined || now - tile.correctedAt >= CORRECTION_PAUSE_MS)
    .filter((tile) => Math.abs(tile.playedMs! - leaderMs) > toleranceMs)
    .map((tile) => ({ index: tile.index, atMs: leaderMs }))
}
