import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../process/logger.ts'
import { ProcessPool } from '../process/process-pool.ts'
import { buildTestApp } from '../testing/test-app.ts'
import { buildPhotoArgs, checkPhotoHeader, normalisePhoto, readPhotoHeader } from './photo-intake.ts'

/** A real picture, made by ffmpeg: `width` x `height` test pattern. */
function makeImage(width: number, height: number, codec: 'mjpeg' | 'png'): Buffer {
  return execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=1`],
    ...['-frames:v', '1', '-c:v', codec, '-f', 'image2', 'pipe:1'],
  ])
}

/** An APP1 Exif segment (little-endian TIFF) with Orientation and a description standing in for GPS data. */
function exifSegment(orientation: number, secret: string): Buffer {
  const text = Buffer.from(`${secret}\0`, 'latin1')
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  tiff.writeUInt16LE(2, 8)
  // 0x010e ImageDescription (ASCII, stored after the IFD), 0x0112 Orientation (SHORT, inline).
  tiff.writeUInt16LE(0x010e, 10)
  tiff.writeUInt16LE(2, 12)
  tiff.writeUInt32LE(text.length, 14)
  tiff.writeUInt32LE(tiff.length, 18)
  tiff.writeUInt16LE(0x0112, 22)
  tiff.writeUInt16LE(3, 24)
  tiff.writeUInt32LE(1, 26)
  tiff.writeUInt16LE(orientation, 30)
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, text])
  const header = Buffer.alloc(4)
  header.writeUInt16BE(0xffe1, 0)
  header.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([header, payload])
}

const withExif = (jpeg: Buffer, segment: Buffer): Buffer =>
  Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)])

const pool = new ProcessPool({ logger: silentLogger })
afterAll(async () => pool.closeAll())

describe('reading a photo header', () => {
  it('reads JPEG and PNG dimensions, also past an EXIF segment', () => {
    expect(readPhotoHeader(makeImage(320, 160, 'mjpeg'), 'image/jpeg')).toEqual({ width: 320, height: 160 })
    expect(readPhotoHeader(makeImage(64, 48, 'png'), 'image/png')).toEqual({ width: 64, height: 48 })
    const rotated = withExif(makeImage(320, 160, 'mjpeg'), exifSegment(6, 'x'))
    expect(readPhotoHeader(rotated, 'image/jpeg')).toEqual({ width: 320, height: 160 })
  })

  it.each([
    ['text sent as a JPEG', Buffer.from('not an image'), 'image/jpeg', 'the body is not a image/jpeg image'],
    ['three magic bytes and nothing else', Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg', 'is not a image/jpeg'],
    ['a JPEG sent as a PNG', makeImage(32, 32, 'mjpeg'), 'image/png', 'the body is not a image/png image'],
  ] as const)('refuses %s', (_name, body, type, message) => {
    expect(() => checkPhotoHeader(body, type)).toThrow(message)
  })

  it('refuses a decompression bomb from its header alone', () => {
    const png = makeImage(64, 48, 'png')
    png.writeUInt32BE(60_000, 16)
    png.writeUInt32BE(60_000, 20)
    expect(() => checkPhotoHeader(png, 'image/png')).toThrow('this one is 60000x60000')
  })

  it('the ffmpeg arguments fail on a damaged picture, fit it in 2560 pixels and drop every metadata', () => {
    expect(buildPhotoArgs('image/jpeg')).toEqual([
      ...['-hide_banner', '-loglevel', 'error', '-err_detect', 'explode', '-xerror'],
      ...['-f', 'jpeg_pipe', '-i', 'pipe:0', '-frames:v', '1'],
      ...['-vf', "scale='min(2560,iw)':'min(2560,ih)':force_original_aspect_ratio=decrease"],
      ...['-map_metadata', '-1', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
    ])
  })
})

describe('a photo decoded by real ffmpeg', () => {
  it("keeps the pixels, uprights them, and drops the phone's EXIF", async () => {
    const phone = withExif(makeImage(320, 160, 'mjpeg'), exifSegment(6, 'GPS 38.0812N 114.4523E'))
    const stored = await normalisePhoto(pool, phone, 'image/jpeg')
    expect(readPhotoHeader(stored, 'image/jpeg')).toEqual({ width: 160, height: 320 })
    expect(stored.includes(Buffer.from('Exif'))).toBe(false)
    expect(stored.includes(Buffer.from('GPS 38.0812N'))).toBe(false)
  })

  it('turns a PNG into a JPEG and fits a large photo into 2560 pixels', async () => {
    const stored = await normalisePhoto(pool, makeImage(3000, 1500, 'png'), 'image/png')
    expect(readPhotoHeader(stored, 'image/jpeg')).toEqual({ width: 2560, height: 1280 })
  })

  it('refuses a file whose header is right but whose picture is cut off', async () => {
    const jpeg = makeImage(320, 160, 'mjpeg')
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.3))
    await expect(normalisePhoto(pool, cut, 'image/jpeg')).rejects.toThrow('could not be decoded')
  })
})

describe('who may add photos', () => {
  it('the wall display may not: 403 before the body is read, and nothing is stored', async () => {
    const t = await buildTestApp()
    try {
      await t.app.accounts.add({ username: 'wall-1', password: 'wall-password-1', role: 'wall' })
      const wall = await t.login('wall-1', 'wall-password-1')
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/incidents/1/photos',
        headers: { cookie: wall, 'content-type': 'image/jpeg' },
        payload: makeImage(64, 48, 'mjpeg'),
      })
      expect(response.statusCode).toBe(403)
      expect(t.app.db.prepare("SELECT count(*) AS n FROM incident_timeline WHERE kind = 'photo'").get()).toEqual({
        n: 0,
      })
    } finally {
      await t.close()
    }
  })
})
