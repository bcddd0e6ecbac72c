import { describe, expect, it } from 'vitest'
import { LivePackager } from './live-packager.ts'
import { checkPlaylist, checkPlaylistSuccession, parsePlaylist } from './testing/playlist-rules.ts'
import { FakeClock, SyntheticCamera } from './testing/synthetic-camera.ts'

function setUp(options: { windowMs?: number; maxBytes?: number }, frameBytes = 1000) {
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart: 'off', ...options })
  const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25, frameBytes })
  camera.start()
  return { packager, camera }
}

async function playlist(packager: LivePackager): Promise<string> {
  const text = (await packager.playlist({}, 0))!
  expect(checkPlaylist(text)).toEqual([])
  return text
}

describe('the ring buffer', () => {
  it('keeps the time window and advances MEDIA-SEQUENCE as segments fall out', async () => {
    const { packager, camera } = setUp({ windowMs: 5000 })
    camera.seconds(6.2)
    const before = await playlist(packager)
    camera.seconds(4)
    const after = await playlist(packager)
    expect(checkPlaylistSuccession(before, after)).toEqual([])
    expect(parsePlaylist(before).mediaSequence).toBe(1)
    expect(parsePlaylist(after).mediaSequence).toBe(5)
    expect(parsePlaylist(after).segments).toHaveLength(5)
    expect(await packager.resource('seg-4.m4s', 0)).toBeUndefined()
    expect(await packager.resource('seg-5.m4s', 0)).toBeDefined()
  })

  it('drops parts with their segment', async () => {
    const { packager, camera } = setUp({ windowMs: 2000 })
    camera.seconds(6.2)
    expect(await packager.resource('part-0.m4s', 0)).toBeUndefined()
    expect(await packager.resource('part-30.m4s', 0)).toBeDefined()
  })

  it('keeps under the byte cap whatever the window, for a camera that floods', async () => {
    const { packager, camera } = setUp({ windowMs: 30_000, maxBytes: 800_000 }, 10_000)
    camera.seconds(10.2)
    expect(packager.stats().bytesInWindow).toBeLessThanOrEqual(800_000)
    expect(parsePlaylist(await playlist(packager)).mediaSequence).toBeGreaterThan(5)
  })

  it('always keeps the newest complete segment, even over the byte cap, so a player can start', async () => {
    const { packager, camera } = setUp({ maxBytes: 1000 }, 10_000)
    camera.seconds(3.2)
    expect(parsePlaylist(await playlist(packager)).segments).toHaveLength(1)
  })

  it('reports what it holds: bitrate, codec, size and GOP', () => {
    const { packager, camera } = setUp({}, 7500)
    camera.seconds(4.2)
    const { bitrateBps } = packager.stats()
    expect(bitrateBps / (25 * 7500 * 8)).toBeCloseTo(1.01, 2) // 1% is the moof of each frame
    expect(packager.stats()).toMatchObject({ segments: 4, codec: 'avc1.64001e', width: 640, height: 360, gopMs: 1000 })
  })
})
