/** Real ffmpeg output cut by the live packager, remuxed by real ffmpeg. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessPool } from '../../process/process-pool.ts'
import { silentLogger } from '../../process/logger.ts'
import { makeTempDir } from '../../testing/temp-dir.ts'
import { LivePackager } from '../hls/live-packager.ts'
import { testClip } from '../hls/testing/test-media.ts'
import { remuxToProgressiveMp4, RemuxError } from './progressive-mp4.ts'
import { probeMp4, topLevelBoxes } from './testing/mp4-checks.ts'

const tmp = makeTempDir('progressive-mp4')
const processes = new ProcessPool({ logger: silentLogger })
afterAll(async () => {
  await processes.closeAll()
  tmp.remove()
})

/** Six 1 s segments of a 640x360 clip; the remux gets the last four, so its input starts at 2 s. */
async function laterSegments(): Promise<{ init: Buffer; segments: Buffer[] }> {
  const packager = new LivePackager({ quickStart: 'off' })
  packager.push(await testClip({ codec: 'h264', gopSeconds: 1, seconds: 6 }))
  packager.restart()
  const cut = packager.segmentsBetween(0, Number.MAX_SAFE_INTEGER)
  if (!cut) throw new Error('the packager kept no segments')
  return { init: cut.init, segments: (await cut.read()).slice(2) }
}

describe('remuxToProgressiveMp4', () => {
  it('turns fMP4 that starts at 2 s into a progressive MP4: ftyp, moov before mdat, from 0', async () => {
    const { init, segments } = await laterSegments()
    expect(segments).toHaveLength(4)
    const output = join(tmp.path, 'from-bytes.mp4')
    const { bytes } = await remuxToProgressiveMp4(processes, {
      input: { bytes: [init, ...segments] },
      output,
      name: 't',
    })
    const file = readFileSync(output)
    expect(bytes).toBe(file.length)
    const boxes = topLevelBoxes(file)
    expect(boxes[0]).toBe('ftyp')
    expect(boxes.indexOf('moov')).toBeGreaterThan(0)
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    expect(boxes).not.toContain('moof')
    const probe = await probeMp4(output)
    expect(probe).toMatchObject({ startTime: 0, codec: 'h264', width: 640 })
    expect(probe.duration).toBeCloseTo(4, 1)
  })

  it('reads a file as well (how recorded segments are exported)', async () => {
    const { init, segments } = await laterSegments()
    const input = join(tmp.path, 'segments.fmp4')
    writeFileSync(input, Buffer.concat([init, ...segments]))
    const output = join(tmp.path, 'from-file.mp4')
    await remuxToProgressiveMp4(processes, { input: { file: input }, output, name: 't' })
    expect((await probeMp4(output)).startTime).toBe(0)
  })

  it('input that is not MP4 fails with ffmpeg’s reason and leaves no file, partial or whole', async () => {
    const dir = makeTempDir('progressive-mp4-bad')
    const output = join(dir.path, 'clip.mp4')
    await expect(
      remuxToProgressiveMp4(processes, { input: { bytes: [Buffer.from('not a video')] }, output, name: 'bad' }),
    ).rejects.toThrow(RemuxError)
    expect(readdirSync(dir.path)).toEqual([])
    dir.remove()
  })

  it('past its time limit ffmpeg is stopped, with that as the reason', async () => {
    const { init, segments } = await laterSegments()
    const output = join(tmp.path, 'late.mp4')
    const job = { input: { bytes: [init, ...segments] }, output, name: 'late', timeoutMs: 1 }
    await expect(remuxToProgressiveMp4(processes, job)).rejects.toThrow(/stopped after 1 ms/)
    expect(existsSync(output)).toBe(false)
    expect(processes.pids()).toEqual([])
  })

  it('an abort stops ffmpeg and leaves no file', async () => {
    const { init, segments } = await laterSegments()
    const output = join(tmp.path, 'aborted.mp4')
    const controller = new AbortController()
    const running = remuxToProgressiveMp4(processes, {
      input: { bytes: [init, ...segments] },
      output,
      name: 'aborted',
      signal: controller.signal,
    })
    controller.abort()
    await expect(running).rejects.toThrow(/aborted/)
    expect(existsSync(output)).toBe(false)
    expect(existsSync(`${output}.part`)).toBe(false)
    expect(processes.pids()).toEqual([])
  })
})
