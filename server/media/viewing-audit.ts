/**
 * Viewing sessions: a user watching a stream is seen through their playlist and media requests; a
 * session starts with the first request and ends when none came for `idleMs`. Recorded in SQLite.
 */
import type Database from 'better-sqlite3'
import type { Quality } from '../contracts/media.ts'

export interface Viewer {
  userId: number
  username: string
  ip: string
}

interface PlaybackRow {
  userId: number
  username: string
  cameraId: string
  quality: Quality
  at: string
  ip: string
  from: string
  to: string
}

interface OpenSession {
  id: number
  lastSeen: number
  cameraId: string
  quality: Quality
}

export class ViewingAudit {
  private readonly open = new Map<string, OpenSession>()
  private readonly insert: Database.Statement<[number, string, string, Quality, string, string]>
  private readonly end: Database.Statement<[string, number]>
  private readonly insertPlayback: Database.Statement<[PlaybackRow]>

  constructor(
    db: Database.Database,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      'INSERT INTO viewing_sessions (user_id, username, camera_id, quality, started_at, ip) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.end = db.prepare('UPDATE viewing_sessions SET ended_at = ? WHERE id = ?')
    this.insertPlayback = db.prepare(
      `INSERT INTO viewing_sessions (user_id, username, camera_id, quality, started_at, ended_at, ip, kind, range_start, range_end)
       VALUES (@userId, @username, @cameraId, @quality, @at, @at, @ip, 'playback', @from, @to)`,
    )
    // Sessions left open by a crash end when they were last known to be open: at the latest, now.
    db.prepare('UPDATE viewing_sessions SET ended_at = ? WHERE ended_at IS NULL').run(
      new Date(this.now()).toISOString(),
    )
  }

  /** Called on every request of a viewer for a stream. */
  seen(viewer: Viewer, cameraId: string, quality: Quality): void {
    const key = `${viewer.userId}|${cameraId}|${quality}`
    const session = this.open.get(key)
    if (session) {
      session.lastSeen = this.now()
      return
    }
    const { lastInsertRowid } = this.insert.run(
      viewer.userId,
      viewer.username,
      cameraId,
      quality,
      new Date(this.now()).toISOString(),
      viewer.ip,
    )
    this.open.set(key, { id: Number(lastInsertRowid), lastSeen: this.now(), cameraId, quality })
  }

  /** A playback of recorded video: who asked for which camera's [from, to), and when. */
  playback(viewer: Viewer, cameraId: string, quality: Quality, fromMs: number, toMs: number): void {
    this.insertPlayback.run({
      userId: viewer.userId,
      username: viewer.username,
      cameraId,
      quality,
      at: new Date(this.now()).toISOString(),
      ip: viewer.ip,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
    })
  }

  /** How many users watch this stream now. */
  viewers(cameraId: string, quality: Quality): number {
    let n = 0
    for (const s of this.open.values()) if (s.cameraId === cameraId && s.quality === quality) n++
    return n
  }

  /** Ends sessions idle for idleMs; their end is the last request seen. */
  sweep(): void {
    const cutoff = this.now() - this.idleMs
    for (const [key, session] of this.open) {
      if (session.lastSeen <= cutoff) {
        this.end.run(new Date(session.lastSeen).toISOString(), session.id)
        this.open.delete(key)
      }
    }
  }

  endAll(): void {
    for (const session of this.open.values()) this.end.run(new Date(session.lastSeen).toISOString(), session.id)
    this.open.clear()
  }
}
