/** Opens the SQLite store under the data directory, tuned for one server process with many readers. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrate.ts'

export const DATABASE_FILE = 'console.db'

export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // The user CLI may write while the server runs: wait for the lock instead of failing at once.
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}
