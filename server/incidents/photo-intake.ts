/**
 * Photos that officers send from their phones, taken in only as pictures we made ourselves: the header is
 * read first (a size bomb is refused before anything decodes it), then ffmpeg decodes the image and encodes
 * a fresh JPEG. Nothing of the original file survives but its pixels: no EXIF (the phone's GPS position, its
 * serial number), no trailing data, no second image hidden in a comment. ffmpeg turns the pixels upright by
 * the EXIF orientation as it decodes (autorotate), so a phone held upright stays upright once the flag is
 * gone; a damaged or cut-off picture fails the decode (`-err_detect explode`) instead of being stored half.
 */
import { BadRequestError } from '../http/http-errors.ts'
import type { ProcessPool } from '../process/process-pool.ts'

export type PhotoType = 'image/jpeg' | 'image/png'

export interface PhotoHeader {
  width: number
  height: number
}

export const PHOTO_LIMITS = { minSide: 16, maxSide: 12_000, maxPixels: 50_000_000, storedLongSide: 2560 }

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Reads width and height from the file's header; undefined when it is not that kind of image. */
export function readPhotoHeader(body: Buffer, type: PhotoType): PhotoHeader | undefined {
  return type === 'image/png' ? pngHeader(body) : jpegHeader(body)
}

function pngHeader(body: Buffer): PhotoHeader | undefined {
  if (body.length < 24 || !body.subarray(0, 8).equals(PNG_SIGNATURE) || body.toString('latin1', 12, 16) !== 'IHDR')
    return undefined
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) }
}

// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc

function jpegHeader(body: Buffer): PhotoHeader | undefined {
  if (body.length < 4 || body[0] !== 0xff || body[1] !== 0xd8) return undefined
  let offset = 2
  while (offset + 4 <= body.length) {
    if (body[offset] !== 0xff) return undefined
    const marker = body[offset + 1]!
    if (marker === 0xff) {
      offset += 1 // fill byte
      continue
    }
    const length = body.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > body.length) return undefined
    const segment = body.subarray(offset + 4, offset + 2 + length)
    if (isStartOfFrame(marker)) {
      if (segment.length < 5) return undefined
      return { height: segment.readUInt16BE(1), width: segment.readUInt16BE(3) }
    }
    if (marker === 0xda) return undefined // image data before any frame header
    offset += 2 + length
  }
  return undefined
}

/** Decode one image from stdin (upright), fit it in the stored size, and write a metadata-free JPEG. */
export function buildPhotoArgs(type: PhotoType): string[] {
  const long = PHOTO_LIMITS.storedLongSide
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-err_detect',
    'explode',
    '-xerror',
    '-f',
    type === 'image/png' ? 'png_pipe' : 'jpeg_pipe',
    '-i',
    'pipe:0',
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${long},iw)':'min(${long},ih)':force_original_aspect_ratio=decrease`,
    '-map_metadata',
    '-1',
    '-q:v',
    '3',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ]
}

/** The checked header, or a 400 that says what is wrong with the picture. */
export function checkPhotoHeader(body: Buffer, type: PhotoType): PhotoHeader {
  const header = readPhotoHeader(body, type)
  if (!header) throw new BadRequestError('incident.photo-not-image', { type }, `the body is not a ${type} image`)
  const { width, height } = header
  const { minSide, maxSide, maxPixels } = PHOTO_LIMITS
  if (Math.min(width, height) < minSide || Math.max(width, height) > maxSide || width * height > maxPixels)
    throw new BadRequestError(
      'incident.photo-size',
      { width, height, minSide, maxSide, maxMegapixels: maxPixels / 1e6 },
      `a photo must be ${minSide} to ${maxSide} pixels a side and at most ${maxPixels / 1e6} megapixels; this one is ${width}x${height}`,
    )
  return header
}

export async function normalisePhoto(processes: ProcessPool, body: Buffer, type: PhotoType): Promise<Buffer> {
  checkPhotoHeader(body, type)
  const result = await processes.run('photo', {
    file: 'ffmpeg',
    args: buildPhotoArgs(type),
    stdin: body,
  })
  if (result.code !== 0 || result.stdout.length === 0)
    throw new BadRequestError(
      'incident.photo-undecodable',
      { type },
      `the ${type} image could not be decoded (damaged or incomplete file)`,
    )
  return result.stdout
}
