/**
 * The wall's overrides (pushes and rule firings) and its audit trail. Rows stay here; callers see
 * domain values.
 */
import type Database from 'better-sqlite3'

export type OverrideContent =
  | { kind: 'camera'; camera: string }
  | { kind: 'layout'; cameras: string[] }
  | { kind: 'incident'; incident: number; camera: string | null }

export interface StoredOverride {
  id: number
  monitor: string
  zone: string
  content: OverrideContent
  source: 'push' | 'rule'
  by: string
  untilMs: number
}

interface OverrideRow {
  id: number
  monitor: string
  zone: string
  kind: 'camera' | 'layout' | 'incident'
  cameras: string
  incident_id: number | null
  source: 'push' | 'rule'
  by: string
  until: string
}

function toOverride(row: OverrideRow): StoredOverride {
  const cameras = JSON.parse(row.cameras) as string[]
  const content: OverrideContent =
    row.kind === 'camera'
      ? { kind: 'camera', camera: cameras[0]! }
      : row.kind === 'layout'
        ? { kind: 'layout', cameras }
        : { kind: 'incident', incident: row.incident_id!, camera: cameras[0] ?? null }
  return {
    id: row.id,
    monitor: row.monitor,
    zone: row.zone,
    content,
    source: row.source,
    by: row.by,
    untilMs: Date.parse(row.until),
  }
}

const camerasOf = (content: OverrideContent): string[] =>
  content.kind === 'camera'
    ? [content.camera]
    : content.kind === 'layout'
      ? content.cameras
      : content.camera
        ? [content.camera]
        : []

/** A rule's switch of a monitor to another preset. */
export interface StoredPresetSwitch {
  id: number
  monitor: string
  preset: string
  by: string
  untilMs: number
}

interface PresetSwitchRow {
  id: number
  monitor: string
  preset: string
  by: string
  until: string
}

export interface NewOverride {
  monitor: string
  zone: string
  content: OverrideContent
  source: 'push' | 'rule'
  by: string
  untilMs: number
}

export class WallRepository {
  private readonly insert: Database.Statement<Record<string, unknown>>
  private readonly clearZone: Database.Statement<{ monitor: string; zone: string; at: string }>
  private readonly clearMonitor: Database.Statement<{ monitor: string; at: string }>
  private readonly active: Database.Statement<{ now: string }, OverrideRow>
  private readonly audit: Database.Statement<Record<string, unknown>>
  private readonly insertSwitch: Database.Statement<Record<string, unknown>>
  private readonly clearSwitches: Database.Statement<{ monitor: string; at: string }>
  private readonly activeSwitches: Database.Statement<{ now: string }, PresetSwitchRow>
  private readonly recent: Database.Statement<[number], AuditEntry>

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO wall_overrides
      (monitor, zone, kind, cameras, incident_id, source, by, created_at, until)
      VALUES (@monitor, @zone, @kind, @cameras, @incident, @source, @by, @at, @until)`)
    this.clearZone = db.prepare(
      'UPDATE wall_overrides SET cleared_at = @at WHERE monitor = @monitor AND zone = @zone AND cleared_at IS NULL',
    )
    this.clearMonitor = db.prepare(
      'UPDATE wall_overrides SET cleared_at = @at WHERE monitor = @monitor AND cleared_at IS NULL',
    )
    this.active = db.prepare('SELECT * FROM wall_overrides WHERE cleared_at IS NULL AND until > @now ORDER BY id')
    this.audit = db.prepare(
      'INSERT INTO wall_audit (at, actor, action, monitor, zone, what) VALUES (@at, @actor, @action, @monitor, @zone, @what)',
    )
    this.insertSwitch = db.prepare(`INSERT INTO wall_preset_switches (monitor, preset, by, created_at, until)
      VALUES (@monitor, @preset, @by, @at, @until)`)
    this.clearSwitches = db.prepare(
      'UPDATE wall_preset_switches SET cleared_at = @at WHERE monitor = @monitor AND cleared_at IS NULL',
    )
    this.activeSwitches = db.prepare(
      'SELECT id, monitor, preset, by, until FROM wall_preset_switches WHERE cleared_at IS NULL AND until > @now ORDER BY id',
    )
    this.recent = db.prepare('SELECT at, actor, action, monitor, zone, what FROM wall_audit ORDER BY id DESC LIMIT ?')
  }

  /** Puts `item` on its zone, replacing what was there, and audits it; one transaction. */
  put(item: NewOverride, nowMs: number): void {
    const at = new Date(nowMs).toISOString()
    const { content } = item
    this.db.transaction(() => {
      this.clearZone.run({ monitor: item.monitor, zone: item.zone, at })
      this.insert.run({
        monitor: item.monitor,
        zone: item.zone,
        kind: content.kind,
        cameras: JSON.stringify(camerasOf(content)),
        incident: content.kind === 'incident' ? content.incident : null,
        source: item.source,
        by: item.by,
        at,
        until: new Date(item.untilMs).toISOString(),
      })
      const what =
        content.kind === 'camera'
          ? { camera: content.camera }
          : content.kind === 'layout'
            ? { layout: content.cameras }
            : { incident: content.incident }
      this.audit.run({
        at,
        actor: item.by,
        action: item.source === 'push' ? 'push' : 'rule',
        monitor: item.monitor,
        zone: item.zone,
        what: JSON.stringify(what),
      })
    })()
  }

  /** Switches the monitor to `preset` until `untilMs`, replacing an earlier switch, and audits it. */
  switchPreset(item: Omit<StoredPresetSwitch, 'id'>, nowMs: number): void {
    const at = new Date(nowMs).toISOString()
    const { monitor, preset, by } = item
    this.db.transaction(() => {
      this.clearSwitches.run({ monitor, at })
      this.insertSwitch.run({ monitor, preset, by, at, until: new Date(item.untilMs).toISOString() })
      this.audit.run({ at, actor: by, action: 'rule', monitor, zone: null, what: JSON.stringify({ preset }) })
    })()
  }

  /**
   * Clears one zone, or every zone of the monitor and its preset switch (the wall goes back to its
   * schedule); audited; returns how many overrides and switches ended.
   */
  clear(monitor: string, zone: string | null, actor: string, nowMs: number): number {
    const at = new Date(nowMs).toISOString()
    return this.db.transaction(() => {
      const { changes } =
        zone === null ? this.clearMonitor.run({ monitor, at }) : this.clearZone.run({ monitor, zone, at })
      const switches = zone === null ? this.clearSwitches.run({ monitor, at }).changes : 0
      this.audit.run({ at, actor, action: 'clear', monitor, zone, what: null })
      return changes + switches
    })()
  }

  /** Every override in force at `nowMs`, oldest first. */
  inForce(nowMs: number): StoredOverride[] {
    return this.active.all({ now: new Date(nowMs).toISOString() }).map(toOverride)
  }

  /** Every preset switch in force at `nowMs`, oldest first. */
  presetSwitchesInForce(nowMs: number): StoredPresetSwitch[] {
    return this.activeSwitches
      .all({ now: new Date(nowMs).toISOString() })
      .map(({ until, ...row }) => ({ ...row, untilMs: Date.parse(until) }))
  }

  recentAudit(limit = 100): AuditEntry[] {
    return this.recent.all(limit)
  }
}

export interface AuditEntry {
  at: string
  actor: string
  action: 'push' | 'clear' | 'rule'
  monitor: string
  zone: string | null
  what: string | null
}
