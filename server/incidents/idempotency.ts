/**
 * Idempotent reports: a client that retries a report (a lost answer, a double click, a flaky link) sends
 * the same `Idempotency-Key` and gets the first answer back instead of a second incident. The answer is
 * stored in the same transaction as the incident it describes, so there is never one without the other.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { BadRequestError, HttpError } from '../http/http-errors.ts'
import { StatementCache } from '../db/statement-cache.ts'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** How long a key is remembered: a retry after a day is a new report. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000

/** The first answer to a key, replayed as it was. */
export interface StoredAnswer {
  status: number
  body: string
}

/** The header's value, or undefined when absent; 400 naming the header when it is not 1-200 visible ASCII. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header))
    throw new BadRequestError(
      'request.idempotency-key-invalid',
      {},
      'Idempotency-Key: 1 to 200 visible ASCII characters (letters, digits, punctuation)',
    )
  return header
}

/** The request's fingerprint: the same key with another body is a client mistake, not a retry. */
export function fingerprint(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex')
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export class IdempotencyKeys {
  private readonly sql: StatementCache

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = new StatementCache(db)
  }

  /**
   * Runs `create` once per (owner, key) within a day: the first time in one transaction with storing its
   * answer, later with the same request returning that answer without running it; 422 when the request
   * differs. Synchronous, so concurrent repeats are serialised by the transaction and see the first one.
   */
  once(
    owner: string,
    key: string | undefined,
    request: unknown,
    create: () => StoredAnswer,
  ): StoredAnswer & { replayed: boolean } {
    if (key === undefined) return { ...create(), replayed: false }
    const hash = fingerprint(request)
    return this.db.transaction(() => {
      const now = this.now()
      const since = new Date(now - IDEMPOTENCY_TTL_MS).toISOString()
      const stored = this.sql
        .get<[string, string, string], { request_hash: string; status: number; body: string }>(
          'SELECT request_hash, status, body FROM idempotency_keys WHERE owner = ? AND key = ? AND created_at > ?',
        )
        .get(owner, key, since)
      if (stored) {
        if (stored.request_hash !== hash)
          throw new HttpError(
            422,
            'request.idempotency-key-reused',
            { key },
            `Idempotency-Key "${key}" was already used for a different request; use a new key for a new report`,
          )
        return { status: stored.status, body: stored.body, replayed: true }
      }
      const answer = create()
      this.sql.get('DELETE FROM idempotency_keys WHERE created_at <= ?').run(since)
      this.sql
        .get(
          'INSERT OR REPLACE INTO idempotency_keys (owner, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(owner, key, hash, answer.status, answer.body, new Date(now).toISOString())
      return { ...answer, replayed: false }
    })()
  }
}
