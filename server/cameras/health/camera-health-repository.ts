/** Health in the store: `cameras.status/status_since` and one `camera_status_history` row per change. */
import type Database from 'better-sqlite3'
import type { CameraStatus } from '../../contracts/api.ts'

export interface StoredStatus {
  id: string
  status: CameraStatus
  since: string | null
}

export class CameraHealthRepository {
  private readonly current: Database.Statement<[], StoredStatus>
  private readonly setStatus: Database.Statement<[CameraStatus, string, string]>
  private readonly addHistory: Database.Statement<[string, CameraStatus, string | null, string]>

  constructor(private readonly db: Database.Database) {
    this.current = db.prepare('SELECT id, status, status_since AS since FROM cameras WHERE removed_at IS NULL')
    this.setStatus = db.prepare('UPDATE cameras SET status = ?, status_since = ? WHERE id = ?')
    this.addHistory = db.prepare(
      'INSERT INTO camera_status_history (camera_id, status, detail, at) VALUES (?, ?, ?, ?)',
    )
  }

  /** What the last run left, so a restart does not report every camera as newly online. */
  all(): StoredStatus[] {
    return this.current.all()
  }

  record(cameraId: string, status: CameraStatus, since: string, detail: string | null): void {
    this.db.transaction(() => {
      this.setStatus.run(status, since, cameraId)
      this.addHistory.run(cameraId, status, detail, since)
    })()
  }
}
