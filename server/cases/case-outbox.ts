/**
 * The outbox rows: queued inside the incident's own transaction (a write hook), claimed by the worker in
 * order per incident, retried with exponential back-off and jitter, parked after too many failures.
 */
import type Database from 'better-sqlite3'
import { StatementCache } from '../db/statement-cache.ts'
import type { Stage } from '../contracts/incidents.ts'
import type { IncidentRow, StoredEvent } from '../incidents/incidents-repository.ts'

export interface OutboxItem {
  id: number
  incident_id: number
  kind: 'request' | 'update'
  stage: Stage
  text: string | null
  created_at: string
  state: 'pending' | 'delivered' | 'parked'
  attempts: number
  next_attempt_at: string
  last_error: string | null
  /** The line the request's description ends with, chosen before its first attempt. */
  marker: string | null
  first_sent_at: string | null
  /** 1 while a request may have reached the case system without us hearing its answer (see 010-case-feed-markers.sql). */
  outcome_unknown: 0 | 1
  receiver_token: string | null
}

export interface BackoffPolicy {
  firstMs: number
  maxMs: number
  maxAttempts: number
}
export const DEFAULT_BACKOFF: BackoffPolicy = { firstMs: 1000, maxMs: 5 * 60_000, maxAttempts: 12 }

/** The pause after failure number `attempts`: doubling from firstMs, capped, with ±20% jitter. */
export function retryDelay(policy: BackoffPolicy, attempts: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

export class CaseOutbox {
  private readonly insert: Database.Statement<[number, string, string, string | null, string, string]>
  private readonly hasRequest: Database.Statement<[number], { n: number }>

  private readonly sql: StatementCache

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = new StatementCache(db)
    this.insert = db.prepare(
      'INSERT INTO case_outbox (incident_id, kind, stage, text, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.hasRequest = db.prepare("SELECT count(*) AS n FROM case_outbox WHERE incident_id = ? AND kind = 'request'")
  }

  /**
   * The write hook: an incident reaching `accepted` is queued as a request; every later stage change of an
   * incident already queued becomes an update. Runs inside the incident's transaction.
   */
  queue = (row: IncidentRow, event: StoredEvent, previous: IncidentRow | undefined): void => {
    if (event.kind !== 'transition' && event.kind !== 'created') return
    if (previous && previous.stage === row.stage) return
    const at = new Date(this.now()).toISOString()
    const queued = this.hasRequest.get(row.id)!.n > 0
    if (!queued && row.stage === 'accepted') this.insert.run(row.id, 'request', row.stage, null, at, at)
    else if (queued) this.insert.run(row.id, 'update', row.stage, null, at, at)
  }

  /** The first undelivered item of each incident whose time has come (later ones wait their turn). */
  due(limit: number): OutboxItem[] {
    return this.sql
      .get<[string, number], OutboxItem>(
        `
      SELECT o.* FROM case_outbox o
      WHERE o.state = 'pending' AND o.next_attempt_at <= ?
        AND NOT EXISTS (SELECT 1 FROM case_outbox e WHERE e.incident_id = o.incident_id AND e.id < o.id AND e.state != 'delivered')
      ORDER BY o.id LIMIT ?`,
      )
      .all(new Date(this.now()).toISOString(), limit)
  }

  delivered(id: number): void {
    this.sql
      .get(
        "UPDATE case_outbox SET state = 'delivered', delivered_at = ?, last_error = NULL, outcome_unknown = 0 WHERE id = ?",
      )
      .run(new Date(this.now()).toISOString(), id)
  }

  /**
   * Recorded before a request leaves, committed before the first byte is sent: from here until its answer is
   * known the outcome counts as unknown, so a crash in between is looked up on restart like a timeout.
   */
  sending(id: number, marker: string): void {
    this.sql
      .get(
        'UPDATE case_outbox SET marker = coalesce(marker, ?), first_sent_at = coalesce(first_sent_at, ?), outcome_unknown = 1 WHERE id = ?',
      )
      .run(marker, new Date(this.now()).toISOString(), id)
  }

  /** The answer is known after all (refused before sending, or an error from the case system itself). */
  outcomeKnown(id: number, earlierStillUnknown: boolean): void {
    this.sql.get('UPDATE case_outbox SET outcome_unknown = ? WHERE id = ?').run(earlierStillUnknown ? 1 : 0, id)
  }

  /** The receiver answered with a token: from now on the item is resolved through it, never sent again. */
  tokenReceived(id: number, token: string): void {
    this.sql.get('UPDATE case_outbox SET receiver_token = ?, outcome_unknown = 0 WHERE id = ?').run(token, id)
  }

  /** `minDelayMs`: a floor under the back-off, for an attempt whose outcome is still settling on the far side. */
  failed(item: OutboxItem, error: string, policy: BackoffPolicy, minDelayMs = 0): void {
    const attempts = item.attempts + 1
    const parked = attempts >= policy.maxAttempts
    this.sql
      .get('UPDATE case_outbox SET attempts = ?, last_error = ?, state = ?, next_attempt_at = ? WHERE id = ?')
      .run(
        attempts,
        error.slice(0, 500),
        parked ? 'parked' : 'pending',
        new Date(this.now() + Math.max(minDelayMs, retryDelay(policy, attempts))).toISOString(),
        item.id,
      )
  }

  /** A person retries a parked item: it goes back to the queue at once, its count reset. */
  retry(id: number): boolean {
    return (
      this.sql
        .get(
          "UPDATE case_outbox SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'parked'",
        )
        .run(new Date(this.now()).toISOString(), id).changes > 0
    )
  }

  status(): {
    pending: number
    parked: OutboxItem[]
    oldestPendingAt: string | null
    delivered: number
    lastDeliveredAt: string | null
    failuresPending: number
  } {
    const counts = this.sql
      .get(
        `SELECT
      sum(state = 'pending') AS pending, sum(state = 'delivered') AS delivered, min(CASE WHEN state = 'pending' THEN created_at END) AS oldest,
      max(delivered_at) AS last, sum(state = 'pending' AND attempts > 0) AS failing FROM case_outbox`,
      )
      .get() as {
      pending: number | null
      delivered: number | null
      oldest: string | null
      last: string | null
      failing: number | null
    }
    return {
      pending: counts.pending ?? 0,
      delivered: counts.delivered ?? 0,
      oldestPendingAt: counts.oldest,
      lastDeliveredAt: counts.last,
      failuresPending: counts.failing ?? 0,
      parked: this.sql.get<[], OutboxItem>("SELECT * FROM case_outbox WHERE state = 'parked' ORDER BY id").all(),
    }
  }
}
