import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../testing/temp-dir.ts'
import { DATABASE_FILE, openDatabase } from './open-database.ts'

const mode = (path: string): number => statSync(path).mode & 0o777
const temps: ReturnType<typeof makeTempDir>[] = []
afterEach(() => {
  for (const t of temps.splice(0)) t.remove()
})

describe('the store on disk', () => {
  it('is created private: the data directory 0700, the database and its WAL 0600', () => {
    const parent = makeTempDir('open-database')
    temps.push(parent)
    const dataDir = join(parent.path, 'data')
    const db = openDatabase(dataDir)
    db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run()
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(join(dataDir, DATABASE_FILE))).toBe(0o600)
    expect(mode(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(0o600)
    db.close()
  })

  it('tightens an older store made with open modes', () => {
    const parent = makeTempDir('open-database')
    temps.push(parent)
    const dataDir = join(parent.path, 'data')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, DATABASE_FILE), '')
    chmodSync(join(dataDir, DATABASE_FILE), 0o644)
    openDatabase(dataDir).close()
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(join(dataDir, DATABASE_FILE))).toBe(0o600)
  })
})
