/**
 * Reads status updates back from the district case system (FixMyStreet's servicerequestupdates) over a
 * window from a stored cursor, and applies each once through the case loop. An update already seen (ours
 * echoed back included) or older than the incident's last change is ignored.
 */
import type Database from 'better-sqlite3'
import type { CaseFeedSettings } from '../contracts/camera-config.ts'
import type { IncidentService } from '../incidents/incident-service.ts'
import type { IncidentsRepository } from '../incidents/incidents-repository.ts'
import type { Logger } from '../process/logger.ts'
import type { GeoReportClient } from './georeport-client.ts'

const CURSOR = 'updates_cursor'
// Re-read a little before the cursor: updates stamped with the same second must not slip between polls.
const OVERLAP_MS = 60_000

export class CaseUpdatesPoller {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly client: GeoReportClient,
    private readonly incidents: IncidentsRepository,
    private readonly service: () => IncidentService,
    private readonly settings: CaseFeedSettings,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.running ??= this.poll()
          .catch((error: unknown) =>
            this.logger.warn({ reason: (error as Error).message }, 'reading case updates failed'),
          )
          .finally(() => {
            this.running = null
          })
      },
      (this.settings.pollSeconds ?? 30) * 1000,
    )
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.running
  }

  /** Applies new updates; returns how many changed something here. */
  async poll(): Promise<number> {
    const stored = this.db.prepare('SELECT value FROM feed_state WHERE key = ?').pluck().get(CURSOR) as
      string | undefined
    const from = stored ? Date.parse(stored) - OVERLAP_MS : this.now() - 24 * 3600_000
    const to = this.now()
    const updates = (await this.client.updatesSince(new Date(from).toISOString(), new Date(to).toISOString())).sort(
      (a, b) =>
        Date.parse(a.updated_datetime) - Date.parse(b.updated_datetime) || a.update_id.localeCompare(b.update_id),
    )
    let applied = 0
    for (const update of updates) {
      const fresh =
        this.db
          .prepare('INSERT OR IGNORE INTO case_updates_seen (update_id, seen_at) VALUES (?, ?)')
          .run(update.update_id, new Date(this.now()).toISOString()).changes > 0
      if (!fresh) continue
      const incidentId = this.db
        .prepare('SELECT incident_id FROM incident_external WHERE service_request_id = ?')
        .pluck()
        .get(update.service_request_id) as number | undefined
      const row = incidentId === undefined ? undefined : this.incidents.get(incidentId)
      if (!row) continue
      if (Date.parse(update.updated_datetime) < Date.parse(row.updated_at)) {
        this.logger.info(
          { incident: row.code, update: update.update_id },
          "case update older than the incident's last change: ignored",
        )
        continue
      }
      this.service().externalUpdate(
        row.id,
        'case-system',
        update.status,
        this.settings.statusMap?.[update.status],
        update.description,
      )
      applied++
    }
    const newest = updates.reduce(
      (max, u) => Math.max(max, Date.parse(u.updated_datetime)),
      stored ? Date.parse(stored) : 0,
    )
    if (newest > 0)
      this.db
        .prepare(
          'INSERT INTO feed_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(CURSOR, new Date(newest).toISOString())
    return applied
  }
}
