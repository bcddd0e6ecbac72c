import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open-database.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { StoredProbeMemory } from './probe-memory.ts'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

function openStore(dataDir?: string) {
  const dir = dataDir ?? makeTempDir('probe-memory').path
  const db = openDatabase(dir)
  return { dir, db, memory: new StoredProbeMemory(db, () => Date.parse('2026-12-03T12:00:00Z')) }
}

describe('StoredProbeMemory', () => {
  it('remembers a camera stream that needs the probe, per quality, across a reopened store', () => {
    const dir = makeTempDir('probe-memory')
    cleanups.push(dir.remove)
    const first = openStore(dir.path)
    expect(first.memory.needsFullProbe('cam-1', 'main')).toBe(false)
    first.memory.rememberFullProbe('cam-1', 'main')
    first.memory.rememberFullProbe('cam-1', 'main')
    expect(first.memory.needsFullProbe('cam-1', 'main')).toBe(true)
    expect(first.memory.needsFullProbe('cam-1', 'sub')).toBe(false)
    expect(first.memory.needsFullProbe('cam-2', 'main')).toBe(false)
    first.db.close()

    const again = openStore(dir.path)
    cleanups.push(() => again.db.close())
    expect(again.memory.needsFullProbe('cam-1', 'main')).toBe(true)
    expect(again.db.prepare('SELECT camera_id, quality, learnt_at FROM stream_probe_needs').all()).toEqual([
      { camera_id: 'cam-1', quality: 'main', learnt_at: '2026-12-03T12:00:00.000Z' },
    ])
  })
})
