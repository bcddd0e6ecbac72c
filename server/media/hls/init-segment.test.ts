import { describe, expect, it } from 'vitest'
import { readBoxHeader, type Box } from './box-reader.ts'
import { avcCodecString, hevcCodecString } from './codec-string.ts'
import { readVideoTrack } from './init-segment.ts'
import { box, buildInit, fullBox, u32 } from './testing/fmp4-builder.ts'
import { testClip } from './testing/test-media.ts'

function moovOf(init: Buffer): Box {
  let offset = 0
  for (;;) {
    const header = readBoxHeader(init, offset, init.length)!
    if (header.type === 'moov') return header
    offset = header.end
  }
}

describe('readVideoTrack', () => {
  it('reads track id, timescale, size, codec and trex defaults from a hand-built init', () => {
    const init = buildInit({ timescale: 90_000, width: 1280, height: 720, trackId: 3 })
    expect(readVideoTrack(init, moovOf(init))).toEqual({
      trackId: 3,
      timescale: 90_000,
      codec: 'avc1.64001e',
      width: 1280,
      height: 720,
      defaults: { duration: 0, size: 0, flags: 0 },
    })
  })

  it('reads real ffmpeg H.264 and H.265 output', async () => {
    const h264 = await testClip({ codec: 'h264', gopSeconds: 1, seconds: 6 })
    const h265 = await testClip({ codec: 'h265', gopSeconds: 2, seconds: 6 })
    expect(readVideoTrack(h264, moovOf(h264))).toMatchObject({ codec: 'avc1.42c01e', width: 640, height: 360 })
    expect(readVideoTrack(h265, moovOf(h265))).toMatchObject({
      codec: expect.stringMatching(/^hvc1\.1\.6\.L\d+/),
      width: 640,
      height: 360,
    })
  })

  it('says the stream is not fragmented when mvex is missing', () => {
    const init = buildInit()
    const moov = moovOf(init)
    const trak = readBoxHeader(init, moov.bodyStart, moov.end)!
    const withoutMvex = box('moov', init.subarray(trak.start, trak.end))
    expect(() => readVideoTrack(withoutMvex, readBoxHeader(withoutMvex, 0, withoutMvex.length)!)).toThrow(
      /not fragmented MP4/,
    )
  })

  it('refuses a video codec the browsers cannot be told about', () => {
    const init = buildInit()
    const renamed = Buffer.from(init.toString('latin1').replace('avc1', 'mp4v'), 'latin1')
    expect(() => readVideoTrack(renamed, moovOf(renamed))).toThrow(/mp4v is not H.264 or H.265/)
  })

  it('says so when there is no video track', () => {
    const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('soun'), Buffer.alloc(13))
    const moov = box('moov', box('trak', box('mdia', hdlr)))
    expect(() => readVideoTrack(moov, readBoxHeader(moov, 0, moov.length)!)).toThrow('moov: no video track')
  })
})

describe('codec strings', () => {
  it.each([
    ['H.264 Constrained Baseline 3.0', Buffer.from([1, 0x42, 0xc0, 0x1e]), 'avc1.42c01e'],
    ['H.264 High 4.1', Buffer.from([1, 0x64, 0x00, 0x29]), 'avc1.640029'],
  ])('%s is written as profile, compatibility and level in hex', (_name, avcC, expected) => {
    expect(avcCodecString('avc1', avcC)).toBe(expected)
  })

  it('H.265 Main, level 4.0, writes the reversed compatibility flags and trims zero constraint bytes', () => {
    const hvcC = Buffer.from([1, 0x01, 0x60, 0x00, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0, 120])
    expect(hevcCodecString('hvc1', hvcC)).toBe('hvc1.1.6.L120.90')
  })

  it('a truncated avcC is an error, not a wrong string', () => {
    expect(() => avcCodecString('avc1', Buffer.from([1, 0x42]))).toThrow(/avcC: needs 1 more bytes/)
  })
})
