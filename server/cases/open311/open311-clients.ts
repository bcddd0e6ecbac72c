/** Inbound Open311 clients (the grid app, the service window) and their api keys; only hashes are stored. */
import { createHash, randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'

const hash = (key: string): string => createHash('sha256').update(key).digest('base64url')

export interface Open311Client {
  name: string
  createdAt: string
  revokedAt: string | null
}

export class Open311Clients {
  constructor(private readonly db: Database.Database) {}

  /** Returns the new key: shown once, never stored. */
  add(name: string): string {
    if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(name))
      throw new Error('client name: 2 to 41 lower-case letters, digits or hyphens')
    if (this.db.prepare('SELECT 1 FROM open311_clients WHERE name = ?').get(name))
      throw new Error(`a client named "${name}" exists already`)
    const key = `o311_${randomBytes(24).toString('base64url')}`
    this.db
      .prepare('INSERT INTO open311_clients (name, key_hash, created_at) VALUES (?, ?, ?)')
      .run(name, hash(key), new Date().toISOString())
    return key
  }

  list(): Open311Client[] {
    return this.db
      .prepare<[], { name: string; created_at: string; revoked_at: string | null }>(
        'SELECT name, created_at, revoked_at FROM open311_clients ORDER BY name',
      )
      .all()
      .map((r) => ({ name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }))
  }

  revoke(name: string): boolean {
    return (
      this.db
        .prepare('UPDATE open311_clients SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL')
        .run(new Date().toISOString(), name).changes > 0
    )
  }

  /** The client a key belongs to, if the key is valid and not revoked. */
  resolve(key: string | undefined): string | undefined {
    if (!key) return undefined
    return this.db
      .prepare('SELECT name FROM open311_clients WHERE key_hash = ? AND revoked_at IS NULL')
      .pluck()
      .get(hash(key)) as string | undefined
  }
}
