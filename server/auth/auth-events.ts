/** The account audit trail: logins (failed ones too), logouts and account changes. */
import type Database from 'better-sqlite3'

export type AuthEventKind =
  'login' | 'login-failed' | 'logout' | 'user-created' | 'password-changed' | 'user-disabled' | 'user-enabled'

export class AuthEvents {
  private readonly insert: Database.Statement<
    [string, AuthEventKind, string | null, number | null, string | null, string | null]
  >
  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO auth_events (at, kind, username, user_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?)',
    )
  }
  record(kind: AuthEventKind, who: { username?: string; userId?: number; ip?: string; detail?: string }): void {
    this.insert.run(
      new Date().toISOString(),
      kind,
      who.username ?? null,
      who.userId ?? null,
      who.ip ?? null,
      who.detail ?? null,
    )
  }
}
