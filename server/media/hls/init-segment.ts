/**
 * Reads what the packager needs from an init segment (ftyp + moov): the first video track's id and
 * timescale, its CODECS string and picture size, and the track's default sample values from mvex/trex,
 * which fragments fall back to when their tfhd and trun leave a value out.
 */
import { type Box, cursorFor, findChild, Fmp4ParseError, readChildren, requireChild } from './box-reader.ts'
import { avcCodecString, hevcCodecString } from './codec-string.ts'

export interface SampleDefaults {
  duration: number
  size: number
  flags: number
}

export interface VideoTrackInfo {
  trackId: number
  timescale: number
  codec: string
  width: number
  height: number
  defaults: SampleDefaults
}

const visualSampleEntryFields = 78 // bytes of fixed fields before a VisualSampleEntry's child boxes

function readTrackId(data: Buffer, tkhd: Box): number {
  const cursor = cursorFor(data, tkhd, 'moov/trak/tkhd')
  const { version } = cursor.fullBoxHeader()
  cursor.skip(version === 1 ? 16 : 8) // creation and modification times
  return cursor.u32()
}

function readTimescale(data: Buffer, mdhd: Box): number {
  const cursor = cursorFor(data, mdhd, 'moov/trak/mdia/mdhd')
  const { version } = cursor.fullBoxHeader()
  cursor.skip(version === 1 ? 16 : 8)
  const timescale = cursor.u32()
  if (timescale === 0) throw new Fmp4ParseError('moov/trak/mdia/mdhd: timescale 0')
  return timescale
}

function readHandler(data: Buffer, hdlr: Box): string {
  const cursor = cursorFor(data, hdlr, 'moov/trak/mdia/hdlr')
  cursor.fullBoxHeader()
  cursor.skip(4) // pre_defined
  return cursor.fourcc()
}

function readSampleEntry(data: Buffer, stsd: Box): { codec: string; width: number; height: number } {
  const where = 'moov/trak/mdia/minf/stbl/stsd'
  const cursor = cursorFor(data, stsd, where)
  cursor.fullBoxHeader()
  if (cursor.u32() < 1) throw new Fmp4ParseError(`${where}: no sample entry`)
  const entry = readChildren(data, cursor.offset, stsd.end, where)[0]
  if (!entry) throw new Fmp4ParseError(`${where}: no sample entry`)
  const entryWhere = `${where}/${entry.type}`
  const fields = cursorFor(data, entry, entryWhere)
  fields.skip(24) // reserved, data_reference_index, pre_defined and reserved
  const width = fields.u16()
  const height = fields.u16()
  fields.skip(visualSampleEntryFields - 28)
  const children = readChildren(data, fields.offset, entry.end, entryWhere)
  const config = (type: string): Buffer => {
    const box = children.find((child) => child.type === type)
    if (!box) throw new Fmp4ParseError(`${entryWhere}: no ${type} box`)
    return data.subarray(box.bodyStart, box.end)
  }
  if (entry.type === 'avc1' || entry.type === 'avc3')
    return { codec: avcCodecString(entry.type, config('avcC')), width, height }
  if (entry.type === 'hvc1' || entry.type === 'hev1')
    return { codec: hevcCodecString(entry.type, config('hvcC')), width, height }
  throw new Fmp4ParseError(`${where}: video sample entry ${entry.type} is not H.264 or H.265`)
}

function readTrex(data: Buffer, moov: Box, trackId: number): SampleDefaults {
  const mvex = findChild(data, moov, 'mvex', 'moov')
  if (!mvex) throw new Fmp4ParseError('moov: no mvex box, so the stream is not fragmented MP4 (is empty_moov set?)')
  for (const trex of readChildren(data, mvex.bodyStart, mvex.end, 'moov/mvex')) {
    if (trex.type !== 'trex') continue
    const cursor = cursorFor(data, trex, 'moov/mvex/trex')
    cursor.fullBoxHeader()
    if (cursor.u32() !== trackId) continue
    cursor.skip(4) // default_sample_description_index
    return { duration: cursor.u32(), size: cursor.u32(), flags: cursor.u32() }
  }
  throw new Fmp4ParseError(`moov/mvex: no trex for track ${trackId}`)
}

/** `moov` is the moov box inside `data`. Only the first video track is used; others pass through untouched. */
export function readVideoTrack(data: Buffer, moov: Box): VideoTrackInfo {
  for (const trak of readChildren(data, moov.bodyStart, moov.end, 'moov')) {
    if (trak.type !== 'trak') continue
    const mdia = requireChild(data, trak, 'mdia', 'moov/trak')
    if (readHandler(data, requireChild(data, mdia, 'hdlr', 'moov/trak/mdia')) !== 'vide') continue
    const trackId = readTrackId(data, requireChild(data, trak, 'tkhd', 'moov/trak'))
    const timescale = readTimescale(data, requireChild(data, mdia, 'mdhd', 'moov/trak/mdia'))
    const minf = requireChild(data, mdia, 'minf', 'moov/trak/mdia')
    const stbl = requireChild(data, minf, 'stbl', 'moov/trak/mdia/minf')
    const entry = readSampleEntry(data, requireChild(data, stbl, 'stsd', 'moov/trak/mdia/minf/stbl'))
    return { trackId, timescale, ...entry, defaults: readTrex(data, moov, trackId) }
  }
  throw new Fmp4ParseError('moov: no video track')
}
