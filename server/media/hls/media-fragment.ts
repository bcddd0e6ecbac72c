/**
 * Reads a movie fragment's timing for the video track: where it starts on the media timeline (tfdt), how
 * long it lasts (the sum of its sample durations from trun, falling back to tfhd then trex defaults) and
 * whether it begins with a keyframe (sample flags: not a non-sync sample, and not depending on others).
 * Durations come from here, never from the wall clock, so parts and segments are exact.
 */
import { type Box, cursorFor, Fmp4ParseError, readChildren } from './box-reader.ts'
import type { SampleDefaults } from './init-segment.ts'

export interface FragmentTiming {
  /** Decode time of the first video sample, in the track's timescale. */
  decodeTime: number
  /** Sum of the video sample durations, in the track's timescale. */
  duration: number
  sampleCount: number
  startsWithKeyframe: boolean
  /** Duration of the first sample: the frame interval, used to size parts. */
  firstSampleDuration: number
}

const tfhdBaseDataOffset = 0x1
const tfhdSampleDescriptionIndex = 0x2
const tfhdDefaultDuration = 0x8
const tfhdDefaultSize = 0x10
const tfhdDefaultFlags = 0x20
const trunDataOffset = 0x1
const trunFirstSampleFlags = 0x4
const trunSampleDuration = 0x100
const trunSampleSize = 0x200
const trunSampleFlags = 0x400
const trunCompositionOffset = 0x800

/** ISO/IEC 14496-12 8.8.3.1: sample_depends_on === 1 means "depends on others"; bit 16 is sample_is_non_sync_sample. */
export function isKeyframeFlags(flags: number): boolean {
  const dependsOn = (flags >>> 24) & 0x3
  const nonSync = (flags & 0x10000) !== 0
  return !nonSync && dependsOn !== 1
}

interface TrackFragmentHeader {
  trackId: number
  defaults: SampleDefaults
}

function readTfhd(data: Buffer, tfhd: Box, trexDefaults: SampleDefaults): TrackFragmentHeader {
  const cursor = cursorFor(data, tfhd, 'moof/traf/tfhd')
  const { flags } = cursor.fullBoxHeader()
  const trackId = cursor.u32()
  if (flags & tfhdBaseDataOffset) cursor.skip(8)
  if (flags & tfhdSampleDescriptionIndex) cursor.skip(4)
  const defaults = { ...trexDefaults }
  if (flags & tfhdDefaultDuration) defaults.duration = cursor.u32()
  if (flags & tfhdDefaultSize) defaults.size = cursor.u32()
  if (flags & tfhdDefaultFlags) defaults.flags = cursor.u32()
  return { trackId, defaults }
}

function readTfdt(data: Buffer, tfdt: Box): number {
  const cursor = cursorFor(data, tfdt, 'moof/traf/tfdt')
  const { version } = cursor.fullBoxHeader()
  return version === 1 ? cursor.u64() : cursor.u32()
}

interface RunSummary {
  duration: number
  sampleCount: number
  firstFlags: number
  firstDuration: number
}

function readTrun(data: Buffer, trun: Box, defaults: SampleDefaults): RunSummary {
  const where = 'moof/traf/trun'
  const cursor = cursorFor(data, trun, where)
  const { flags } = cursor.fullBoxHeader()
  const sampleCount = cursor.u32()
  if (flags & trunDataOffset) cursor.skip(4)
  const firstSampleFlags = flags & trunFirstSampleFlags ? cursor.u32() : undefined
  const bytesPerSample =
    [trunSampleDuration, trunSampleSize, trunSampleFlags, trunCompositionOffset].filter((bit) => flags & bit).length * 4
  // Checked before the loop so a hostile sample_count cannot make us spin over millions of missing entries.
  if (sampleCount * bytesPerSample > cursor.remaining)
    throw new Fmp4ParseError(`${where}: ${sampleCount} samples do not fit in ${cursor.remaining} bytes`)
  let duration = 0
  let firstFlags = firstSampleFlags ?? defaults.flags
  let firstDuration = defaults.duration
  for (let index = 0; index < sampleCount; index++) {
    const sampleDuration = flags & trunSampleDuration ? cursor.u32() : defaults.duration
    if (flags & trunSampleSize) cursor.skip(4)
    const sampleFlags =
      flags & trunSampleFlags
        ? cursor.u32()
        : index === 0 && firstSampleFlags !== undefined
          ? firstSampleFlags
          : defaults.flags
    if (flags & trunCompositionOffset) cursor.skip(4)
    if (index === 0) {
      firstFlags = sampleFlags
      firstDuration = sampleDuration
    }
    duration += sampleDuration
  }
  return { duration, sampleCount, firstFlags, firstDuration }
}

/** `moof` is the moof box inside `data`; returns the video track's timing, or undefined when it has no video samples. */
export function readFragmentTiming(
  data: Buffer,
  moof: Box,
  trackId: number,
  trexDefaults: SampleDefaults,
): FragmentTiming | undefined {
  for (const traf of readChildren(data, moof.bodyStart, moof.end, 'moof')) {
    if (traf.type !== 'traf') continue
    const children = readChildren(data, traf.bodyStart, traf.end, 'moof/traf')
    const tfhdBox = children.find((child) => child.type === 'tfhd')
    if (!tfhdBox) throw new Fmp4ParseError('moof/traf: no tfhd box')
    const header = readTfhd(data, tfhdBox, trexDefaults)
    if (header.trackId !== trackId) continue
    const tfdtBox = children.find((child) => child.type === 'tfdt')
    if (!tfdtBox) throw new Fmp4ParseError('moof/traf: no tfdt box, so the fragment has no place on the timeline')
    const runs = children.filter((child) => child.type === 'trun').map((trun) => readTrun(data, trun, header.defaults))
    const first = runs.find((run) => run.sampleCount > 0)
    if (!first) return undefined
    return {
      decodeTime: readTfdt(data, tfdtBox),
      duration: runs.reduce((sum, run) => sum + run.duration, 0),
      sampleCount: runs.reduce((sum, run) => sum + run.sampleCount, 0),
      startsWithKeyframe: isKeyframeFlags(first.firstFlags),
      firstSampleDuration: first.firstDuration,
    }
  }
  return undefined
}
