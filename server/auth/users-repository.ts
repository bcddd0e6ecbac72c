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

export class UsersRepository {
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

  list(): UserRecord[] {
    return this.all.all().map(toRecord)
  }

  create(user: { username: string; passwordHash: string; role: Role; department: string | null }): UserRecord {
    const now = new Date().toISOString()
    const { lastInsertRowid } = this.insert.run(user.username, user.passwordHash, user.role, user.department, now, now)
    return this.findById(Number(lastInsertRowid))!
  }

  updatePasswordHash(id: number, passwordHash: string): void {
    this.setHash.run(passwordHash, new Date().toISOString(), id)
  }

  setDisabledAt(id: number, disabledAt: string | null): void {
    this.setDisabled.run(disabledAt, new Date().toISOString(), id)
  }

  countActiveAdmins(): number {
    return this.activeAdmins.get()!.n
  }
}
