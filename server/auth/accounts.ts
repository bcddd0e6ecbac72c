/** Account rules shared by the HTTP API, the user CLI and the first start. */
import { randomBytes } from 'node:crypto'
import { ROLES, type Role } from '../contracts/api.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../http/http-errors.ts'
import type { AuthEvents } from './auth-events.ts'
import { DEFAULT_HASH_N, hashPassword, passwordProblem } from './password-hash.ts'
import type { SessionsRepository } from './sessions-repository.ts'
import type { UserRecord, UsersRepository } from './users-repository.ts'

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/

export interface NewAccount {
  username: string
  role: string
  department?: string | undefined
  password: string
}

export class Accounts {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly events: AuthEvents,
    private readonly departmentIds: ReadonlySet<string>,
    /** scrypt's N for the hashes it writes (PASSWORD_HASH_N). */
    private readonly hashN: number = DEFAULT_HASH_N,
  ) {}

  async add(account: NewAccount): Promise<UserRecord> {
    if (!USERNAME.test(account.username))
      throw new BadRequestError(
        'request.invalid',
        { field: 'username', problem: '2 to 32 letters, digits, dots, hyphens or underscores' },
        'username: 2 to 32 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
      )
    if (!ROLES.includes(account.role as Role)) {
      const problem = `must be one of ${ROLES.join(', ')}`
      throw new BadRequestError('request.invalid', { field: 'role', problem }, `role: ${problem}`)
    }
    const role = account.role as Role
    if (role === 'department') {
      if (!account.department) {
        const problem = 'a department account needs --department <id>'
        throw new BadRequestError('request.invalid', { field: 'department', problem }, `department: ${problem}`)
      }
      if (!this.departmentIds.has(account.department))
        throw new BadRequestError(
          'department.unknown',
          { department: account.department },
          `department: unknown department "${account.department}" (known: ${[...this.departmentIds].join(', ')})`,
        )
    } else if (account.department) {
      throw new BadRequestError(
        'request.invalid',
        { field: 'department', problem: 'only department accounts are bound to a department' },
        'department: only department accounts are bound to a department',
      )
    }
    const problem = passwordProblem(account.password)
    if (problem) throw new BadRequestError('request.invalid', { field: 'password', problem }, `password: ${problem}`)
    if (this.users.findByUsername(account.username))
      throw new ConflictError(
        'account.username-taken',
        { username: account.username },
        `username "${account.username}" is taken`,
      )
    const user = this.users.create({
      username: account.username,
      passwordHash: await hashPassword(account.password, this.hashN),
      role,
      department: role === 'department' ? account.department! : null,
    })
    this.events.record('user-created', { username: user.username, userId: user.id, detail: role })
    return user
  }

  async changePassword(username: string, password: string): Promise<void> {
    const user = this.require(username)
    const problem = passwordProblem(password)
    if (problem) throw new BadRequestError('request.invalid', { field: 'password', problem }, `password: ${problem}`)
    this.users.updatePasswordHash(user.id, await hashPassword(password, this.hashN))
    // A changed password ends every session that the old one opened.
    this.sessions.endAllFor(user.id)
    this.events.record('password-changed', { username: user.username, userId: user.id })
  }

  disable(username: string): void {
    const user = this.require(username)
    if (user.disabledAt) return
    if (user.role === 'admin' && this.users.countActiveAdmins() <= 1)
      throw new ConflictError('account.last-admin', {}, 'cannot disable the last active admin')
    this.users.setDisabledAt(user.id, new Date().toISOString())
    this.sessions.endAllFor(user.id)
    this.events.record('user-disabled', { username: user.username, userId: user.id })
  }

  enable(username: string): void {
    const user = this.require(username)
    this.users.setDisabledAt(user.id, null)
    this.events.record('user-enabled', { username: user.username, userId: user.id })
  }

  list(): UserRecord[] {
    return this.users.list()
  }

  /**
   * On a first start there is no admin: create `admin` with ADMIN_PASSWORD, or a random password that the
   * caller prints once. Returns the password only when it generated one.
   */
  async ensureAdmin(adminPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
    if (this.users.countActiveAdmins() > 0) return { created: false }
    const generated = adminPassword ? undefined : randomBytes(12).toString('base64url')
    const password = adminPassword ?? generated!
    const existing = this.users.findByUsername('admin')
    if (existing) {
      // An `admin` account exists but is disabled or demoted: never silently re-enable it.
      throw new ConflictError(
        'account.admin-name-taken',
        {},
        'no active admin account and the name "admin" is taken: enable one with `npm run user -- enable <name>`',
      )
    }
    await this.add({ username: 'admin', role: 'admin', password })
    return generated ? { created: true, generatedPassword: generated } : { created: true }
  }

  private require(username: string): UserRecord {
    const user = this.users.findByUsername(username)
    if (!user) throw new NotFoundError('account.unknown', { username }, `no user "${username}"`)
    return user
  }
}
