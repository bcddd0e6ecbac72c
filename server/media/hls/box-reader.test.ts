import { describe, expect, it } from 'vitest'
import { ByteCursor, Fmp4ParseError, readBoxHeader, readChildren } from './box-reader.ts'
import { box, u32 } from './testing/fmp4-builder.ts'

describe('readBoxHeader', () => {
  it('reads a 32-bit size and a four-character type', () => {
    expect(readBoxHeader(box('free', Buffer.alloc(4)), 0, 12)).toEqual({
      type: 'free',
      start: 0,
      bodyStart: 8,
      end: 12,
    })
  })

  it('reads a 64-bit largesize when the size field is 1', () => {
    const large = Buffer.concat([u32(1), Buffer.from('mdat'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 20]), Buffer.alloc(4)])
    expect(readBoxHeader(large, 0, large.length)).toEqual({ type: 'mdat', start: 0, bodyStart: 16, end: 20 })
  })

  it('answers undefined while the box is not complete, so the caller waits for more bytes', () => {
    const whole = box('moof', Buffer.alloc(100))
    expect(readBoxHeader(whole, 0, 7)).toBeUndefined()
    expect(readBoxHeader(whole, 0, 50)).toBeUndefined()
  })

  it.each([
    [
      'a size of 0 (to the end of the file) cannot end on a live pipe',
      Buffer.concat([u32(0), Buffer.from('mdat')]),
      /size 0/,
    ],
    [
      'a size smaller than the header is refused, so a reader always advances',
      Buffer.concat([u32(4), Buffer.from('free')]),
      /smaller than its header/,
    ],
    [
      'a type that is not printable text means the stream lost its box boundaries',
      Buffer.concat([u32(8), Buffer.from([0, 1, 2, 3])]),
      /four-character code/,
    ],
    [
      'a largesize beyond 2^53 is refused rather than rounded',
      Buffer.concat([u32(1), Buffer.from('mdat'), Buffer.alloc(8, 0xff)]),
      /too large/,
    ],
  ])('%s', (_name, bytes, message) => {
    expect(() => readBoxHeader(bytes, 0, bytes.length)).toThrow(message)
  })
})

describe('readChildren', () => {
  it('lists the children filling a parent exactly', () => {
    const parent = box('moov', box('mvhd', Buffer.alloc(4)), box('trak'))
    expect(readChildren(parent, 8, parent.length, 'moov').map((child) => child.type)).toEqual(['mvhd', 'trak'])
  })

  it('names the parent when a child overruns it', () => {
    const parent = Buffer.concat([u32(16), Buffer.from('moov'), u32(20), Buffer.from('trak')])
    expect(() => readChildren(parent, 8, 16, 'moov')).toThrow(
      new Fmp4ParseError('moov: child box at offset 8 overruns its parent (ends at 16)'),
    )
  })
})

describe('ByteCursor', () => {
  it('reads big-endian numbers and refuses to read past its window', () => {
    const cursor = new ByteCursor(Buffer.from([0, 0, 0, 7, 1, 2]), 0, 5, 'test')
    expect(cursor.u32()).toBe(7)
    expect(cursor.u8()).toBe(1)
    expect(() => cursor.u8()).toThrow(/test: needs 1 more bytes/)
  })

  it('refuses a window outside its buffer', () => {
    expect(() => new ByteCursor(Buffer.alloc(4), 0, 8, 'tfhd')).toThrow(Fmp4ParseError)
  })
})
