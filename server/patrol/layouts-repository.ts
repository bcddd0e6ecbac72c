/** Saved layouts and the console state of each user. */
import type Database from 'better-sqlite3'
import type { ConsoleState, LayoutInput, LayoutKind, SavedLayout } from '../contracts/patrol.ts'

interface LayoutRow {
  id: number
  name: string
  kind: LayoutKind
  cameras: string
  updated_at: string
}
interface StateRow {
  kind: LayoutKind
  cameras: string
  layout_id: number | null
}

const toLayout = (row: LayoutRow): SavedLayout => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  cameras: JSON.parse(row.cameras) as (string | null)[],
  updatedAt: row.updated_at,
})

export class LayoutsRepository {
  private readonly list: Database.Statement<[number], LayoutRow>
  private readonly one: Database.Statement<[number, number], LayoutRow>
  private readonly byName: Database.Statement<[number, string], { id: number }>
  private readonly insert: Database.Statement<[number, string, string, string, string]>
  private readonly update: Database.Statement<[string, string, string, string, number, number]>
  private readonly remove: Database.Statement<[number, number]>
  private readonly getState: Database.Statement<[number], StateRow>
  private readonly putState: Database.Statement<[number, string, string, number | null, string]>

  constructor(db: Database.Database) {
    this.list = db.prepare('SELECT * FROM layouts WHERE user_id = ? ORDER BY name')
    this.one = db.prepare('SELECT * FROM layouts WHERE id = ? AND user_id = ?')
    this.byName = db.prepare('SELECT id FROM layouts WHERE user_id = ? AND name = ?')
    this.insert = db.prepare('INSERT INTO layouts (user_id, name, kind, cameras, updated_at) VALUES (?, ?, ?, ?, ?)')
    this.update = db.prepare(
      'UPDATE layouts SET name = ?, kind = ?, cameras = ?, updated_at = ? WHERE id = ? AND user_id = ?',
    )
    this.remove = db.prepare('DELETE FROM layouts WHERE id = ? AND user_id = ?')
    this.getState = db.prepare('SELECT kind, cameras, layout_id FROM console_states WHERE user_id = ?')
    this.putState =
      db.prepare(`INSERT INTO console_states (user_id, kind, cameras, layout_id, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, cameras = excluded.cameras, layout_id = excluded.layout_id, updated_at = excluded.updated_at`)
  }

  layouts(userId: number): SavedLayout[] {
    return this.list.all(userId).map(toLayout)
  }

  layout(userId: number, id: number): SavedLayout | undefined {
    const row = this.one.get(id, userId)
    return row && toLayout(row)
  }

  /** The id of this user's layout with that name, if any (names are unique per user). */
  idByName(userId: number, name: string): number | undefined {
    return this.byName.get(userId, name)?.id
  }

  create(userId: number, input: LayoutInput): SavedLayout {
    const { lastInsertRowid } = this.insert.run(
      userId,
      input.name,
      input.kind,
      JSON.stringify(input.cameras),
      new Date().toISOString(),
    )
    return this.layout(userId, Number(lastInsertRowid))!
  }

  save(userId: number, id: number, input: LayoutInput): SavedLayout | undefined {
    const { changes } = this.update.run(
      input.name,
      input.kind,
      JSON.stringify(input.cameras),
      new Date().toISOString(),
      id,
      userId,
    )
    return changes === 0 ? undefined : this.layout(userId, id)
  }

  delete(userId: number, id: number): boolean {
    return this.remove.run(id, userId).changes > 0
  }

  state(userId: number): ConsoleState | null {
    const row = this.getState.get(userId)
    return row
      ? { kind: row.kind, cameras: JSON.parse(row.cameras) as (string | null)[], layoutId: row.layout_id }
      : null
  }

  saveState(userId: number, state: ConsoleState): void {
    this.putState.run(userId, state.kind, JSON.stringify(state.cameras), state.layoutId, new Date().toISOString())
  }
}
