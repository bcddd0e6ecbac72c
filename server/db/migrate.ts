/**
 * Applies numbered SQL migrations (`NNN-name.sql`) in order, each in its own transaction, and records
 * them in schema_migrations. A database newer than this code (a migration it does not know) is refused
 * rather than run against.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations')

export interface Migration {
  version: number
  name: string
  sql: string
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file)
      if (!match) throw new Error(`migration file name must look like 001-name.sql: ${file}`)
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 001, 002, ... without gaps; found ${m.version} at position ${i + 1}`)
  })
  return migrations
}

/** Returns the versions it applied. */
export function migrate(db: Database.Database, migrations: Migration[] = readMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  )
  const newest = Math.max(0, ...applied)
  if (newest > migrations.length) {
    throw new Error(
      `the database is at schema version ${newest}, newer than this program knows (${migrations.length}); refusing to run`,
    )
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const done: number[] = []
  for (const m of migrations) {
    if (applied.has(m.version)) continue
    // A migration that rebuilds a table others refer to (SQLite cannot alter a CHECK) asks for foreign
    // keys off, SQLite's own procedure: they can only be switched outside a transaction, and are checked
    // before the commit instead.
    const rebuild = m.sql.startsWith('-- migrate: foreign keys off')
    if (rebuild) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        db.exec(m.sql)
        if (rebuild) {
          const broken = db.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0)
            throw new Error(`migration ${m.version}-${m.name} leaves ${broken.length} broken foreign keys`)
        }
        record.run(m.version, m.name, new Date().toISOString())
      })()
    } finally {
      if (rebuild) db.pragma('foreign_keys = ON')
    }
    done.push(m.version)
  }
  return done
}
