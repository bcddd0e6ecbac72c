import { describe, expect, it } from 'vitest'
import { needsReencoding, scaledSize } from './photo-prepare.ts'

const MB = 1024 * 1024

describe('which photos are re-encoded before sending', () => {
  it.each([
    ['a JPEG under the limit goes as it is', { type: 'image/jpeg', size: 3 * MB }, false],
    ['a PNG under the limit goes as it is', { type: 'image/png', size: 1 * MB }, false],
    ['a JPEG over the limit is re-encoded', { type: 'image/jpeg', size: 12 * MB }, true],
    ["an iPhone's HEIC is re-encoded", { type: 'image/heic', size: 2 * MB }, true],
    ['a WebP is re-encoded', { type: 'image/webp', size: 200_000 }, true],
    ['a file of no known type is tried too', { type: '', size: 100 }, true],
  ])('%s', (_case, file, expected) => {
    expect(needsReencoding(file, 8 * MB)).toBe(expected)
  })
})

describe('the size a photo is drawn at', () => {
  it.each([
    ['a 48 MP landscape photo: the long side to 2560', [8064, 6048], { width: 2560, height: 1920 }],
    ['a portrait photo: its height is the long side', [3024, 4032], { width: 1920, height: 2560 }],
    ['a small photo is never enlarged', [640, 480], { width: 640, height: 480 }],
    ['a panorama keeps its thin side at least 1 px', [30000, 5], { width: 2560, height: 1 }],
  ])('%s', (_case, [width, height], expected) => {
    expect(scaledSize(width!, height!)).toEqual(expected)
  })
})
