import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, readMigrations } from './migrate.ts'
import { openDatabase } from './open-database.ts'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('migrations', () => {
  it('a new database gets every migration once, in WAL mode, and a second open applies nothing', () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()
    expect(versions).toEqual(readMigrations().map((m) => ({ version: m.version })))
    expect(migrate(db)).toEqual([])
    db.close()
  })

  it('a database newer than the program is refused', () => {
    const db = new Database(':memory:')
    migrate(db)
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')").run()
    expect(() => migrate(db)).toThrow(/schema version 999, newer than this program knows/)
  })

  it('a failing migration leaves nothing half-applied', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'm'))
    writeFileSync(join(dir, 'm', '001-good.sql'), 'CREATE TABLE a (x INTEGER);')
    writeFileSync(join(dir, 'm', '002-bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);')
    const db = new Database(':memory:')
    expect(() => migrate(db, readMigrations(join(dir, 'm')))).toThrow(/no such table: nowhere/)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
    expect(tables).toEqual([{ name: 'a' }, { name: 'schema_migrations' }])
  })

  it('badly named or gapped migration files are refused', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '001-a.sql'), '')
    writeFileSync(join(dir, '003-c.sql'), '')
    expect(() => readMigrations(dir)).toThrow(/without gaps; found 3 at position 2/)
    writeFileSync(join(dir, 'seed.sql'), '')
    expect(() => readMigrations(dir)).toThrow(/must look like 001-name.sql: seed.sql/)
  })

  it('the camera table rebuild (005) keeps cameras and their history, and accepts push cameras after', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const all = readMigrations()
    migrate(db, all.slice(0, 4))
    db.prepare(
      "INSERT INTO cameras (id, name, categories, community, grid, lat, lng, source_type, synced_at) VALUES ('cam-1', 'x', '[]', 'c', 'g', 38, 114, 'rtsp', 'now')",
    ).run()
    db.prepare("INSERT INTO camera_status_history (camera_id, status, at) VALUES ('cam-1', 'online', 'now')").run()
    expect(migrate(db, all)).toEqual(all.slice(4).map((m) => m.version))
    expect(db.prepare('SELECT id FROM cameras').pluck().all()).toEqual(['cam-1'])
    expect(db.prepare('SELECT camera_id FROM camera_status_history').pluck().all()).toEqual(['cam-1'])
    db.prepare(
      "INSERT INTO cameras (id, name, categories, community, grid, lat, lng, source_type, synced_at) VALUES ('cam-2', 'y', '[]', 'c', 'g', 38, 114, 'rtmp-push', 'now')",
    ).run()
    expect(() =>
      db.prepare("INSERT INTO camera_status_history (camera_id, status, at) VALUES ('nope', 'online', 'now')").run(),
    ).toThrow(/FOREIGN KEY/)
  })
})
