/** Real ffmpeg output (generated at test time, cached) through the packager, in random chunk sizes. */
import { describe, expect, it } from 'vitest'
import { LivePackager } from './live-packager.ts'
import type { QuickStart } from './segmenter.ts'
import { checkPlaylist, checkPlaylistSuccession, parsePlaylist } from './testing/playlist-rules.ts'
import { type ClipSpec, randomChunks, testClip } from './testing/test-media.ts'

async function packageClip(spec: ClipSpec, seed: number, quickStart: QuickStart = 'off') {
  const clip = await testClip(spec)
  const packager = new LivePackager({ quickStart })
  const playlists: string[] = []
  for (const chunk of randomChunks(clip, seed)) {
    packager.push(chunk)
    const text = await packager.playlist({}, 0)
    if (text) playlists.push(text)
  }
  return { packager, playlists }
}

describe('recorded fMP4 from ffmpeg', () => {
  it.each([
    [
      'H.264 with a 1 s GOP: 1 s segments, TARGETDURATION 1',
      { codec: 'h264', gopSeconds: 1, seconds: 6 } as const,
      1,
      [1, 1, 1, 1, 1],
    ],
    [
      'H.264 with a 2 s GOP: one GOP per segment, TARGETDURATION 2',
      { codec: 'h264', gopSeconds: 2, seconds: 6 } as const,
      2,
      [2, 2],
    ],
    [
      'H.265 with a 2 s GOP: the same, with an hvc1 CODECS string',
      { codec: 'h265', gopSeconds: 2, seconds: 6 } as const,
      2,
      [2, 2],
    ],
  ])('%s', async (_name, spec, targetDuration, segmentSeconds) => {
    const { packager, playlists } = await packageClip(spec, targetDuration * 31 + segmentSeconds.length)
    expect(playlists.length).toBeGreaterThan(10)
    for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
    for (let index = 1; index < playlists.length; index++)
      expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
    const last = parsePlaylist(playlists.at(-1)!)
    expect(last.targetDuration).toBe(targetDuration)
    expect(last.segments).toHaveLength(segmentSeconds.length)
    // One GOP per segment, give or take the encoder's first GOP being a frame short.
    last.segments.forEach((segment, index) =>
      expect(Math.abs(segment.duration - segmentSeconds[index]!)).toBeLessThanOrEqual(0.04 + 1e-9),
    )
    const partDurations = new Set(
      [...last.segments.flatMap((segment) => segment.parts), ...last.trailingParts].map((part) => part.duration),
    )
    expect([...partDurations].every((duration) => duration > 0 && duration <= 0.2)).toBe(true)
    expect(packager.stats()).toMatchObject({
      codec: spec.codec === 'h264' ? 'avc1.42c01e' : expect.stringMatching(/^hvc1\./),
      width: 640,
      height: 360,
      gopMs: spec.gopSeconds * 1000,
    })
  })

  it('every part starting a segment is independent, and only those in a steady GOP', async () => {
    const { playlists } = await packageClip({ codec: 'h264', gopSeconds: 1, seconds: 6 }, 5)
    const last = parsePlaylist(playlists.at(-1)!)
    for (const segment of last.segments.filter((s) => s.parts.length > 0)) {
      expect(segment.parts.map((part) => part.independent)).toEqual([true, false, false, false, false])
    }
  })
})

describe('quick start on recorded fMP4', () => {
  const gops = [
    ['a 1 s GOP', { codec: 'h264', gopSeconds: 1, seconds: 6 } as const],
    ['a 2 s GOP', { codec: 'h264', gopSeconds: 2, seconds: 6 } as const],
  ] as const

  const modes = [
    // quick start, the first playlist's parts per segment, the longest quick-start segment
    ['short-segments', [1, 1], 0.08],
    ['lead-segment', [3], 0.6],
  ] as const
  const cases = modes.flatMap(([quickStart, firstParts, longest]) =>
    gops.map(([name, spec]) => [quickStart, name, spec, firstParts, longest] as const),
  )

  it.each(cases)(
    '%s with %s: a quick first playlist, the first GOP in quick-start segments, then segments at keyframes',
    async (quickStart, _name, spec, firstParts, longest) => {
      const { playlists } = await packageClip(spec, 17, quickStart)
      for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
      for (let index = 1; index < playlists.length; index++)
        expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
      const first = parsePlaylist(playlists[0]!)
      expect(first.segments.map((segment) => segment.parts.length)).toEqual(firstParts)
      expect(first.segments.every((segment) => segment.duration <= longest + 1e-9)).toBe(true)
      expect(first.targetDuration).toBe(2)
      const last = parsePlaylist(playlists.at(-1)!)
      expect(last.targetDuration).toBe(2)
      const quick = last.segments.filter((segment) => segment.duration <= longest + 1e-9)
      const whole = last.segments.slice(quick.length)
      // The quick-start segments are the first GOP (the encoder's first may be a frame short) and nothing after it.
      expect(quick.reduce((sum, segment) => sum + segment.duration, 0)).toBeCloseTo(spec.gopSeconds, 1)
      for (const segment of whole) {
        expect(segment.duration).toBeCloseTo(spec.gopSeconds, 1)
        expect(segment.parts[0]?.independent ?? true).toBe(true)
      }
    },
  )
})
