import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../db/migrate.ts'
import { Accounts } from './accounts.ts'
import { AuthEvents } from './auth-events.ts'
import { verifyPassword } from './password-hash.ts'
import { SessionsRepository } from './sessions-repository.ts'
import { UsersRepository } from './users-repository.ts'

let accounts: Accounts
let users: UsersRepository
let sessions: SessionsRepository

beforeEach(() => {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db)
  users = new UsersRepository(db)
  sessions = new SessionsRepository(db)
  accounts = new Accounts(users, sessions, new AuthEvents(db), new Set(['police', 'urban-management']))
})

describe('accounts', () => {
  it.each([
    ['a username with a space', { username: 'a b', role: 'operator', password: 'long-enough-1' }, 400, /^username: /],
    [
      'an unknown role',
      { username: 'x1', role: 'root', password: 'long-enough-1' },
      400,
      /^role: must be one of admin, supervisor, operator, department, wall$/,
    ],
    [
      'a department account without a department',
      { username: 'x1', role: 'department', password: 'long-enough-1' },
      400,
      /needs --department/,
    ],
    [
      'an unknown department',
      { username: 'x1', role: 'department', department: 'fire', password: 'long-enough-1' },
      400,
      /unknown department "fire" \(known: police, urban-management\)/,
    ],
    [
      'an operator bound to a department',
      { username: 'x1', role: 'operator', department: 'police', password: 'long-enough-1' },
      400,
      /only department accounts/,
    ],
    [
      'a short password',
      { username: 'x1', role: 'operator', password: 'short' },
      400,
      /^password: must be at least 10 characters long$/,
    ],
  ])('refuses %s', async (_, account, status, message) => {
    await expect(accounts.add(account)).rejects.toMatchObject({
      statusCode: status,
      message: expect.stringMatching(message),
    })
  })

  it('stores a department account with its department and a scrypt hash', async () => {
    const user = await accounts.add({
      username: 'pcs-zhao',
      role: 'department',
      department: 'police',
      password: 'station-password',
    })
    expect(user).toMatchObject({ role: 'department', department: 'police' })
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('station-password', user.passwordHash)).toBe(true)
    expect(await verifyPassword('station-passwore', user.passwordHash)).toBe(false)
    await expect(
      accounts.add({ username: 'PCS-ZHAO', role: 'operator', password: 'station-password' }),
    ).rejects.toMatchObject({ statusCode: 409 })
  })

  it('a first start creates admin with the given password, once', async () => {
    expect(await accounts.ensureAdmin('given-admin-password')).toEqual({ created: true })
    expect(await accounts.ensureAdmin('given-admin-password')).toEqual({ created: false })
    expect(await verifyPassword('given-admin-password', users.findByUsername('admin')!.passwordHash)).toBe(true)
  })

  it('a first start without ADMIN_PASSWORD generates one and says it', async () => {
    const result = await accounts.ensureAdmin(undefined)
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(await verifyPassword(result.generatedPassword!, users.findByUsername('admin')!.passwordHash)).toBe(true)
  })

  it('the last active admin cannot be disabled', async () => {
    await accounts.ensureAdmin('given-admin-password')
    expect(() => accounts.disable('admin')).toThrow('cannot disable the last active admin')
    await accounts.add({ username: 'admin2', role: 'admin', password: 'second-admin-pw' })
    accounts.disable('admin')
    expect(users.findByUsername('admin')!.disabledAt).not.toBeNull()
  })

  it('a changed password ends the sessions the old one opened', async () => {
    const user = await accounts.add({ username: 'op', role: 'operator', password: 'first-password' })
    const token = sessions.create(user.id, {})
    await accounts.changePassword('op', 'second-password')
    expect(sessions.resolve(token)).toBeUndefined()
    await expect(accounts.changePassword('ghost', 'second-password')).rejects.toMatchObject({ statusCode: 404 })
  })
})
