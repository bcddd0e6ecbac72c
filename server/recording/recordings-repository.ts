/** The recordings index and the incidents' locks on it: the only code that touches those tables. */
import type Database from 'better-sqlite3'
import type { Quality } from '../contracts/media.ts'
import type { ClosedFile } from './camera-recorder.ts'
import type { IndexedPiece } from './fmp4-file-index.ts'

export interface Recording {
  id: number
  cameraId: string
  quality: Quality
  startMs: number
  endMs: number
  bytes: number
  path: string
  state: 'complete' | 'repaired'
  newRun: boolean
  initBytes: number
  pieces: IndexedPiece[]
}

export type NewRecording = ClosedFile & { state: Recording['state'] }

interface Row {
  id: number
  camera_id: string
  quality: Quality
  start_ms: number
  end_ms: number
  bytes: number
  path: string
  state: Recording['state']
  new_run: number
  init_bytes: number
  fragments: string
}

const toRecording = (row: Row): Recording => ({
  id: row.id,
  cameraId: row.camera_id,
  quality: row.quality,
  startMs: row.start_ms,
  endMs: row.end_ms,
  bytes: row.bytes,
  path: row.path,
  state: row.state,
  newRun: row.new_run === 1,
  initBytes: row.init_bytes,
  pieces: JSON.parse(row.fragments) as IndexedPiece[],
})

/** A row without its seek index: what retention and reconciliation need. */
export interface RecordingSummary {
  id: number
  cameraId: string
  startMs: number
  endMs: number
  bytes: number
  path: string
}

export interface RecordingLock {
  incidentId: number
  cameraId: string
  fromMs: number
  toMs: number
}

export class RecordingsRepository {
  private readonly insertRow: Database.Statement<
    [string, Quality, number, number, number, string, string, number, number, string]
  >
  private readonly between: Database.Statement<[{ camera: string; from: number; to: number }], Row>
  private readonly one: Database.Statement<[number], Row>
  private readonly summaries: Database.Statement<[], RecordingSummary>
  private readonly removeRow: Database.Statement<[number]>
  private readonly totalBytes: Database.Statement<[], { total: number | null }>
  private readonly addLock: Database.Statement<[number, string, number, number]>
  private readonly dropLocks: Database.Statement<[number]>
  private readonly allLocks: Database.Statement<[], RecordingLock>

  constructor(db: Database.Database) {
    this.insertRow = db.prepare(
      `INSERT INTO recordings (camera_id, quality, start_ms, end_ms, bytes, path, state, new_run, init_bytes, fragments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO NOTHING`,
    )
    // A file lasts at most RECORDING_SEGMENT_S (10 min) plus a GOP: one overlapping [from, to) starts within
    // 15 min before `from`, which keeps the index scan short on a camera with months of files.
    this.between = db.prepare(
      `SELECT * FROM recordings WHERE camera_id = @camera AND start_ms >= @from - 900000 AND end_ms > @from AND start_ms < @to
       ORDER BY start_ms`,
    )
    this.one = db.prepare('SELECT * FROM recordings WHERE id = ?')
    this.summaries = db.prepare(
      `SELECT id, camera_id AS cameraId, start_ms AS startMs, end_ms AS endMs, bytes, path FROM recordings ORDER BY start_ms`,
    )
    this.removeRow = db.prepare('DELETE FROM recordings WHERE id = ?')
    this.totalBytes = db.prepare('SELECT SUM(bytes) AS total FROM recordings')
    this.addLock = db.prepare(
      // One lock per incident and camera: a second range (an export) widens it to cover both.
      `INSERT INTO recording_locks (incident_id, camera_id, from_ms, to_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (incident_id, camera_id)
       DO UPDATE SET from_ms = min(from_ms, excluded.from_ms), to_ms = max(to_ms, excluded.to_ms)`,
    )
    this.dropLocks = db.prepare('DELETE FROM recording_locks WHERE incident_id = ?')
    this.allLocks = db.prepare(
      'SELECT incident_id AS incidentId, camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs FROM recording_locks',
    )
  }

  insert(file: NewRecording): void {
    this.insertRow.run(
      file.cameraId,
      file.quality,
      file.startMs,
      file.endMs,
      file.bytes,
      file.path,
      file.state,
      file.newRun ? 1 : 0,
      file.initBytes,
      JSON.stringify(file.pieces),
    )
  }

  /** The files of a camera overlapping [fromMs, toMs), oldest first. */
  overlapping(cameraId: string, fromMs: number, toMs: number): Recording[] {
    return this.between.all({ camera: cameraId, from: fromMs, to: toMs }).map(toRecording)
  }

  byId(id: number): Recording | undefined {
    const row = this.one.get(id)
    return row && toRecording(row)
  }

  all(): RecordingSummary[] {
    return this.summaries.all()
  }

  remove(id: number): void {
    this.removeRow.run(id)
  }

  bytes(): number {
    return this.totalBytes.get()?.total ?? 0
  }

  lock(lock: RecordingLock): void {
    this.addLock.run(lock.incidentId, lock.cameraId, lock.fromMs, lock.toMs)
  }

  unlock(incidentId: number): void {
    this.dropLocks.run(incidentId)
  }

  locks(): RecordingLock[] {
    return this.allLocks.all()
  }
}
