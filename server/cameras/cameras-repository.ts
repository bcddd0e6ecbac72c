/**
 * Cameras in the store: definitions mirrored from camera-config/ at start, runtime state kept here (the
 * health status in the table; the recording problem in memory: it lasts as long as the process that
 * records). Never holds a host, URL or credential: those stay in the in-memory configuration.
 */
import type Database from 'better-sqlite3'
import type { CameraStatus, CameraView, RecordingProblem } from '../contracts/api.ts'
import type { CameraDefinition } from '../contracts/camera-config.ts'

interface CameraRow {
  id: string
  name: string
  categories: string
  community: string
  grid: string
  lat: number
  lng: number
  ptz: number
  source_type: 'onvif' | 'rtsp'
  status: CameraStatus
  status_since: string | null
}

const toView = (row: CameraRow, recordingProblem: RecordingProblem | null): CameraView => ({
  id: row.id,
  name: row.name,
  categories: JSON.parse(row.categories) as string[],
  community: row.community,
  grid: row.grid,
  location: { lat: row.lat, lng: row.lng },
  ptz: row.ptz === 1,
  sourceType: row.source_type,
  status: row.status,
  statusSince: row.status_since,
  recordingProblem,
})

export interface SyncResult {
  added: number
  updated: number
  removed: number
  restored: number
}

export class CamerasRepository {
  private readonly listActive: Database.Statement<[], CameraRow>
  private readonly byId: Database.Statement<[string], CameraRow>
  private readonly recordingProblems = new Map<string, RecordingProblem>()

  constructor(private readonly db: Database.Database) {
    this.listActive = db.prepare('SELECT * FROM cameras WHERE removed_at IS NULL ORDER BY id')
    this.byId = db.prepare('SELECT * FROM cameras WHERE id = ? AND removed_at IS NULL')
  }

  list(): CameraView[] {
    return this.listActive.all().map((row) => toView(row, this.recordingProblems.get(row.id) ?? null))
  }

  get(id: string): CameraView | undefined {
    const row = this.byId.get(id)
    return row && toView(row, this.recordingProblems.get(id) ?? null)
  }

  /** Why the camera is not recording although a rule says it should (null: it records, or no rule asks). */
  setRecordingProblem(id: string, problem: RecordingProblem | null): void {
    if (problem) this.recordingProblems.set(id, problem)
    else this.recordingProblems.delete(id)
  }

  /** Makes the store match the configuration, in one transaction. */
  sync(cameras: readonly CameraDefinition[], now = new Date().toISOString()): SyncResult {
    const existing = new Map(
      (this.db.prepare('SELECT id, removed_at FROM cameras').all() as { id: string; removed_at: string | null }[]).map(
        (r) => [r.id, r.removed_at],
      ),
    )
    const upsert = this.db.prepare(`
      INSERT INTO cameras (id, name, categories, community, grid, lat, lng, ptz, source_type, removed_at, synced_at)
      VALUES (@id, @name, @categories, @community, @grid, @lat, @lng, @ptz, @sourceType, NULL, @now)
      ON CONFLICT (id) DO UPDATE SET name = @name, categories = @categories, community = @community, grid = @grid,
        lat = @lat, lng = @lng, ptz = @ptz, source_type = @sourceType, removed_at = NULL, synced_at = @now`)
    const markRemoved = this.db.prepare('UPDATE cameras SET removed_at = ? WHERE id = ? AND removed_at IS NULL')
    const result: SyncResult = { added: 0, updated: 0, removed: 0, restored: 0 }
    this.db.transaction(() => {
      const seen = new Set<string>()
      for (const c of cameras) {
        seen.add(c.id)
        upsert.run({
          id: c.id,
          name: c.name,
          categories: JSON.stringify(c.categories),
          community: c.community,
          grid: c.grid,
          lat: c.location.lat,
          lng: c.location.lng,
          ptz: c.ptz ? 1 : 0,
          sourceType: c.source.type,
          now,
        })
        if (!existing.has(c.id)) result.added++
        else if (existing.get(c.id) !== null) result.restored++
        else result.updated++
      }
      for (const [id, removedAt] of existing) {
        if (!seen.has(id) && removedAt === null) result.removed += markRemoved.run(now, id).changes
      }
    })()
    return result
  }
}
