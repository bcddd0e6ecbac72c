import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { CameraDefinition } from '../contracts/camera-config.ts'
import { migrate } from '../db/migrate.ts'
import { CamerasRepository } from './cameras-repository.ts'

const camera = (id: string, name = `camera ${id}`): CameraDefinition => ({
  id,
  name,
  categories: ['intersection'],
  community: 'c',
  grid: 'g',
  location: { lat: 38, lng: 114 },
  source: { type: 'rtsp', main: `rtsp://127.0.0.1/${id}` },
})

describe('synchronising cameras from the configuration', () => {
  it("adds, updates, marks removed and restores, keeping each camera's row", () => {
    const db = new Database(':memory:')
    migrate(db)
    const repo = new CamerasRepository(db)
    expect(repo.sync([camera('a'), camera('b')])).toEqual({ added: 2, updated: 0, removed: 0, restored: 0 })
    expect(repo.sync([camera('a', 'renamed')])).toEqual({ added: 0, updated: 1, removed: 1, restored: 0 })
    expect(repo.list().map((c) => [c.id, c.name])).toEqual([['a', 'renamed']])
    expect(repo.get('b')).toBeUndefined()
    expect(repo.sync([camera('a', 'renamed'), camera('b')])).toEqual({ added: 0, updated: 1, removed: 0, restored: 1 })
    expect(repo.list().map((c) => c.id)).toEqual(['a', 'b'])
    expect(db.prepare('SELECT count(*) FROM cameras').pluck().get()).toBe(2)
  })
})
