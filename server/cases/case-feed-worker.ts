/**
 * Delivers the outbox to the district case system: a request when an incident is accepted, then its stage
 * changes as updates, in order per incident and only after the request was accepted. A request whose
 * outcome is unknown (a timeout, a lost answer, a crash between sending and recording) is looked up by its
 * marker before it is sent again (request-delivery.ts), so even a receiver that de-duplicates nothing holds
 * it once; our incident code still goes as an attribute for receivers that do de-duplicate on it. Updates
 * carry our own `update_id`, by which the receiver recognises one it already has.
 */
import type Database from 'better-sqlite3'
import { StatementCache } from '../db/statement-cache.ts'
import type { CaseFeedSettings, EventCategory } from '../contracts/camera-config.ts'
import type { IncidentsRepository } from '../incidents/incidents-repository.ts'
import type { Logger } from '../process/logger.ts'
import type { BackoffPolicy, CaseOutbox, OutboxItem } from './case-outbox.ts'
import { extendedStatus } from './case-status.ts'
import { GeoReportError, type GeoReportClient } from './georeport-client.ts'
import { RequestDelivery } from './request-delivery.ts'

export interface WorkerDeps {
  db: Database.Database
  outbox: CaseOutbox
  client: GeoReportClient
  incidents: IncidentsRepository
  settings: CaseFeedSettings
  categories: readonly EventCategory[]
  policy: BackoffPolicy
  logger: Logger
  now: () => number
}

/**
 * The least wait before looking up a request whose outcome is unknown: a case system still working on the
 * call it timed out on must have time to store it, or the lookup misses it and the request goes twice.
 */
export const UNKNOWN_OUTCOME_SETTLE_MS = 30_000

/** How the receiver tells our updates from its own: every update id we send starts with our code. */
export const updateIdFor = (code: string, outboxId: number): string => `${code}-u${outboxId}`

export class CaseFeedWorker {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = false
  lastSuccessAt: number | null = null

  private readonly sql: StatementCache
  readonly requests: RequestDelivery

  constructor(private readonly deps: WorkerDeps) {
    this.sql = new StatementCache(deps.db)
    this.requests = new RequestDelivery(deps.outbox, deps.client, deps.logger, deps.now)
  }

  start(intervalMs = 1000): void {
    const loop = (): void => {
      if (this.stopped) return
      this.running = this.tick().finally(() => {
        this.running = null
        if (!this.stopped) this.timer = setTimeout(loop, intervalMs)
      })
    }
    loop()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** One round: the first due item of each incident, a few incidents at a time. */
  async tick(): Promise<void> {
    const items = this.deps.outbox.due(16)
    for (let i = 0; i < items.length; i += 4) {
      await Promise.all(items.slice(i, i + 4).map((item) => this.deliver(item)))
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const row = this.deps.incidents.get(item.incident_id)
    if (!row)
      return this.deps.outbox.failed(item, 'the incident no longer exists', { ...this.deps.policy, maxAttempts: 1 })
    try {
      if (item.kind === 'request') {
        const category = this.deps.categories.find((c) => c.id === row.category)
        const serviceCode = this.deps.settings.serviceCodes[row.category]
        if (!serviceCode) throw new Error(`no service_code for the category "${row.category}"`)
        const id = await this.requests.serviceRequestId(item, row.code, {
          service_code: serviceCode,
          lat: row.lat?.toString(),
          long: row.lng?.toString(),
          address_string: row.lat === null ? (row.address ?? row.community ?? '赵陵铺路街道') : undefined,
          description: `${category?.name ?? row.category}${row.note ? `：${row.note}` : ''}`,
          'attribute[console_incident_id]': row.code,
        })
        this.sql
          .get('INSERT OR IGNORE INTO incident_external (incident_id, service_request_id, created_at) VALUES (?, ?, ?)')
          .run(row.id, id, new Date(this.deps.now()).toISOString())
      } else {
        const external = this.sql
          .get('SELECT service_request_id FROM incident_external WHERE incident_id = ?')
          .pluck()
          .get(row.id) as string | undefined
        if (!external) throw new Error('the case system has not accepted this incident yet')
        const updateId = updateIdFor(row.code, item.id)
        // Recorded before sending: the poller must never take our own update, echoed back, for theirs.
        this.sql
          .get('INSERT OR IGNORE INTO case_updates_seen (update_id, seen_at) VALUES (?, ?)')
          .run(updateId, new Date(this.deps.now()).toISOString())
        await this.deps.client.postUpdate({
          service_request_id: external,
          update_id: updateId,
          status: extendedStatus(item.stage, row.close_reason),
          updated_datetime: item.created_at,
          description: item.text ?? `stage: ${item.stage}`,
          external_status_code: item.stage,
        })
      }
      this.deps.outbox.delivered(item.id)
      this.lastSuccessAt = this.deps.now()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const unknownOutcome = item.kind === 'request' && error instanceof GeoReportError && error.maybeApplied
      this.deps.outbox.failed(item, message, this.deps.policy, unknownOutcome ? UNKNOWN_OUTCOME_SETTLE_MS : 0)
      this.deps.logger.warn(
        { outbox: item.id, incident: row.code, kind: item.kind, attempts: item.attempts + 1, reason: message },
        'case feed delivery failed',
      )
    }
  }
}
