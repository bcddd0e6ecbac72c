import { describe, expect, it } from 'vitest'
import { LivePackager } from './live-packager.ts'
import { checkPlaylist, parsePlaylist } from './testing/playlist-rules.ts'
import { type CameraSpec, FakeClock, SyntheticCamera } from './testing/synthetic-camera.ts'
import { partTargetTicks } from './segmenter.ts'

function setUp(spec: CameraSpec, options = {}) {
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart: 'off', ...options })
  const camera = new SyntheticCamera(packager, clock, spec)
  camera.start()
  return { packager, camera, clock }
}

async function playlistOf(packager: LivePackager) {
  const text = (await packager.playlist({}, 0))!
  expect(checkPlaylist(text)).toEqual([])
  return parsePlaylist(text)
}

describe('cutting parts and segments', () => {
  it.each([
    ['a 1 s GOP gives 1 s segments of five 200 ms parts', { fps: 25, gopFrames: 25 }, 1, 1, 5],
    ['a 2 s GOP gives one GOP per segment', { fps: 25, gopFrames: 50 }, 2, 2, 10],
    ['a 4 s GOP gives one GOP per segment and a target duration of 4', { fps: 25, gopFrames: 100 }, 4, 4, 20],
    [
      'a 0.5 s GOP still gives ~1 s segments: the mid-segment keyframe stays inside a part',
      { fps: 25, gopFrames: 12 },
      0.96,
      1,
      5,
    ],
  ])('%s', async (_name, spec, segmentSeconds, targetDuration, partsPerSegment) => {
    const { packager, camera } = setUp(spec)
    camera.seconds(12.5)
    const playlist = await playlistOf(packager)
    expect(playlist.targetDuration).toBe(targetDuration)
    expect(playlist.partTarget).toBe(0.2)
    for (const segment of playlist.segments) {
      expect(segment.duration).toBeCloseTo(segmentSeconds, 5)
      if (segment.parts.length === 0) continue
      expect(segment.parts).toHaveLength(partsPerSegment)
      expect(segment.parts.map((part) => part.independent)).toEqual([
        true,
        ...Array<boolean>(partsPerSegment - 1).fill(false),
      ])
    }
  })

  it.each([
    ['25 fps: five frames', 25, 0.2],
    ['30 fps: six frames', 30, 0.2],
    ['15 fps: three frames', 15, 0.2],
    ['12.5 fps: two frames, since three would be 240 ms', 12.5, 0.16],
    ['4 fps: one frame longer than the target is still a part', 4, 0.25],
  ])('the part target is whole frames within 200 ms at %s', (_name, fps, seconds) => {
    expect(partTargetTicks(200, 90_000, 90_000 / fps) / 90_000).toBeCloseTo(seconds, 9)
  })

  it('frames before the first keyframe are dropped: nothing could decode them', async () => {
    const { packager, camera } = setUp({ fps: 25, gopFrames: 25 })
    camera.frames(10, () => false)
    expect(packager.stats().bytesInWindow).toBe(0)
    camera.frames(60, (frame) => frame % 25 === 0)
    expect((await playlistOf(packager)).segments[0]?.parts[0]?.independent).toBe(true)
  })

  it('once the target duration is announced, a longer GOP is cut without a keyframe to keep it', async () => {
    const { packager, camera } = setUp({ fps: 25, gopFrames: 25 })
    camera.seconds(3)
    expect((await playlistOf(packager)).targetDuration).toBe(1)
    camera.frames(250, (frame) => frame % 100 === 0)
    const playlist = await playlistOf(packager)
    expect(playlist.targetDuration).toBe(1)
    expect(Math.max(...playlist.segments.map((segment) => segment.duration))).toBeCloseTo(1.48, 5)
    expect(playlist.segments.some((segment) => segment.parts.length > 0 && !segment.parts[0]!.independent)).toBe(true)
  })

  it('a source that never sends a second keyframe still gets segments, at 10 s before announcement', async () => {
    const { packager, camera } = setUp({ fps: 25, gopFrames: 10_000 })
    camera.seconds(12)
    const playlist = await playlistOf(packager)
    expect(playlist.segments[0]?.duration).toBeCloseTo(9.96, 5)
    expect(playlist.targetDuration).toBe(10)
  })

  it('a part is published the moment its last frame arrives, not a frame later', () => {
    const { packager, camera } = setUp({ fps: 25, gopFrames: 25 })
    camera.frames(4)
    expect(packager.stats().bytesInWindow).toBe(0)
    camera.frames(1)
    expect(packager.stats().bytesInWindow).toBeGreaterThan(5000)
  })
})
