import { describe, expect, it } from 'vitest'
import { Fmp4ParseError } from './box-reader.ts'
import { type Fmp4Unit, Fmp4StreamReader } from './fmp4-stream-reader.ts'
import { box, buildFrames, buildInit } from './testing/fmp4-builder.ts'
import { randomChunks, testClip } from './testing/test-media.ts'

function summary(units: Fmp4Unit[]) {
  return units.map((unit) =>
    unit.kind === 'init'
      ? `init ${unit.track.codec}`
      : `${unit.timing.decodeTime}${unit.timing.startsWithKeyframe ? ' key' : ''}`,
  )
}

describe('Fmp4StreamReader', () => {
  it('yields the same units whatever the chunking, down to single bytes', () => {
    const stream = Buffer.concat([buildInit(), ...buildFrames({ fps: 25, gopFrames: 25, frames: 30 })])
    const whole = new Fmp4StreamReader().push(stream)
    const reader = new Fmp4StreamReader()
    const byBytes = [...stream].flatMap((byte) => reader.push(Buffer.from([byte])))
    expect(summary(byBytes)).toEqual(summary(whole))
    expect(whole).toHaveLength(31)
    expect(byBytes.map((unit) => unit.bytes)).toEqual(whole.map((unit) => unit.bytes))
  })

  it('reads real ffmpeg output fed in random chunk sizes: one init, then a fragment per frame', async () => {
    const clip = await testClip({ codec: 'h264', gopSeconds: 2, seconds: 6 })
    const reader = new Fmp4StreamReader()
    const units = randomChunks(clip, 42).flatMap((chunk) => reader.push(chunk))
    expect(units[0]?.kind).toBe('init')
    const fragments = units.filter((unit) => unit.kind === 'fragment')
    expect(fragments).toHaveLength(150)
    expect(fragments.filter((unit) => unit.timing.startsWithKeyframe)).toHaveLength(3)
  })

  it('a second ftyp and moov (the source restarted) give a second init', () => {
    const run = Buffer.concat([buildInit(), ...buildFrames({ fps: 25, gopFrames: 25, frames: 2 })])
    const units = new Fmp4StreamReader().push(Buffer.concat([run, run]))
    expect(units.map((unit) => unit.kind)).toEqual(['init', 'fragment', 'fragment', 'init', 'fragment', 'fragment'])
  })

  it('skips boxes a packager does not need (styp, sidx, free, mfra)', () => {
    const units = new Fmp4StreamReader().push(
      Buffer.concat([
        buildInit(),
        box('free'),
        box('styp', Buffer.from('msdh')),
        ...buildFrames({ fps: 25, gopFrames: 25, frames: 1 }),
        box('mfra'),
      ]),
    )
    expect(units.map((unit) => unit.kind)).toEqual(['init', 'fragment'])
  })

  it.each([
    [
      'media before any init',
      () => buildFrames({ fps: 25, gopFrames: 25, frames: 1 })[0]!,
      /moof arrived before the init segment/,
    ],
    [
      'an mdat without its moof',
      () => Buffer.concat([buildInit(), box('mdat', Buffer.alloc(4))]),
      /mdat arrived without a moof/,
    ],
    [
      'a box announcing more than the size cap, before it is buffered',
      () => Buffer.concat([buildInit(), Buffer.from([0x7f, 0, 0, 0]), Buffer.from('mdat')]),
      /over the 16777216-byte limit/,
    ],
    [
      'garbage where a box header should be',
      () =>
        Buffer.concat([buildInit(), Buffer.from('\u0000\u0000\u0000\u0010\u0001\u0002\u0003\u0004garbage!', 'latin1')]),
      /not a four-character code/,
    ],
  ])('%s is a clear Fmp4ParseError', (_name, bytes, message) => {
    expect(() => new Fmp4StreamReader().push(bytes())).toThrow(message)
  })

  it('after an error refuses input until reset, then reads a new stream', () => {
    const reader = new Fmp4StreamReader()
    expect(() => reader.push(box('mdat'))).toThrow(Fmp4ParseError)
    expect(reader.push(buildInit())).toEqual([])
    reader.reset()
    expect(reader.push(buildInit()).map((unit) => unit.kind)).toEqual(['init'])
  })

  it('never throws anything but Fmp4ParseError and always finishes on corrupted real output', async () => {
    const clip = await testClip({ codec: 'h264', gopSeconds: 1, seconds: 6 })
    for (let seed = 1; seed <= 200; seed++) {
      const corrupted = Buffer.from(clip.subarray(0, 120_000))
      for (let flip = 0; flip < 4; flip++) {
        const at = (seed * 7919 * (flip + 1)) % corrupted.length
        corrupted[at] = corrupted[at]! ^ 0xff
      }
      try {
        new Fmp4StreamReader().push(corrupted)
      } catch (error) {
        expect(error).toBeInstanceOf(Fmp4ParseError)
      }
    }
  })
})
