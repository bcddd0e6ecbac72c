/**
 * A bounds-checked reader for ISO BMFF (MP4) boxes. Everything here reads bytes that came from outside
 * (ffmpeg's stdout, fed by a camera), so every read is checked and a malformed box becomes an
 * Fmp4ParseError naming the box path, never an out-of-range read, a crash or a loop that does not advance.
 */

export class Fmp4ParseError extends Error {
  override readonly name = 'Fmp4ParseError'
}

export interface Box {
  type: string
  /** Offset of the box's first byte (its size field) in `data`. */
  start: number
  /** Offset just after the header (size, type, and largesize when present). */
  bodyStart: number
  end: number
}

/** Reads numbers from a window of a buffer; every read checks the window, and the cursor only moves forward. */
export class ByteCursor {
  private position: number

  constructor(
    private readonly data: Buffer,
    start: number,
    private readonly end: number,
    private readonly where: string,
  ) {
    if (start < 0 || end > data.length || start > end)
      throw new Fmp4ParseError(`${where}: window ${start}..${end} outside ${data.length} bytes`)
    this.position = start
  }

  get offset(): number {
    return this.position
  }

  get remaining(): number {
    return this.end - this.position
  }

  private take(bytes: number): number {
    if (this.position + bytes > this.end)
      throw new Fmp4ParseError(
        `${this.where}: needs ${bytes} more bytes at offset ${this.position}, box ends at ${this.end}`,
      )
    const at = this.position
    this.position += bytes
    return at
  }

  skip(bytes: number): void {
    this.take(bytes)
  }

  u8(): number {
    return this.data.readUInt8(this.take(1))
  }

  u16(): number {
    return this.data.readUInt16BE(this.take(2))
  }

  u32(): number {
    return this.data.readUInt32BE(this.take(4))
  }

  i32(): number {
    return this.data.readInt32BE(this.take(4))
  }

  /** 64-bit values (tfdt, largesize) beyond 2^53 cannot be exact numbers; they are refused rather than rounded. */
  u64(): number {
    const value = this.data.readBigUInt64BE(this.take(8))
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new Fmp4ParseError(`${this.where}: 64-bit value ${value} is too large`)
    return Number(value)
  }

  bytes(length: number): Buffer {
    const at = this.take(length)
    return this.data.subarray(at, at + length)
  }

  fourcc(): string {
    return this.data.toString('latin1', this.take(4), this.position)
  }

  /** version (8 bits) and flags (24 bits) of a FullBox. */
  fullBoxHeader(): { version: number; flags: number } {
    const word = this.u32()
    return { version: word >>> 24, flags: word & 0xffffff }
  }
}

const printable = /^[\x20-\x7e]{4}$/

/**
 * Reads the header of the box starting at `start`, or returns undefined when fewer bytes than the whole
 * box are available before `end` (the caller waits for more). A size of 0 ("to the end of the file") is
 * refused: on a live pipe there is no end to extend to.
 */
export function readBoxHeader(data: Buffer, start: number, end: number): Box | undefined {
  if (end - start < 8) return undefined
  const size32 = data.readUInt32BE(start)
  const type = data.toString('latin1', start + 4, start + 8)
  if (!printable.test(type))
    throw new Fmp4ParseError(`box at offset ${start}: type ${JSON.stringify(type)} is not a four-character code`)
  let size = size32
  let bodyStart = start + 8
  if (size32 === 1) {
    if (end - start < 16) return undefined
    const large = data.readBigUInt64BE(start + 8)
    if (large > BigInt(Number.MAX_SAFE_INTEGER))
      throw new Fmp4ParseError(`${type} at offset ${start}: largesize ${large} is too large`)
    size = Number(large)
    bodyStart = start + 16
  } else if (size32 === 0) {
    throw new Fmp4ParseError(
      `${type} at offset ${start}: size 0 (box extends to end of file) cannot be used in a live stream`,
    )
  }
  if (size < bodyStart - start)
    throw new Fmp4ParseError(`${type} at offset ${start}: size ${size} is smaller than its header`)
  if (start + size > end) return undefined
  return { type, start, bodyStart, end: start + size }
}

/** The child boxes filling `data[start..end)` exactly; a child that overruns its parent is an error. */
export function readChildren(data: Buffer, start: number, end: number, where: string): Box[] {
  const boxes: Box[] = []
  let offset = start
  while (offset < end) {
    const box = readBoxHeader(data, offset, end)
    if (!box) throw new Fmp4ParseError(`${where}: child box at offset ${offset} overruns its parent (ends at ${end})`)
    boxes.push(box)
    offset = box.end
  }
  return boxes
}

export function findChild(data: Buffer, parent: Box, type: string, where: string): Box | undefined {
  return readChildren(data, parent.bodyStart, parent.end, where).find((child) => child.type === type)
}

export function requireChild(data: Buffer, parent: Box, type: string, where: string): Box {
  const child = findChild(data, parent, type, where)
  if (!child) throw new Fmp4ParseError(`${where}: no ${type} box`)
  return child
}

export function cursorFor(data: Buffer, box: Box, where: string): ByteCursor {
  return new ByteCursor(data, box.bodyStart, box.end, where)
}
