/**
 * Which camera streams need ffmpeg's probe: their SDP names the codec but carries no parameter sets, so a
 * start without probing fails ("Could not find codec parameters") and costs a second ffmpeg start. Learnt
 * from that failure once and kept in the store, so later cold starts (after the stream idled out, or after a
 * server restart) probe at once.
 */
import type Database from 'better-sqlite3'
import type { Quality } from '../contracts/media.ts'

export interface ProbeMemory {
  needsFullProbe(cameraId: string, quality: Quality): boolean
  rememberFullProbe(cameraId: string, quality: Quality): void
}

export class StoredProbeMemory implements ProbeMemory {
  private readonly find: Database.Statement<[string, string]>
  private readonly insert: Database.Statement<[string, string, string]>

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.find = db.prepare('SELECT 1 FROM stream_probe_needs WHERE camera_id = ? AND quality = ?')
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO stream_probe_needs (camera_id, quality, learnt_at) VALUES (?, ?, ?)',
    )
  }

  needsFullProbe(cameraId: string, quality: Quality): boolean {
    return this.find.get(cameraId, quality) !== undefined
  }

  rememberFullProbe(cameraId: string, quality: Quality): void {
    this.insert.run(cameraId, quality, new Date(this.now()).toISOString())
  }
}
