/**
 * Recorded runs into one progressive MP4 with real ffmpeg: two runs (as a stream restart or a gap leaves
 * them, each with its own init) are joined one after the other by the concat demuxer, from 0, moov first;
 * a file renamed while it is read (a recording file closing) is read under its final name.
 */
import { execFile } from 'node:child_process'
import { readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { mediaDir } from '../../fixtures/fleet/testing/fleet-test-helpers.ts'
import { remuxToProgressiveMp4 } from '../media/mp4/progressive-mp4.ts'
import { probeMp4, topLevelBoxes } from '../media/mp4/testing/mp4-checks.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { silentLogger } from '../process/logger.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { indexFmp4File } from './fmp4-file-index.ts'
import { remuxRecordedRuns } from './recorded-clip.ts'
import { cutRecording, type CutFile } from './recorded-cut.ts'

const run = promisify(execFile)
const tmp = makeTempDir('recorded-clip')
const processes = new ProcessPool({ logger: silentLogger })
afterAll(async () => {
  await processes.closeAll()
  tmp.remove()
})

/** A recorded file of `seconds` from a fleet clip, fragmented at keyframes as the recorder writes them. */
async function recordedFile(name: string, startMs: number, seconds: number): Promise<CutFile> {
  const path = join(tmp.path, name)
  await run('ffmpeg', [
    ...['-nostdin', '-loglevel', 'error', '-i', join(mediaDir, 'colour-bars-sub-gop2-h264.mp4')],
    ...['-t', String(seconds), '-map', '0:v:0', '-c', 'copy'],
    ...['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', path],
  ])
  const index = indexFmp4File(readFileSync(path))!
  return {
    path,
    startMs,
    endMs: startMs + index.durationMs,
    newRun: true,
    initBytes: index.initBytes,
    pieces: index.pieces,
  }
}

const remux = (output: string, runs: ReturnType<typeof cutRecording>) =>
  remuxRecordedRuns({
    runs,
    workRoot: tmp.path,
    output,
    name: 'test',
    remux: (job) => remuxToProgressiveMp4(processes, job),
  })

describe('remuxRecordedRuns', () => {
  it('joins two runs across a gap into one progressive MP4 from 0 that plays both', async () => {
    const first = await recordedFile('a.mp4', 0, 6)
    const second = await recordedFile('b.mp4', 60_000, 6)
    const runs = cutRecording([first, second], 0, 70_000)
    expect(runs).toHaveLength(2)
    const output = join(tmp.path, 'joined.mp4')
    await remux(output, runs)
    const boxes = topLevelBoxes(readFileSync(output))
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'))
    const probe = await probeMp4(output)
    expect(probe.startTime).toBe(0)
    // Both runs, without the 54 s between them.
    expect(probe.duration).toBeGreaterThan(11)
    expect(probe.duration).toBeLessThan(13)
  }, 60_000)

  it('reads a file being written under its final name once it has been renamed', async () => {
    const closed = await recordedFile('c.mp4', 0, 4)
    const open: CutFile = { ...closed, path: `${closed.path}.part`, fallbackPath: closed.path }
    const output = join(tmp.path, 'renamed.mp4')
    await remux(output, cutRecording([open], 0, 4_000))
    expect((await probeMp4(output)).duration).toBeGreaterThan(3.5)
    renameSync(closed.path, `${closed.path}.part`)
    const again = join(tmp.path, 'part.mp4')
    await remux(again, cutRecording([open], 0, 4_000))
    expect((await probeMp4(again)).duration).toBeGreaterThan(3.5)
  }, 60_000)
})
