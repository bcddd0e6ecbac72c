import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../db/migrate.ts'
import { SessionsRepository } from './sessions-repository.ts'
import { UsersRepository } from './users-repository.ts'

const HOUR = 3600_000
let db: Database.Database
let sessions: SessionsRepository
let userId: number

beforeEach(() => {
  db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db)
  userId = new UsersRepository(db).create({ username: 'op', passwordHash: 'x', role: 'operator', department: null }).id
  sessions = new SessionsRepository(db, { idleMs: 2 * HOUR, absoluteMs: 10 * HOUR })
})

describe('sessions', () => {
  const t0 = Date.parse('2026-11-27T00:00:00Z')

  it('the database holds a hash of the token, never the token', () => {
    const token = sessions.create(userId, {}, t0)
    const stored = db.prepare('SELECT token_hash FROM sessions').pluck().all()
    expect(stored).toHaveLength(1)
    expect(stored[0]).not.toBe(token)
    expect(sessions.resolve(token, t0 + 1000)).toBe(userId)
    expect(sessions.resolve(`${token}x`, t0 + 1000)).toBeUndefined()
  })

  it('a session in use slides past the idle limit, but not past the absolute one', () => {
    const token = sessions.create(userId, {}, t0)
    for (let h = 1; h < 10; h++) expect(sessions.resolve(token, t0 + h * HOUR), `hour ${h}`).toBe(userId)
    expect(sessions.resolve(token, t0 + 10 * HOUR)).toBeUndefined()
  })

  it('an unused session ends after the idle limit and is deleted', () => {
    const token = sessions.create(userId, {}, t0)
    expect(sessions.resolve(token, t0 + 2 * HOUR)).toBeUndefined()
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0)
  })

  it('pruning removes only expired sessions', () => {
    sessions.create(userId, {}, t0)
    sessions.create(userId, {}, t0 + 3 * HOUR)
    expect(sessions.pruneExpired(t0 + 3 * HOUR)).toBe(1)
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1)
  })
})

describe('the short memory of resolved sessions', () => {
  it("forgets a session the moment it is ended, or all of a user's sessions", () => {
    const now = Date.now()
    const a = sessions.create(userId, {}, now)
    const b = sessions.create(userId, {}, now)
    expect(sessions.resolve(a, now + 10)).toBe(userId)
    expect(sessions.resolve(b, now + 10)).toBe(userId)
    sessions.end(a)
    expect(sessions.resolve(a, now + 20)).toBeUndefined()
    sessions.endAllFor(userId)
    expect(sessions.resolve(b, now + 30)).toBeUndefined()
  })
})
