import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../db/migrate.ts'
import { UsersRepository } from './users-repository.ts'

let db: Database.Database
let users: UsersRepository
let id: number
const t0 = Date.parse('2026-12-04T00:00:00Z')

beforeEach(() => {
  db = new Database(':memory:')
  migrate(db)
  users = new UsersRepository(db)
  id = users.create({ username: 'op', passwordHash: 'x', role: 'operator', department: null }).id
})

/** A change made outside this repository, as `npm run user` makes it from its own process. */
const disableElsewhere = (): void => void db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run('now', id)

describe("the request path's user memo", () => {
  it('reuses a row for 2 s, so a change made by another process applies within that', () => {
    expect(users.findForRequest(id, t0)?.disabledAt).toBeNull()
    disableElsewhere()
    expect(users.findForRequest(id, t0 + 1999)?.disabledAt).toBeNull()
    expect(users.findForRequest(id, t0 + 2000)?.disabledAt).toBe('now')
  })

  it("applies this process's own changes at once", () => {
    expect(users.findForRequest(id, t0)?.disabledAt).toBeNull()
    users.setDisabledAt(id, '2026-12-04T00:00:01Z')
    expect(users.findForRequest(id, t0 + 1)?.disabledAt).toBe('2026-12-04T00:00:01Z')
    users.updatePasswordHash(id, 'y')
    expect(users.findForRequest(id, t0 + 2)?.passwordHash).toBe('y')
  })

  it('finds a user created here at once, though its id was asked for before', () => {
    expect(users.findForRequest(id + 1, t0)).toBeUndefined()
    const other = users.create({ username: 'op2', passwordHash: 'x', role: 'operator', department: null })
    expect(other.id).toBe(id + 1)
    expect(users.findForRequest(id + 1, t0 + 1)?.username).toBe('op2')
  })
})
