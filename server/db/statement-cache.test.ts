import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { StatementCache } from './statement-cache.ts'

describe('StatementCache', () => {
  it('prepares each SQL text once and gives the same statement back', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (n INTEGER)')
    const cache = new StatementCache(db)
    const insert = cache.get<[number]>('INSERT INTO t (n) VALUES (?)')
    expect(cache.get('INSERT INTO t (n) VALUES (?)')).toBe(insert)
    insert.run(1)
    cache.get<[number]>('INSERT INTO t (n) VALUES (?)').run(2)
    expect(cache.get<[], { n: number }>('SELECT sum(n) AS n FROM t').get()).toEqual({ n: 3 })
    expect(cache.size).toBe(2)
    db.close()
  })

  it('stays bounded when a caller builds many different texts', () => {
    const db = new Database(':memory:')
    const cache = new StatementCache(db)
    for (let n = 0; n < 600; n++) cache.get(`SELECT ${n} AS n`)
    expect(cache.size).toBeLessThanOrEqual(256)
    expect(cache.get<[], { n: number }>('SELECT 599 AS n').get()).toEqual({ n: 599 })
    db.close()
  })

  it('reports bad SQL when it is prepared, not later', () => {
    const db = new Database(':memory:')
    expect(() => new StatementCache(db).get('SELEKT 1')).toThrow(/syntax error/)
    db.close()
  })
})
