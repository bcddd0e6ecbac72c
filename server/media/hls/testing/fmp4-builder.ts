/**
 * Hand-built fragmented MP4 for unit tests: an init segment with one H.264 video track and fragments
 * with chosen sample durations and keyframes, laid out as ffmpeg lays them out (tfhd defaults,
 * default-base-is-moof, first-sample-flags in trun). The sample data is filler: the packager never
 * decodes it.
 */

export function box(type: string, ...payloads: Buffer[]): Buffer {
  const body = Buffer.concat(payloads)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, body])
}

export function fullBox(type: string, version: number, flags: number, ...payloads: Buffer[]): Buffer {
  return box(type, u32((version << 24) | flags), ...payloads)
}

export function u32(...values: number[]): Buffer {
  const buffer = Buffer.alloc(4 * values.length)
  values.forEach((value, index) => buffer.writeUInt32BE(value >>> 0, index * 4))
  return buffer
}

function u64(value: number): Buffer {
  const buffer = Buffer.alloc(8)
  buffer.writeBigUInt64BE(BigInt(value))
  return buffer
}

export interface InitOptions {
  timescale?: number
  width?: number
  height?: number
  trackId?: number
  /** avcC body; the default is High profile (0x64), level 3.0. */
  avcC?: Buffer
}

export const keyframeFlags = 0x02000000
export const nonKeyframeFlags = 0x01010000

export function buildInit(options: InitOptions = {}): Buffer {
  const { timescale = 90_000, width = 640, height = 360, trackId = 1 } = options
  const avcC = options.avcC ?? Buffer.from([1, 0x64, 0x00, 0x1e, 0xff, 0xe0, 0x00])
  const visualFields = Buffer.alloc(78)
  visualFields.writeUInt16BE(1, 6) // data_reference_index
  visualFields.writeUInt16BE(width, 24)
  visualFields.writeUInt16BE(height, 26)
  const sampleEntry = box('avc1', visualFields, box('avcC', avcC))
  const stsd = fullBox('stsd', 0, 0, u32(1), sampleEntry)
  const tkhd = fullBox('tkhd', 0, 3, u32(0, 0, trackId, 0), Buffer.alloc(60), u32(width << 16, height << 16))
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, timescale, 0), Buffer.alloc(4))
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide'), Buffer.alloc(13))
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('stbl', stsd))))
  const trex = fullBox('trex', 0, 0, u32(trackId, 1, 0, 0, 0))
  return Buffer.concat([
    box('ftyp', Buffer.from('iso5'), u32(512), Buffer.from('iso5iso6mp41')),
    box('moov', trak, box('mvex', trex)),
  ])
}

export interface SampleSpec {
  duration: number
  keyframe: boolean
  size?: number
}

/** One moof + mdat. Durations go in tfhd as a default when they are all equal, else per sample in trun. */
export function buildFragment(sequence: number, decodeTime: number, samples: SampleSpec[], trackId = 1): Buffer {
  const sizes = samples.map((sample) => sample.size ?? 1000)
  const first = samples[0]
  const sameDuration = samples.every((sample) => sample.duration === first?.duration)
  const restKeyframes = samples.slice(1).some((sample) => sample.keyframe)
  const tfhdFlags = 0x020000 | (sameDuration ? 0x8 : 0) | 0x20
  const tfhd = fullBox(
    'tfhd',
    0,
    tfhdFlags,
    u32(trackId),
    sameDuration ? u32(first?.duration ?? 0) : Buffer.alloc(0),
    u32(nonKeyframeFlags),
  )
  const tfdt = fullBox('tfdt', 1, 0, u64(decodeTime))
  const trunFlags = 0x1 | 0x4 | (sameDuration ? 0 : 0x100) | 0x200 | (restKeyframes ? 0x400 : 0)
  const entries = samples.map((sample, index) =>
    Buffer.concat([
      sameDuration ? Buffer.alloc(0) : u32(sample.duration),
      u32(sizes[index]!),
      restKeyframes ? u32(sample.keyframe ? keyframeFlags : nonKeyframeFlags) : Buffer.alloc(0),
    ]),
  )
  const trunBody = (dataOffset: number) =>
    Buffer.concat([u32(samples.length, dataOffset, first?.keyframe ? keyframeFlags : nonKeyframeFlags), ...entries])
  const moofWith = (dataOffset: number) =>
    box(
      'moof',
      fullBox('mfhd', 0, 0, u32(sequence)),
      box('traf', tfhd, tfdt, fullBox('trun', 0, trunFlags, trunBody(dataOffset))),
    )
  const moofSize = moofWith(0).length
  const mdat = box(
    'mdat',
    Buffer.alloc(
      sizes.reduce((sum, size) => sum + size, 0),
      0xab,
    ),
  )
  return Buffer.concat([moofWith(moofSize + 8), mdat])
}

export interface StreamSpec {
  fps: number
  gopFrames: number
  frames: number
  timescale?: number
  startFrame?: number
  frameBytes?: number
}

/** A one-frame-per-fragment stream like ffmpeg's +frag_every_frame output: a list of fragments. */
export function buildFrames(spec: StreamSpec): Buffer[] {
  const timescale = spec.timescale ?? 90_000
  const frameTicks = timescale / spec.fps
  const start = spec.startFrame ?? 0
  return Array.from({ length: spec.frames }, (_, index) => {
    const frame = start + index
    return buildFragment(frame + 1, Math.round(frame * frameTicks), [
      { duration: frameTicks, keyframe: frame % spec.gopFrames === 0, size: spec.frameBytes ?? 1000 },
    ])
  })
}
