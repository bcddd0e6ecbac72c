/** Accounts in SQLite: prepared statements only; hashing happens in the callers. */
import type Database from 'better-sqlite3'
import type { Role, SessionUser } from '../contracts/api.ts'

export interface UserRecord extends SessionUser {
  passwordHash: string
  disabledAt: string | null
  createdAt: string
}

interface UserRow {
  id: number
  username: string
  password_hash: string
  role: Role
  department: string | null
  disabled_at: string | null
  created_at: string
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  role: row.role,
  department: row.department,
  passwordHash: row.password_hash,
  disabledAt: row.disabled_at,
  createdAt: row.created_at,
})

/**
 * How long the request path may reuse a user's row. Every request of a player (several a second) checks its
 * user; the same 2 s as the sessions' memo, and this process's own changes apply at once.
 */
const REQUEST_MEMO_MS = 2000

export class UsersRepository {
  private readonly memo = new Map<number, { user: UserRecord | undefined; until: number }>()
  private readonly byName: Database.Statement<[string], UserRow>
  private readonly byId: Database.Statement<[number], UserRow>
  private readonly all: Database.Statement<[], UserRow>
  private readonly insert: Database.Statement<[string, string, Role, string | null, string, string]>
  private readonly setHash: Database.Statement<[string, string, number]>
  private readonly setDisabled: Database.Statement<[string | null, string, number]>
  private readonly activeAdmins: Database.Statement<[], { n: number }>

  constructor(db: Database.Database) {
    this.byName = db.prepare('SELECT * FROM users WHERE username = ?')
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?')
    this.all = db.prepare('SELECT * FROM users ORDER BY username')
    this.insert = db.prepare(
      'INSERT INTO users (username, password_hash, role, department, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.setHash = db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?')
    this.setDisabled = db.prepare('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?')
    this.activeAdmins = db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL")
  }

  findByUsername(username: string): UserRecord | undefined {
    const row = this.byName.get(username)
    return row && toRecord(row)
  }

  findById(id: number): UserRecord | undefined {
    const row = this.byId.get(id)
    return row && toRecord(row)
  }

  /** `findById` for the check of every request: a row read in the last 2 s is reused. */
  findForRequest(id: number, now = Date.now()): UserRecord | undefined {
    const remembered = this.memo.get(id)
    if (remembered && remembered.until > now) return remembered.user
    const user = this.findById(id)
    if (this.memo.size > 5000) this.memo.clear()
    this.memo.set(id, { user, until: now + REQUEST_MEMO_MS })
    return user
  }

  list(): UserRecord[] {
    return this.all.all().map(toRecord)
  }

  create(user: { username: string; passwordHash: string; role: Role; department: string | null }): UserRecord {
    const now = new Date().toISOString()
    const { lastInsertRowid } = this.insert.run(user.username, user.passwordHash, user.role, user.department, now, now)
    this.memo.delete(Number(lastInsertRowid))
    return this.findById(Number(lastInsertRowid))!
  }

  updatePasswordHash(id: number, passwordHash: string): void {
    this.setHash.run(passwordHash, new Date().toISOString(), id)
    this.memo.delete(id)
  }

  setDisabledAt(id: number, disabledAt: string | null): void {
    this.setDisabled.run(disabledAt, new Date().toISOString(), id)
    this.memo.delete(id)
  }

  countActiveAdmins(): number {
    return this.activeAdmins.get()!.n
  }
}
