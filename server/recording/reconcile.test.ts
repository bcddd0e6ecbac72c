import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open-database.ts'
import { buildFrames, buildInit } from '../media/hls/testing/fmp4-builder.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { indexFmp4File } from './fmp4-file-index.ts'
import { reconcileRecordings } from './reconcile.ts'
import { RecordingsRepository } from './recordings-repository.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

function setUp() {
  const dir = makeTempDir('recordings-reconcile')
  cleanups.push(dir.remove)
  const db = openDatabase(dir.path)
  cleanups.unshift(() => db.close())
  const root = join(dir.path, 'recordings')
  mkdirSync(join(root, 'cam-1', '2026-12-03'), { recursive: true })
  return { root, repository: new RecordingsRepository(db) }
}

/** Two seconds at 25 fps, a keyframe each second: init + 50 one-frame fragments. */
const file = (): Buffer => Buffer.concat([buildInit(), ...buildFrames({ fps: 25, gopFrames: 25, frames: 50 })])

describe('a stored file is indexed by reading its boxes', () => {
  it('one piece per keyframe, durations from the fragments', () => {
    const index = indexFmp4File(file())!
    expect(index.pieces.map(([, ms, key]) => [ms, key])).toEqual([
      [1000, 1],
      [1000, 1],
    ])
    expect(index.validBytes).toBe(file().length)
  })

  it('a torn tail is left out, up to the last whole fragment', () => {
    const whole = file()
    const index = indexFmp4File(whole.subarray(0, whole.length - 300))!
    expect(index.validBytes).toBeLessThan(whole.length - 300)
    expect(index.durationMs).toBe(1960)
    // Zeros after the last whole box (a file system that extended the file before the crash) are cut off.
    expect(indexFmp4File(Buffer.concat([whole, Buffer.alloc(4096)]))!.validBytes).toBe(whole.length)
    expect(indexFmp4File(buildInit())).toBeUndefined()
    expect(indexFmp4File(Buffer.from('not an mp4 at all'))).toBeUndefined()
  })
})

describe('reconciling the index with the files at start', () => {
  it('repairs a torn .part, drops a hopeless one, indexes an unindexed file, forgets a missing one', () => {
    const { root, repository } = setUp()
    const day = join(root, 'cam-1', '2026-12-03')
    const whole = file()
    writeFileSync(join(day, '1000-sub.mp4.part'), whole.subarray(0, whole.length - 300))
    writeFileSync(join(day, '5000-sub.mp4.part'), whole.subarray(0, 500))
    writeFileSync(join(day, '9000-sub.mp4'), whole)
    repository.insert({
      cameraId: 'cam-1',
      quality: 'sub',
      startMs: 20_000,
      endMs: 22_000,
      bytes: 1,
      path: 'cam-1/2026-12-03/20000-sub.mp4',
      state: 'complete',
      newRun: true,
      initBytes: 1,
      pieces: [[1, 2000, 1]],
    })

    expect(reconcileRecordings(root, repository)).toEqual({ repaired: 1, dropped: 1, indexed: 1, forgotten: 1 })
    expect(existsSync(join(day, '1000-sub.mp4.part'))).toBe(false)
    expect(existsSync(join(day, '5000-sub.mp4.part'))).toBe(false)
    const repaired = repository.overlapping('cam-1', 0, 100_000)
    expect(repaired.map((r) => [r.path, r.state, r.startMs, r.endMs])).toEqual([
      ['cam-1/2026-12-03/1000-sub.mp4', 'repaired', 1000, 2960],
      ['cam-1/2026-12-03/9000-sub.mp4', 'complete', 9000, 11_000],
    ])
    // The repaired file is exactly its whole boxes, so every byte range the index gives is a whole fragment.
    const bytes = readFileSync(join(day, '1000-sub.mp4'))
    expect(statSync(join(day, '1000-sub.mp4')).size).toBe(repaired[0]!.bytes)
    expect(indexFmp4File(bytes)!.validBytes).toBe(bytes.length)

    // A second start finds nothing to do.
    expect(reconcileRecordings(root, repository)).toEqual({ repaired: 0, dropped: 0, indexed: 0, forgotten: 0 })
  })
})
