/**
 * Cookie sessions stored in SQLite so they survive a restart of the server. The cookie holds a random
 * token; the table holds only its SHA-256, so reading the database does not open anyone's session.
 */
import { createHash, randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface SessionLimits {
  /** A session unused this long ends (sliding). */
  idleMs: number
  /** A session ends this long after login whatever its use. */
  absoluteMs: number
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 12 * 3600_000, absoluteMs: 7 * 24 * 3600_000 }

// Writing last_seen_at on every request would turn every read into a write; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000
// A playing tile asks for a part every ~200 ms: remembering a resolved session this long spares a hash and
// a query per request. Ending a session (logout, disable, password change) forgets it at once.
const MEMO_MS = 2_000

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url')

interface SessionRow {
  user_id: number
  created_at: string
  last_seen_at: string
  expires_at: string
  idle_limit: 0 | 1
}

/** A kiosk device's session: long-lived and without the idle limit (the wall may be off over a holiday). */
export interface DeviceSession {
  lifetimeMs: number
}

/** What ended: one session (by its token) or every session of a user. */
export type SessionEnd = { token: string } | { userId: number }

export class SessionsRepository {
  private readonly memo = new Map<string, { userId: number; until: number }>()
  private readonly endListeners = new Set<(ended: SessionEnd) => void>()
  private readonly insert: Database.Statement<
    [string, number, string, string, string, string | null, string | null, 0 | 1]
  >
  private readonly select: Database.Statement<[string], SessionRow>
  private readonly touch: Database.Statement<[string, string]>
  private readonly remove: Database.Statement<[string]>
  private readonly removeForUser: Database.Statement<[number]>
  private readonly removeExpired: Database.Statement<[string, string]>

  constructor(
    db: Database.Database,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {
    this.insert = db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent, idle_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.select = db.prepare(
      'SELECT user_id, created_at, last_seen_at, expires_at, idle_limit FROM sessions WHERE token_hash = ?',
    )
    this.touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?')
    this.remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?')
    this.removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
    this.removeExpired = db.prepare(
      'DELETE FROM sessions WHERE expires_at < ? OR (idle_limit = 1 AND last_seen_at < ?)',
    )
  }

  /** Returns the token for the cookie. */
  create(
    userId: number,
    client: { ip?: string; userAgent?: string },
    now = Date.now(),
    device?: DeviceSession,
  ): string {
    const token = randomBytes(32).toString('base64url')
    const at = new Date(now).toISOString()
    this.insert.run(
      hashToken(token),
      userId,
      at,
      at,
      new Date(now + (device?.lifetimeMs ?? this.limits.absoluteMs)).toISOString(),
      client.ip ?? null,
      client.userAgent?.slice(0, 200) ?? null,
      device ? 0 : 1,
    )
    return token
  }

  /** The user id of a live session, or undefined (and the session is gone) when it has expired. */
  resolve(token: string, now = Date.now()): number | undefined {
    const remembered = this.memo.get(token)
    if (remembered && remembered.until > now) return remembered.userId
    const userId = this.lookup(token, now)
    if (userId === undefined) this.memo.delete(token)
    else {
      // Bounded: a flood of distinct tokens cannot grow it past a few thousand entries.
      if (this.memo.size > 5000) this.memo.clear()
      this.memo.set(token, { userId, until: now + MEMO_MS })
    }
    return userId
  }

  private lookup(token: string, now: number): number | undefined {
    const key = hashToken(token)
    const row = this.select.get(key)
    if (!row) return undefined
    const lastSeen = Date.parse(row.last_seen_at)
    if (Date.parse(row.expires_at) <= now || (row.idle_limit === 1 && lastSeen + this.limits.idleMs <= now)) {
      this.remove.run(key)
      return undefined
    }
    if (now - lastSeen >= TOUCH_INTERVAL_MS) this.touch.run(new Date(now).toISOString(), key)
    return row.user_id
  }

  /** Like resolve, but asks the store even when the session was resolved a moment ago (another process may have ended it). */
  resolveNow(token: string, now = Date.now()): number | undefined {
    this.memo.delete(token)
    return this.resolve(token, now)
  }

  end(token: string): void {
    this.memo.delete(token)
    this.remove.run(hashToken(token))
    this.ended({ token })
  }

  endAllFor(userId: number): void {
    for (const [token, entry] of this.memo) if (entry.userId === userId) this.memo.delete(token)
    this.removeForUser.run(userId)
    this.ended({ userId })
  }

  /** Called after a session ends in this process (another process's ends are found by polling). */
  onEnd(listener: (ended: SessionEnd) => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  private ended(ended: SessionEnd): void {
    for (const listener of this.endListeners) listener(ended)
  }

  pruneExpired(now = Date.now()): number {
    return this.removeExpired.run(new Date(now).toISOString(), new Date(now - this.limits.idleMs).toISOString()).changes
  }
}
