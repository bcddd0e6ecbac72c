import { describe, expect, it } from 'vitest'
import { buildFmp4OutputArgs } from './fmp4-output-args.ts'

describe('buildFmp4OutputArgs', () => {
  it.each([
    [
      'H.264 is copied as it comes, one fragment per frame, to stdout',
      'h264' as const,
      [
        '-map',
        '0:v:0',
        '-c:v',
        'copy',
        '-f',
        'mp4',
        '-movflags',
        '+frag_every_frame+empty_moov+default_base_moof',
        'pipe:1',
      ],
    ],
    [
      'H.265 is tagged hvc1, which Safari and the HLS rules require',
      'h265' as const,
      [
        '-map',
        '0:v:0',
        '-c:v',
        'copy',
        '-tag:v',
        'hvc1',
        '-f',
        'mp4',
        '-movflags',
        '+frag_every_frame+empty_moov+default_base_moof',
        'pipe:1',
      ],
    ],
    [
      'an unknown codec is copied untagged rather than mislabelled',
      'unknown' as const,
      [
        '-map',
        '0:v:0',
        '-c:v',
        'copy',
        '-f',
        'mp4',
        '-movflags',
        '+frag_every_frame+empty_moov+default_base_moof',
        'pipe:1',
      ],
    ],
  ])('%s', (_name, codec, expected) => {
    expect(buildFmp4OutputArgs({ codec })).toEqual(expected)
  })
})
