import { describe, expect, it } from 'vitest'
import { type CompletedSegment, LivePackager } from './live-packager.ts'
import { FakeClock, SyntheticCamera } from './testing/synthetic-camera.ts'

function setUp() {
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart: 'off' })
  const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25 })
  const seen: CompletedSegment[] = []
  return { packager, camera, clock, seen }
}

describe('the completed-segment tap (what the recorder writes)', () => {
  it('reports each segment once, in order, whole, with its init, as it completes', () => {
    const { packager, camera, seen } = setUp()
    packager.on('segment', (segment) => seen.push(segment))
    camera.start()
    camera.seconds(3.1)
    expect(seen.map((s) => s.msn)).toEqual([0, 1, 2])
    for (const segment of seen) {
      expect(segment.independent).toBe(true)
      expect(segment.durationMs).toBeCloseTo(1000, 6)
      expect(segment.init.subarray(4, 8).toString()).toBe('ftyp')
      expect(segment.bytes.subarray(4, 8).toString()).toBe('moof')
    }
    expect(seen[1]!.programDateTimeMs - seen[0]!.programDateTimeMs).toBeCloseTo(1000, 0)
  })

  it('a restart completes the open segment at once, and what follows is a new generation', () => {
    const { packager, camera, seen } = setUp()
    packager.on('segment', (segment) => seen.push(segment))
    camera.start()
    camera.seconds(1.5)
    expect(seen).toHaveLength(1)
    packager.restart()
    expect(seen).toHaveLength(2)
    expect(seen[1]!.durationMs).toBeCloseTo(520, 6) // 38 frames in: 13 after the second keyframe
    camera.start()
    camera.seconds(2.1)
    expect(seen.length).toBeGreaterThan(2)
    expect(seen.at(-1)!.generation).not.toBe(seen[0]!.generation)
  })

  it('a listener joining a running stream hears only what completes after it joined, and can leave', () => {
    const { packager, camera, seen } = setUp()
    camera.start()
    camera.seconds(2.1)
    const off = packager.on('segment', (segment) => seen.push(segment))
    camera.seconds(1)
    expect(seen.map((s) => s.msn)).toEqual([2])
    off()
    camera.seconds(1)
    expect(seen).toHaveLength(1)
  })
})
