/**
 * Prepared statements by their SQL text, prepared once per database: better-sqlite3 compiles the SQL on
 * every prepare(), and hot paths (the board's incident list, the case feed's queue) run the same few
 * statements thousands of times an hour. Statements built from filters come in a bounded number of shapes;
 * the cap only guards against a caller that would put values into the SQL text.
 */
import type Database from 'better-sqlite3'

const MAX_STATEMENTS = 256

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>()

  constructor(private readonly db: Database.Database) {}

  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql)
    if (!statement) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear()
      statement = this.db.prepare<unknown[], unknown>(sql)
      this.statements.set(sql, statement)
    }
    return statement as unknown as Database.Statement<P, R>
  }

  get size(): number {
    return this.statements.size
  }
}
