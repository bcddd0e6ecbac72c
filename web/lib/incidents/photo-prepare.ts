/**
 * A phone's photo made fit to send. The server takes JPEG or PNG up to its byte limit and keeps at most
 * 2560 px on the long side (server/incidents/photo-intake.ts), while a phone's camera gives 12-50 megapixel
 * JPEGs, sometimes over the limit, or HEIC and WebP. Those are decoded here and sent as a JPEG at the long
 * side the server keeps, so nothing the officer would see is lost; a file the browser cannot decode is refused.
 */
const SENDABLE_TYPES: readonly string[] = ['image/jpeg', 'image/png']
const STORED_LONG_SIDE = 2560
const JPEG_QUALITY = 0.88

export function needsReencoding(file: { type: string; size: number }, maxBytes: number): boolean {
  return !SENDABLE_TYPES.includes(file.type) || file.size > maxBytes
}

/** The size to draw at: the long side at most `longSide`, the aspect kept, never enlarged. */
export function scaledSize(
  width: number,
  height: number,
  longSide = STORED_LONG_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The file itself when it can be sent as it is, a re-encoded JPEG otherwise, null when it cannot be read. */
export async function preparePhoto(file: File, maxBytes: number): Promise<File | null> {
  if (!needsReencoding(file, maxBytes)) return file
  let bitmap: ImageBitmap
  try {
    // The camera's orientation tag is applied, so a portrait photo stays upright once the tag is gone.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return null
  }
  try {
    const size = scaledSize(bitmap.width, bitmap.height)
    const canvas = document.createElement('canvas')
    canvas.width = size.width
    canvas.height = size.height
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height)
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', JPEG_QUALITY))
    if (!blob) return null
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`
    return new File([blob], name, { type: 'image/jpeg' })
  } finally {
    bitmap.close()
  }
}
