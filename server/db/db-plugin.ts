/** The database as a fastify decoration; closed last, after every plugin that uses it. */
import type Database from 'better-sqlite3'
import fp from 'fastify-plugin'
import { openDatabase } from './open-database.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database.Database
  }
}

export const dbPlugin = fp<{ dataDir: string }>(
  async (app, { dataDir }) => {
    const db = openDatabase(dataDir)
    app.decorate('db', db)
    app.addHook('onClose', async () => {
      db.close()
    })
  },
  { name: 'db' },
)
