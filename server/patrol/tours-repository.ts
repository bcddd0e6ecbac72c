/** Tours and their runs in SQLite. Deleting a tour marks it; its runs stay on record. */
import type Database from 'better-sqlite3'
import type { LayoutKind, TourInput, TourItem, TourRun, TourSchedule } from '../contracts/patrol.ts'

export interface StoredTour extends TourInput {
  id: number
  createdBy: string
  updatedAt: string
}

interface TourRow {
  id: number
  name: string
  items: string
  kind: LayoutKind
  dwell_seconds: number
  schedule: string | null
  created_by: string
  updated_at: string
}
interface RunRow {
  id: number
  tour_id: number
  username: string
  started_at: string
  finished_at: string | null
  completed: number
  due_at: string | null
}

const toTour = (row: TourRow): StoredTour => ({
  id: row.id,
  name: row.name,
  items: JSON.parse(row.items) as TourItem[],
  kind: row.kind,
  dwellSeconds: row.dwell_seconds,
  schedule: row.schedule === null ? null : (JSON.parse(row.schedule) as TourSchedule),
  createdBy: row.created_by,
  updatedAt: row.updated_at,
})
const toRun = (row: RunRow): TourRun => ({
  id: row.id,
  tourId: row.tour_id,
  username: row.username,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  completed: row.completed === 1,
  dueAt: row.due_at,
})

export class ToursRepository {
  private readonly all: Database.Statement<[], TourRow>
  private readonly one: Database.Statement<[number], TourRow>
  private readonly insert: Database.Statement<[string, string, string, number, string | null, string, string, string]>
  private readonly update: Database.Statement<[string, string, string, number, string | null, string, number]>
  private readonly remove: Database.Statement<[string, number]>
  private readonly insertRun: Database.Statement<[number, number, string, string, string | null]>
  private readonly oneRun: Database.Statement<[number], RunRow>
  private readonly finishRun: Database.Statement<[string, number, number]>
  private readonly runsSince: Database.Statement<[string], RunRow>

  constructor(db: Database.Database) {
    this.all = db.prepare('SELECT * FROM tours WHERE deleted_at IS NULL ORDER BY name')
    this.one = db.prepare('SELECT * FROM tours WHERE id = ? AND deleted_at IS NULL')
    this.insert = db.prepare(
      'INSERT INTO tours (name, items, kind, dwell_seconds, schedule, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.update = db.prepare(
      'UPDATE tours SET name = ?, items = ?, kind = ?, dwell_seconds = ?, schedule = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
    )
    this.remove = db.prepare('UPDATE tours SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    this.insertRun = db.prepare(
      'INSERT INTO tour_runs (tour_id, user_id, username, started_at, due_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.oneRun = db.prepare('SELECT * FROM tour_runs WHERE id = ?')
    this.finishRun = db.prepare(
      'UPDATE tour_runs SET finished_at = ?, completed = ? WHERE id = ? AND finished_at IS NULL',
    )
    this.runsSince = db.prepare('SELECT * FROM tour_runs WHERE started_at >= ? ORDER BY started_at')
  }

  list(): StoredTour[] {
    return this.all.all().map(toTour)
  }

  get(id: number): StoredTour | undefined {
    const row = this.one.get(id)
    return row && toTour(row)
  }

  create(input: TourInput, createdBy: string): StoredTour {
    const now = new Date().toISOString()
    const { lastInsertRowid } = this.insert.run(
      input.name,
      JSON.stringify(input.items),
      input.kind,
      input.dwellSeconds,
      input.schedule ? JSON.stringify(input.schedule) : null,
      createdBy,
      now,
      now,
    )
    return this.get(Number(lastInsertRowid))!
  }

  save(id: number, input: TourInput): StoredTour | undefined {
    const { changes } = this.update.run(
      input.name,
      JSON.stringify(input.items),
      input.kind,
      input.dwellSeconds,
      input.schedule ? JSON.stringify(input.schedule) : null,
      new Date().toISOString(),
      id,
    )
    return changes === 0 ? undefined : this.get(id)
  }

  delete(id: number): boolean {
    return this.remove.run(new Date().toISOString(), id).changes > 0
  }

  startRun(tourId: number, user: { id: number; username: string }, dueAt: string | null): TourRun {
    const { lastInsertRowid } = this.insertRun.run(tourId, user.id, user.username, new Date().toISOString(), dueAt)
    return this.run(Number(lastInsertRowid))!
  }

  run(id: number): TourRun | undefined {
    const row = this.oneRun.get(id)
    return row && toRun(row)
  }

  /** False when the run was already finished. */
  finish(id: number, completed: boolean): boolean {
    return this.finishRun.run(new Date().toISOString(), completed ? 1 : 0, id).changes > 0
  }

  runsStartedSince(iso: string): TourRun[] {
    return this.runsSince.all(iso).map(toRun)
  }
}
