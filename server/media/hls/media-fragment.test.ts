import { describe, expect, it } from 'vitest'
import { readBoxHeader } from './box-reader.ts'
import { isKeyframeFlags, readFragmentTiming } from './media-fragment.ts'
import { buildFragment, keyframeFlags, nonKeyframeFlags } from './testing/fmp4-builder.ts'

const noDefaults = { duration: 0, size: 0, flags: 0 }

function timingOf(fragment: Buffer, trackId = 1, defaults = noDefaults) {
  return readFragmentTiming(fragment, readBoxHeader(fragment, 0, fragment.length)!, trackId, defaults)
}

describe('isKeyframeFlags', () => {
  it.each([
    ['an I-frame (depends on nothing, sync) is a keyframe', keyframeFlags, true],
    ['a P-frame (depends on others, non-sync) is not', nonKeyframeFlags, false],
    ['a sync sample with unknown dependency is a keyframe', 0x00000000, true],
    ['a non-sync sample is never a keyframe, whatever its dependency says', 0x02010000, false],
    ['a sample that depends on others is not a keyframe even if marked sync', 0x01000000, false],
  ])('%s', (_name, flags, expected) => {
    expect(isKeyframeFlags(flags)).toBe(expected)
  })
})

describe('readFragmentTiming', () => {
  it('sums per-sample durations and finds the keyframe from first-sample-flags', () => {
    const fragment = buildFragment(1, 90_000, [
      { duration: 3000, keyframe: true },
      { duration: 3600, keyframe: false },
      { duration: 4200, keyframe: false },
    ])
    expect(timingOf(fragment)).toEqual({
      decodeTime: 90_000,
      duration: 10_800,
      sampleCount: 3,
      startsWithKeyframe: true,
      firstSampleDuration: 3000,
    })
  })

  it('takes the duration from tfhd defaults when trun has none, as ffmpeg writes it', () => {
    const fragment = buildFragment(7, 3600 * 6, [{ duration: 3600, keyframe: false }])
    expect(timingOf(fragment)).toMatchObject({ decodeTime: 21_600, duration: 3600, startsWithKeyframe: false })
  })

  it('ignores a fragment of another track', () => {
    expect(timingOf(buildFragment(1, 0, [{ duration: 3600, keyframe: true }], 2))).toBeUndefined()
  })

  it('refuses a sample count that does not fit in the trun, without looping over it', () => {
    const fragment = buildFragment(1, 0, [
      { duration: 3000, keyframe: true },
      { duration: 3600, keyframe: false },
    ])
    const countAt = fragment.indexOf('trun') + 8
    fragment.writeUInt32BE(0xffffffff, countAt)
    expect(() => timingOf(fragment)).toThrow(/samples do not fit/)
  })
})
