/** Opens the SQLite store under the data directory, tuned for one server process with many readers. */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrate.ts'

export const DATABASE_FILE = 'console.db'

export function openDatabase(dataDir: string): Database.Database {
  // The store holds password hashes and session tokens: only the server's own user may read it. An older
  // store made with looser modes is tightened on open.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
  const file = join(dataDir, DATABASE_FILE)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // The user CLI may write while the server runs: wait for the lock instead of failing at once.
  db.pragma('busy_timeout = 5000')
  migrate(db)
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600)
  return db
}
