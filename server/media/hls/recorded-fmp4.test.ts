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
    ['H.264 with a 1 s GOP: 1 s segments, TARGETDURATION 1', { codec: 'h264', gopSeconds: 1, seconds: 6 } as const, 1, [1, 1, 1, 1, 1]],
    ['H.264 with a 2 s GOP: one GOP per segment, TARGETDURATION 2', { codec: 'h264', gopSeconds: 2, seconds: 6 } as const, 2, [2, 2]],
    ['H.265 with a 2 s GOP: the same, with an hvc1 CODECS string', { codec: 'h265', gopSeconds: 2, seconds: 6 } as const, 2, [2, 2]],
  ])('%s', async (_name, spec, targetDuration, segmentSeconds) => {
    const { packager, playlists } = await packageClip(spec, targetDuration * 31 + segmentSeconds.length)
    expect(playlists.length).toBeGreaterThan(10)
    for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
    for (let index = 1; index < playlists.length; index++) expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
    const last = parsePlaylist(playlists.at(-1)!)
    expect(last.targetDuration).toBe(targetDuration)
    expect(last.segments).toHaveLength(segmentSeconds.length)
    // One GOP per segment, give or take the encoder's first GOP being a frame short.
    last.segments.forEach((segment, index) => expect(Math.abs(segment.duration - segmentSeconds[index]!)).toBeLessThanOrEqual(0.04 + 1e-9))
    const partDurations = new Set([...last.segments.flatMap((segment) => segment.parts), ...last.trailingParts].map((part) => part.duration))
    expect([...partDurations].every((duration) => duration > 0 && duration <= 0.2)).toBe(true)
    expect(packager.stats()).toMatchObject({ codec: spec.codec === 'h264' ? 'avc1.42c01e' : expect.stringMatching(/^hvc1\./), width: 640, height: 360, gopMs: spec.gopSeconds * 1000 })
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

  it.each(gops)('with %s and short segments the first playlist has two of them, the first GOP runs on in short ones, and later segments start at keyframes', async (_name, spec) => {
    const { playlists } = await packageClip(spec, 17, 'short-segments')
    for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
    for (let index = 1; index < playlists.length; index++) expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
    const first = parsePlaylist(playlists[0]!)
    expect(first.segments.map((segment) => segment.parts.length)).toEqual([1, 1])
    expect(first.segments.map((segment) => segment.duration)).toEqual([0.08, 0.08])
    expect(first.targetDuration).toBe(2)
    const last = parsePlaylist(playlists.at(-1)!)
    expect(last.targetDuration).toBe(2)
    const short = last.segments.filter((segment) => segment.duration <= 0.08 + 1e-9)
    const whole = last.segments.slice(short.length)
    // The short segments are the first GOP (the encoder's first may be a frame short) and nothing after it.
    expect(short.reduce((sum, segment) => sum + segment.duration, 0)).toBeCloseTo(spec.gopSeconds, 1)
    expect(short.slice(1).every((segment) => segment.parts.length === 1 && !segment.parts[0]!.independent)).toBe(true)
    for (const segment of whole) {
      expect(segment.duration).toBeCloseTo(spec.gopSeconds, 1)
      expect(segment.parts[0]?.independent ?? true).toBe(true)
    }
  })

  it.each(gops)('with %s and a lead segment the first playlist has one of 600 ms, and later segments start at keyframes', async (_name, spec) => {
    const { playlists } = await packageClip(spec, 17, 'lead-segment')
    for (const text of playlists) expect(checkPlaylist(text)).toEqual([])
    for (let index = 1; index < playlists.length; index++) expect(checkPlaylistSuccession(playlists[index - 1]!, playlists[index]!)).toEqual([])
    const first = parsePlaylist(playlists[0]!)
    expect(first.segments).toHaveLength(1)
    expect(first.segments[0]!.duration).toBeLessThanOrEqual(0.6)
    expect(first.segments[0]!.parts).toHaveLength(3)
    expect(first.targetDuration).toBe(2)
    const last = parsePlaylist(playlists.at(-1)!)
    expect(last.targetDuration).toBe(2)
    // The lead segment, then the rest of its GOP (mid-GOP start; with a 1 s GOP too short to end at the next
    // keyframe, so it runs on to the one after), then whole GOPs.
    const leadAndNext = last.segments[0]!.duration + last.segments[1]!.duration
    expect(leadAndNext).toBeCloseTo(spec.gopSeconds === 1 ? 2 : spec.gopSeconds, 1)
    expect(last.segments[1]!.parts[0]!.independent).toBe(false)
    for (const segment of last.segments.slice(2)) {
      expect(segment.duration).toBeCloseTo(spec.gopSeconds, 1)
      expect(segment.parts[0]?.independent ?? true).toBe(true)
    }
  })
})
