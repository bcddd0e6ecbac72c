import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LivePackager } from '../media/hls/live-packager.ts'
import { FakeClock, SyntheticCamera } from '../media/hls/testing/synthetic-camera.ts'
import { makeTempDir } from '../testing/temp-dir.ts'
import { CameraRecorder, type ClosedFile } from './camera-recorder.ts'
import { indexFmp4File } from './fmp4-file-index.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

function setUp(quickStart: 'off' | 'short-segments' = 'off') {
  const dir = makeTempDir('camera-recorder')
  cleanups.push(dir.remove)
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart })
  const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25 })
  const closed: ClosedFile[] = []
  const recorder = new CameraRecorder('cam-1', 'sub', {
    root: dir.path,
    segmentMs: 3000,
    now: clock.now,
    closed: (file) => closed.push(file),
    failed: (error) => {
      throw error
    },
  })
  recorder.attach(packager)
  return { dir, clock, packager, camera, closed, recorder }
}

describe('a camera recorder', () => {
  it('rolls files at the first keyframe after the segment length; each is a whole fMP4 with its index', async () => {
    const { dir, camera, closed, recorder } = setUp()
    camera.start()
    camera.seconds(7.1)
    await recorder.flushed()
    expect(closed.map((f) => f.endMs - f.startMs)).toEqual([3000, 3000])
    expect(closed[1]!.startMs).toBe(closed[0]!.endMs)
    for (const file of closed) {
      const index = indexFmp4File(readFileSync(join(dir.path, file.path)))!
      expect(index.validBytes).toBe(file.bytes)
      expect(file.pieces.map(([bytes, ms, key]) => [bytes, ms, key])).toEqual(
        index.pieces.map(([bytes, ms, key]) => [bytes, ms, key]),
      )
    }
  })

  it('a source restart closes the file: the next one starts a new run', async () => {
    const { camera, closed, recorder, packager } = setUp()
    camera.start()
    camera.seconds(1.5)
    packager.restart()
    camera.start()
    camera.seconds(4.1)
    await recorder.flushed()
    expect(closed.map((f) => f.newRun)).toEqual([true, true])
    expect(closed[0]!.endMs - closed[0]!.startMs).toBe(1520)
  })

  it('a quiet stream is closed after a few seconds, and stopping closes what is open', async () => {
    const { camera, closed, recorder, clock } = setUp()
    camera.start()
    camera.seconds(2.1)
    clock.ms += 10_000
    recorder.tick()
    await recorder.flushed()
    expect(closed).toHaveLength(1)
    camera.seconds(1.1)
    await recorder.stop()
    // The segment open across the silence completes at the next keyframe and starts a file of its own.
    expect(closed).toHaveLength(2)
    expect(closed[1]!.newRun).toBe(true)
    expect(closed[1]!.startMs).toBeGreaterThanOrEqual(closed[0]!.endMs)
  })

  it("the live quick start's short segments join into pieces of about a second", async () => {
    const { camera, closed, recorder } = setUp('short-segments')
    camera.start()
    camera.seconds(4.1)
    await recorder.stop()
    const pieces = closed.flatMap((f) => f.pieces)
    expect(pieces.every(([, ms]) => ms >= 960)).toBe(true)
    expect(pieces[0]![2]).toBe(1)
  })
})
