/**
 * The packager with the segment spool, on real files: old segments leave memory and come back byte for
 * byte; the files go with the window, at close, and at the next start; a failing spool keeps the media in
 * memory. A twin packager fed the same frames without a store says what every answer must be.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LivePackager } from './hls/live-packager.ts'
import { FakeClock, SyntheticCamera } from './hls/testing/synthetic-camera.ts'
import type { Logger } from '../process/logger.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { waitFor } from '../testing/wait-for.ts'
import { SegmentSpool } from './segment-spool.ts'

let tmp: ReturnType<typeof makeTempDir>
let spoolDir: string
beforeEach(() => {
  tmp = makeTempDir('segment-spool')
  spoolDir = join(tmp.path, 'live-spool')
})
afterEach(() => tmp.remove())

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const note = (_fields: object, msg?: string) => void lines.push(msg ?? '')
  return { lines, debug: note, info: note, warn: note, error: note }
}

/**
 * 1 s segments of 25 frames, a 10 s window, the newest 3.5 s in memory. Segments go to the spool as a
 * new one completes (each whole second): those that ended 4 s or more before it.
 */
async function setUp(logger: Logger = recordingLogger()) {
  const spool = await SegmentSpool.open(spoolDir, logger)
  const clock = new FakeClock()
  const options = { now: clock.now, quickStart: 'off', windowMs: 10_000 } as const
  const packager = new LivePackager({ ...options, store: spool.forStream(), memoryMs: 3_500 })
  const twin = new LivePackager(options)
  const both = { push: (chunk: Buffer) => (packager.push(chunk), twin.push(chunk)) } as unknown as LivePackager
  const camera = new SyntheticCamera(both, clock, { fps: 25, gopFrames: 25, frameBytes: 2000 })
  return { spool, packager, twin, camera, clock }
}

const files = (): string[] => (existsSync(spoolDir) ? readdirSync(spoolDir) : [])
const segmentNames = (playlist: string): string[] => playlist.match(/^seg-\d+\.m4s$/gm) ?? []

/** Waits until the window's oldest `count` segments, and only those, are in the spool; returns their bytes. */
async function oldestStored(packager: LivePackager, twin: LivePackager, count: number): Promise<number> {
  const names = segmentNames((await twin.playlist({}, 0))!).slice(0, count)
  let bytes = 0
  for (const name of names) bytes += (await twin.resource(name, 0))!.body.length
  const stored = () => packager.stats().bytesInWindow - packager.stats().bytesInMemory
  await waitFor(() => stored() === bytes, 10_000, `${count} segments in the spool`)
  return bytes
}

const spoolBytes = (): number => files().reduce((sum, name) => sum + statSync(join(spoolDir, name)).size, 0)

describe('the segment spool', () => {
  it('moves segments older than the memory span to files and answers from them byte for byte', async () => {
    const { packager, twin, camera } = await setUp()
    camera.start()
    camera.seconds(8.5)
    // 8 complete segments; the 4 that ended 4 s or more before the eighth completed are written out.
    const stored = await oldestStored(packager, twin, 4)
    expect(files()).toEqual(['s1-1.m4s']) // four segments to a file
    expect(spoolBytes()).toBe(stored)
    expect(packager.stats().bytesInWindow).toBe(twin.stats().bytesInWindow)

    const playlist = (await packager.playlist({}, 0))!
    expect(playlist).toBe(await twin.playlist({}, 0))
    expect(segmentNames(playlist)).toHaveLength(8)
    for (const name of segmentNames(playlist))
      expect((await packager.resource(name, 0))?.body).toEqual((await twin.resource(name, 0))?.body)
    // Every part of the window (42 whole ones), those of segments in the spool read back by their offsets.
    for (let number = 0; number < 42; number++) {
      const part = (await twin.resource(`part-${number}.m4s`, 0))?.body
      expect(part).toBeDefined()
      expect((await packager.resource(`part-${number}.m4s`, 0))?.body).toEqual(part)
    }
    const clip = await packager.segmentsBetween(0, Number.MAX_SAFE_INTEGER)!.read()
    expect(clip).toEqual(await twin.segmentsBetween(0, Number.MAX_SAFE_INTEGER)!.read())
    expect(clip).toHaveLength(8)
  })

  it('deletes a file once the window has dropped all its segments, and every file when the stream closes', async () => {
    const { packager, twin, camera } = await setUp()
    camera.start()
    for (let second = 1; second <= 30; second++) {
      camera.seconds(1)
      // Paced like a camera: the writes of one second finish before the next second's media comes.
      if (second >= 6)
        await waitFor(() => packager.stats().bytesInMemory < packager.stats().bytesInWindow, 10_000, 'writes done')
    }
    // 10 s of window, 4 s of it in memory: the spool holds the 6 s between, in at most 3 files of 4 segments.
    const stored = await oldestStored(packager, twin, 6)
    await waitFor(() => files().length <= 3, 10_000, 'files of dropped segments deleted')
    expect(spoolBytes()).toBeLessThan(stored * 2)
    packager.close()
    await waitFor(() => files().length === 0, 10_000, 'the closed stream has no files')
  })

  it('finishes a read that started before the window dropped the segment, then deletes its file', async () => {
    const { packager, twin, camera } = await setUp()
    camera.start()
    camera.seconds(8.5)
    await oldestStored(packager, twin, 4)
    const oldest = segmentNames((await packager.playlist({}, 0))!)[0]!
    const expected = (await twin.resource(oldest, 0))!.body
    const reading = packager.resource(oldest, 0)
    camera.seconds(6) // the window drops the first file's four segments while the read runs
    expect(segmentNames((await packager.playlist({}, 0))!)).not.toContain('seg-3.m4s')
    expect((await reading)?.body).toEqual(expected)
    await waitFor(() => !files().includes('s1-1.m4s'), 10_000, 'the first file deleted')
    expect(await packager.resource(oldest, 0)).toBeUndefined()
  })

  it('keeps segments in memory while the spool cannot be written, says so, and spills again once it can', async () => {
    const logger = recordingLogger()
    const { packager, twin, camera } = await setUp(logger)
    rmSync(spoolDir, { recursive: true })
    camera.start()
    camera.seconds(6.5)
    await waitFor(() => packager.stats().storeError, 10_000, 'the failed write reported')
    expect(packager.stats().storeError).toMatch(/ENOENT/)
    expect(packager.stats().bytesInMemory).toBe(packager.stats().bytesInWindow)
    expect(logger.lines.filter((line) => line.includes('cannot be written'))).toHaveLength(1)
    for (const name of segmentNames((await twin.playlist({}, 0))!))
      expect((await packager.resource(name, 0))?.body).toEqual((await twin.resource(name, 0))?.body)

    mkdirSync(spoolDir)
    camera.seconds(2)
    await waitFor(() => files().length > 0 && packager.stats().storeError === undefined, 10_000, 'writes again')
    expect(logger.lines.some((line) => line.includes('written to the spool again'))).toBe(true)
  })

  it('starts empty: files an earlier server left behind are removed', async () => {
    mkdirSync(spoolDir)
    writeFileSync(join(spoolDir, 's1-3.m4s'), 'left over')
    const spool = await SegmentSpool.open(spoolDir, recordingLogger())
    expect(files()).toEqual([])
    await spool.close()
    expect(existsSync(spoolDir)).toBe(false)
  })
})
