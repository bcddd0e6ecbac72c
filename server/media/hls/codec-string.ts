/**
 * RFC 6381 CODECS strings from the decoder configuration records in a sample entry, the form hls.js and
 * MSE's isTypeSupported() expect: avc1.PPCCLL for H.264, hvc1.<space><profile>.<compat>.<tier><level>.<constraints>
 * for H.265 (ISO/IEC 14496-15 annex E).
 */
import { ByteCursor, Fmp4ParseError } from './box-reader.ts'

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0')
}

/** avcC: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication. */
export function avcCodecString(sampleEntry: string, avcC: Buffer): string {
  const cursor = new ByteCursor(avcC, 0, avcC.length, 'avcC')
  const version = cursor.u8()
  if (version !== 1) throw new Fmp4ParseError(`avcC: configurationVersion ${version}, expected 1`)
  return `${sampleEntry}.${hex2(cursor.u8())}${hex2(cursor.u8())}${hex2(cursor.u8())}`.toLowerCase()
}

function reverseBits32(value: number): number {
  let reversed = 0
  for (let bit = 0; bit < 32; bit++) reversed = (reversed << 1) | ((value >>> bit) & 1)
  return reversed >>> 0
}

export function hevcCodecString(sampleEntry: string, hvcC: Buffer): string {
  const cursor = new ByteCursor(hvcC, 0, hvcC.length, 'hvcC')
  const version = cursor.u8()
  if (version !== 1) throw new Fmp4ParseError(`hvcC: configurationVersion ${version}, expected 1`)
  const profileByte = cursor.u8()
  const profileSpace = ['', 'A', 'B', 'C'][profileByte >>> 6] ?? ''
  const tier = (profileByte & 0x20) !== 0 ? 'H' : 'L'
  const profileIdc = profileByte & 0x1f
  // The compatibility flags are written in reverse bit order, as hex without leading zeros.
  const compatibility = reverseBits32(cursor.u32()).toString(16).toUpperCase()
  const constraints = Array.from(cursor.bytes(6))
  const level = cursor.u8()
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop()
  const constraintText = constraints.map((byte) => `.${hex2(byte).toUpperCase()}`).join('')
  return `${sampleEntry}.${profileSpace}${profileIdc}.${compatibility}.${tier}${level}${constraintText}`
}
