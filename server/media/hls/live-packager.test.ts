import { describe, expect, it } from 'vitest'
import { LivePackager } from './live-packager.ts'
import type { QuickStart } from './segmenter.ts'
import { Fmp4ParseError } from './box-reader.ts'
import { box } from './testing/fmp4-builder.ts'
import { checkPlaylist, checkPlaylistSuccession, parsePlaylist } from './testing/playlist-rules.ts'
import { FakeClock, SyntheticCamera } from './testing/synthetic-camera.ts'

function setUp() {
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart: 'off' })
  const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25 })
  return { packager, camera, clock }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('blocking playlist reload', () => {
  it('holds the first playlist request until the first segment is complete', async () => {
    const { packager, camera } = setUp()
    let answer: string | undefined
    void packager.playlist({}, 5000).then((text) => (answer = text))
    camera.start()
    camera.frames(25)
    await tick()
    expect(answer).toBeUndefined()
    camera.frames(1)
    await tick()
    expect(checkPlaylist(answer!)).toEqual([])
    expect(parsePlaylist(answer!).segments).toHaveLength(1)
  })

  it('holds a first playlist request while the source is quiet, and answers it once the restarted source has a segment', async () => {
    const { packager, camera, clock } = setUp()
    camera.start()
    camera.seconds(2.1)
    expect(await packager.playlist({}, 0)).toBeDefined()
    clock.ms += 4_001
    // The window still holds two seconds of media, but it is not live any more.
    expect(await packager.answerPlaylist({}, 0)).toEqual({ status: 'timeout' })
    let answer: string | undefined
    void packager.playlist({}, 5000).then((text) => (answer = text))
    packager.restart()
    camera.start()
    camera.frames(1)
    await tick()
    // Media flows, but a player starting a second behind the edge would begin before the drop.
    expect(answer).toBeUndefined()
    camera.frames(25)
    await tick()
    expect(checkPlaylist(answer!)).toEqual([])
    const segments = parsePlaylist(answer!).segments
    expect(segments.at(-1)?.discontinuity).toBe(true)
  })

  it('holds _HLS_msn=N&_HLS_part=M until that part exists, then answers with it listed', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2) // segment 0 complete, segment 1 has part 5
    let answer: string | undefined
    void packager.playlist({ msn: 1, part: 1 }, 5000).then((text) => (answer = text))
    camera.frames(4)
    await tick()
    expect(answer).toBeUndefined()
    camera.frames(1)
    await tick()
    expect(parsePlaylist(answer!).trailingParts.map((part) => part.uri)).toEqual(['part-5.m4s', 'part-6.m4s'])
  })

  it('treats a part index past a complete segment as part 0 of the next one (spec)', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(2.2)
    expect(await packager.playlist({ msn: 0, part: 9 }, 0)).toBeDefined()
    expect(await packager.playlist({ msn: 1, part: 7 }, 0)).toBeDefined()
    expect(await packager.playlist({ msn: 2, part: 1 }, 0)).toBeUndefined()
  })

  it('holds _HLS_msn=N alone until segment N is complete', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    const waiting = packager.playlist({ msn: 1 }, 5000)
    camera.seconds(1)
    expect(parsePlaylist((await waiting)!).segments.map((segment) => segment.uri)).toEqual(['seg-0.m4s', 'seg-1.m4s'])
  })

  it.each([
    ['_HLS_part without _HLS_msn', { part: 1 }],
    ['an _HLS_msn more than two segments ahead', { msn: 9 }],
    ['a negative or fractional number', { msn: 1.5 }],
  ])('answers bad-request for %s, without waiting', async (_name, query) => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    expect(await packager.answerPlaylist(query, 5000)).toMatchObject({ status: 'bad-request' })
  })

  it('answers timeout when the part does not come in time, and suggests three target durations', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    expect(packager.blockingTimeoutMs()).toBe(15_000) // before a target duration is announced
    expect(await packager.answerPlaylist({ msn: 2, part: 0 }, 30)).toEqual({ status: 'timeout' })
    await packager.playlist({}, 0) // announces EXT-X-TARGETDURATION:1
    expect(packager.blockingTimeoutMs()).toBe(3000)
  })

  it('close() answers every held request as gone', async () => {
    const { packager } = setUp()
    const held = [packager.answerPlaylist({}, 60_000), packager.resource('part-0.m4s', 60_000)]
    packager.close()
    expect(await Promise.all(held)).toEqual([{ status: 'gone' }, undefined])
    expect(await packager.answerPlaylist({}, 60_000)).toEqual({ status: 'gone' })
  })
})

describe('resources', () => {
  it('holds the preload-hinted part until it is complete', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    const hint = parsePlaylist((await packager.playlist({}, 0))!).preloadHint!
    let part: Buffer | undefined
    void packager.resource(hint, 5000).then((resource) => (part = resource?.body))
    camera.frames(4)
    await tick()
    expect(part).toBeUndefined()
    camera.frames(1)
    await tick()
    expect(part?.subarray(4, 8).toString()).toBe('moof')
  })

  it('a segment is its parts back to back, and the init is ftyp + moov', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    const parts = await Promise.all([0, 1, 2, 3, 4].map((number) => packager.resource(`part-${number}.m4s`, 0)))
    expect((await packager.resource('seg-0.m4s', 0))?.body).toEqual(Buffer.concat(parts.map((part) => part!.body)))
    const init = await packager.resource('init-0.mp4', 0)
    expect(init?.contentType).toBe('video/mp4')
    expect(init?.body.subarray(4, 8).toString()).toBe('ftyp')
  })

  it.each([
    ['../etc/passwd'],
    ['seg-0.mp4'],
    ['init-0.m4s'],
    ['seg-01.m4s'],
    ['seg--1.m4s'],
    ['part-1.m4s?x'],
    ['SEG-0.m4s'],
    ['seg-0.m4s/'],
    ['seg-1234567890123.m4s'],
    ['index.m3u8'],
    [''],
    ['part-0.m4s\n'],
    ['seg-٣.m4s'],
  ])('refuses the name %j without looking anything up', async (name) => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    expect(await packager.resource(name, 0)).toBeUndefined()
  })

  it('answers 404 (undefined) at once for a part further ahead than the hint', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(1.2)
    expect(await packager.resource('part-7.m4s', 60_000)).toBeUndefined()
  })
})

describe('restart', () => {
  it('marks a discontinuity, names a new init and keeps sequence numbers increasing', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(2.1)
    const before = (await packager.playlist({}, 0))!
    packager.restart()
    camera.start()
    camera.seconds(2.1)
    const after = (await packager.playlist({}, 0))!
    expect(checkPlaylist(after)).toEqual([])
    expect(checkPlaylistSuccession(before, after)).toEqual([])
    const segments = parsePlaylist(after).segments
    expect(segments.map((segment) => segment.uri)).toEqual([
      'seg-0.m4s',
      'seg-1.m4s',
      'seg-2.m4s',
      'seg-3.m4s',
      'seg-4.m4s',
    ])
    expect(segments.map((segment) => segment.discontinuity)).toEqual([false, false, false, true, false])
    expect(segments[3]?.map).toBe('init-1.mp4')
    expect(segments[2]?.duration).toBeCloseTo(0.12, 5) // what was open at the restart is kept
    expect((await packager.resource('init-1.mp4', 0))?.body.subarray(4, 8).toString()).toBe('ftyp')
  })

  it('counts the discontinuity sequence when the restart leaves the window', async () => {
    const clock = new FakeClock()
    const packager = new LivePackager({ now: clock.now, windowMs: 3000, quickStart: 'off' })
    const camera = new SyntheticCamera(packager, clock, { fps: 25, gopFrames: 25 })
    camera.start()
    camera.seconds(2.1)
    packager.restart()
    camera.start()
    camera.seconds(2.1)
    const before = (await packager.playlist({}, 0))!
    camera.seconds(3)
    const after = (await packager.playlist({}, 0))!
    expect(parsePlaylist(after).discontinuitySequence).toBe(1)
    expect(checkPlaylistSuccession(before, after)).toEqual([])
    expect(await packager.resource('init-0.mp4', 0)).toBeUndefined()
  })
})

describe('snapshots, evidence and health', () => {
  it('gives the newest keyframe with its init, and segments by wall-clock time', async () => {
    const { packager, camera, clock } = setUp()
    camera.start()
    const startedAt = clock.ms
    camera.seconds(3.1)
    const keyframe = packager.newestKeyframeFragment()!
    expect(keyframe.at).toBe(startedAt + 3000 + 40)
    expect(keyframe.init.subarray(4, 8).toString()).toBe('ftyp')
    expect(await packager.segmentsBetween(startedAt + 1100, startedAt + 1900)?.read()).toHaveLength(1)
    const all = packager.segmentsBetween(startedAt, startedAt + 10_000)
    expect(await all?.read()).toHaveLength(3)
    // The span they cover by the same clock (the first frame arrives one frame in), to compare two streams.
    expect(all).toMatchObject({ startMs: startedAt + 40, endMs: startedAt + 3040 })
    expect(packager.segmentsBetween(startedAt - 5000, startedAt - 1000)).toBeUndefined()
  })

  it('tells listeners about media, and reports malformed input instead of throwing', () => {
    const { packager, camera } = setUp()
    let media = 0
    const errors: Fmp4ParseError[] = []
    packager.on('media', () => media++)
    packager.on('error', (error) => errors.push(error))
    camera.start()
    camera.frames(3)
    expect(media).toBe(3)
    expect(packager.stats().lastMediaAt).toBeDefined()
    expect(() => packager.push(box('mdat'))).not.toThrow()
    expect(errors[0]?.message).toMatch(/mdat arrived without a moof/)
    expect(packager.stats().lastError).toMatch(/mdat/)
    packager.restart()
    camera.start()
    camera.frames(1)
    expect(packager.stats().lastError).toBeUndefined()
    expect(media).toBe(4)
  })
})

function quickSetUp(quickStart: QuickStart, gopFrames: number, fps = 25) {
  const clock = new FakeClock()
  const packager = new LivePackager({ now: clock.now, quickStart })
  const camera = new SyntheticCamera(packager, clock, { fps, gopFrames })
  return { packager, camera, clock }
}

/** Holds a first playlist request while the camera starts and sends `frames` frames: its answer then, and after one more frame. */
async function firstPlaylistAround(packager: LivePackager, camera: SyntheticCamera, frames: number) {
  let answer: string | undefined
  void packager.playlist({}, 5000).then((text) => (answer = text))
  camera.start()
  camera.frames(frames)
  await tick()
  const before = answer
  camera.frames(1)
  await tick()
  return { before, after: answer }
}

/** A playlist every 10 frames, each valid and in succession with the one before; returns the last one. */
async function lastOfValidPlaylists(packager: LivePackager, camera: SyntheticCamera, count: number) {
  const playlists: string[] = []
  for (let index = 0; index < count; index++) {
    camera.frames(10)
    playlists.push((await packager.playlist({}, 0))!)
  }
  for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
  for (let index = 1; index < playlists.length; index++)
    expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
  return parsePlaylist(playlists.at(-1)!)
}

describe('quick start with a lead segment (streams started together)', () => {
  it('answers the first playlist after three parts, with a 600 ms segment a player can start from', async () => {
    const { packager, camera } = quickSetUp('lead-segment', 50)
    const { before, after } = await firstPlaylistAround(packager, camera, 14)
    expect(before).toBeUndefined()
    expect(checkPlaylist(after!)).toEqual([])
    const first = parsePlaylist(after!)
    expect(first.segments.map((segment) => segment.duration)).toEqual([0.6])
    // Not marked INDEPENDENT although it starts with the keyframe: see playlist-renderer.ts.
    expect(first.segments[0]!.parts).toEqual(
      [0, 1, 2].map((n) => ({ uri: `part-${n}.m4s`, duration: 0.2, independent: false })),
    )
    expect(first.targetDuration).toBe(2)
    expect(first.preloadHint).toBe('part-3.m4s')
  })
})

describe('quick start with short segments (a camera opened alone)', () => {
  const shortSetUp = (gopFrames: number, fps = 25) => quickSetUp('short-segments', gopFrames, fps)

  it('answers the first playlist after two short segments (160 ms), which a player can start from', async () => {
    const { packager, camera } = shortSetUp(50)
    const { before, after } = await firstPlaylistAround(packager, camera, 3)
    // The first short segment alone is not enough (live-packager.ts, hasContent).
    expect(before).toBeUndefined()
    expect(checkPlaylist(after!)).toEqual([])
    const first = parsePlaylist(after!)
    expect(first.segments.map((segment) => segment.duration)).toEqual([0.08, 0.08])
    // The first is not marked INDEPENDENT although it starts with the keyframe: see playlist-renderer.ts.
    expect(first.segments.map((segment) => segment.parts)).toEqual(
      [0, 1].map((n) => [{ uri: `part-${n}.m4s`, duration: 0.08, independent: false }]),
    )
    expect(first.partTarget).toBe(0.2)
    expect(first.targetDuration).toBe(2)
    expect(first.preloadHint).toBe('part-2.m4s')
  })

  it('writes the short segments so that their EXTINFs, added up in floating point from the first, land exactly on each start', async () => {
    const { packager, camera } = shortSetUp(50)
    camera.start()
    camera.seconds(3)
    const playlist = parsePlaylist((await packager.playlist({}, 0))!)
    // What hls.js does to place segments, against the exact start: frame count x 3600 ticks at 90 kHz (the
    // same time the program date-time gives). Written as 0.08000 each, the sixth start would be 0.48000000000000004.
    let start = 0
    for (const [index, segment] of playlist.segments.slice(0, 26).entries()) {
      expect(start, `segment ${index}`).toBe((index * 2 * 3600) / 90_000)
      start += segment.duration
    }
  })

  it('at 12.5 fps a short part is one frame (80 ms), and the first playlist comes after two', async () => {
    const { packager, camera } = shortSetUp(25, 12.5)
    camera.start()
    camera.frames(2)
    const first = parsePlaylist((await packager.playlist({}, 0))!)
    expect(first.segments.map((segment) => segment.duration)).toEqual([0.08, 0.08])
    expect(first.partTarget).toBe(0.16)
  })

  it('short segments cover 2 s at most: a longer GOP goes on mid-GOP, cut to the announced target, to its keyframe', async () => {
    const { packager, camera } = shortSetUp(200)
    camera.start()
    const last = await lastOfValidPlaylists(packager, camera, 40)
    const durations = last.segments.map((segment) => segment.duration)
    for (const duration of durations.slice(0, 25)) expect(duration).toBeCloseTo(0.08, 12)
    // 2 s to 8 s without a keyframe: segments cut at part boundaries within TARGETDURATION 2 + 0.5, none short.
    expect(durations.slice(25).every((duration) => duration > 1 && duration <= 2.5)).toBe(true)
    expect(last.targetDuration).toBe(2)
    // Nothing dropped between the short segments and the keyframe at 8 s: 16 s sent, less the open segment.
    expect(durations.reduce((sum, duration) => sum + duration, 0)).toBeGreaterThan(13.5)
  })

  it('a restart before the first short segment is complete: the next run announces the target from whole GOPs', async () => {
    const { packager, camera } = shortSetUp(50)
    let answer: string | undefined
    void packager.playlist({}, 5000).then((text) => (answer = text))
    camera.start()
    camera.frames(1)
    packager.restart()
    await tick()
    expect(answer).toBeUndefined()
    camera.start()
    camera.seconds(2.1)
    await tick()
    const playlist = parsePlaylist(answer!)
    expect(playlist.targetDuration).toBe(2)
    expect(playlist.segments.map((segment) => segment.duration)).toEqual([0.04, 2])
  })
})

describe('quick start, either way', () => {
  // A 2 s GOP. Lead: 0.6 + 0.4 + 0.4 + 0.4 + 0.2 s, the last cut at the keyframe. Short: 25 segments of 2 frames.
  it.each([
    ['lead-segment', [0.6, 0.4, 0.4, 0.4, 0.2]],
    ['short-segments', Array<number>(25).fill(0.08)],
  ] as const)(
    '%s: goes on mid-GOP to the next keyframe, then cuts whole GOPs; the playlists stay valid and in succession',
    async (quickStart, firstGop) => {
      const { packager, camera } = quickSetUp(quickStart, 50)
      camera.start()
      camera.frames(16)
      const last = await lastOfValidPlaylists(packager, camera, 30)
      const durations = last.segments.map((segment) => segment.duration)
      for (const [index, expected] of [...firstGop, 2, 2, 2].entries())
        expect(durations[index], `segment ${index}`).toBeCloseTo(expected, 12)
      expect(last.segments.at(-1)!.parts.map((part) => [part.duration, part.independent])).toEqual([
        [0.2, true],
        ...Array(9).fill([0.2, false]),
      ])
      expect(last.targetDuration).toBe(2)
    },
  )

  it.each(['lead-segment', 'short-segments'] as const)(
    'points new players at the first segment while it holds the newest keyframe, and stops once a later one does (%s)',
    async (quickStart) => {
      const { packager, camera } = quickSetUp(quickStart, 25)
      camera.start()
      camera.frames(20)
      expect(await packager.playlist({}, 0)).toContain('#EXT-X-START:TIME-OFFSET=0\n')
      camera.frames(10)
      expect(await packager.playlist({}, 0)).not.toContain('#EXT-X-START')
    },
  )

  // 1.0-1.5 s into a 2 s GOP, so the clip reaches back to segment 0. Lead: 0-0.6 s, then 400 ms segments;
  // 2 and 3 overlap.
  // Short: segment k covers 80k..80k+80 ms, so 12 to 18 overlap.
  it.each([
    ['lead-segment', 4],
    ['short-segments', 19],
  ] as const)(
    'an evidence clip that starts in a mid-GOP segment reaches back to the keyframe (%s)',
    async (quickStart, segments) => {
      const { packager, camera, clock } = quickSetUp(quickStart, 50)
      camera.start()
      const startedAt = clock.ms
      camera.seconds(4.1)
      const clip = packager.segmentsBetween(startedAt + 1000, startedAt + 1500)!
      expect(await clip.read()).toHaveLength(segments)
    },
  )

  it.each(['lead-segment', 'short-segments'] as const)(
    'happens once per stream (%s): a restart starts its first segment at a keyframe and runs a whole GOP',
    async (quickStart) => {
      const { packager, camera } = quickSetUp(quickStart, 25)
      camera.start()
      camera.seconds(2.1)
      packager.restart()
      camera.start()
      camera.seconds(1.1)
      const playlist = parsePlaylist((await packager.playlist({}, 0))!)
      const afterRestart = playlist.segments.filter((segment) => segment.discontinuity)
      expect(afterRestart.map((segment) => segment.duration)).toEqual([1])
    },
  )
})

describe('shared work per change', () => {
  it('renders the playlist once per change of the window and hands the same text to every request', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(2.1)
    const first = await packager.playlist({}, 0)
    const again = await packager.playlist({}, 0)
    expect(again).toBe(first)
    camera.seconds(0.2)
    const later = await packager.playlist({}, 0)
    expect(later).not.toBe(first)
    expect(checkPlaylistSuccession(first!, later!)).toEqual([])
  })

  it('answers all viewers blocked on the same part together when it completes', async () => {
    const { packager, camera } = setUp()
    camera.start()
    camera.seconds(2.1)
    const playlist = parsePlaylist((await packager.playlist({}, 0))!)
    const next = { msn: playlist.mediaSequence + playlist.segments.length, part: 0 }
    const held = [1, 2, 3].map(() => packager.playlist(next, 5000))
    camera.seconds(0.5)
    const bodies = await Promise.all(held)
    expect(bodies[0]).toBeDefined()
    expect(new Set(bodies).size).toBe(1)
  })
})
