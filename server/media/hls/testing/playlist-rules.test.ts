import { describe, expect, it } from 'vitest'
import { checkPlaylist, checkPlaylistSuccession } from './playlist-rules.ts'

const valid = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:1
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000
#EXT-X-PART-INF:PART-TARGET=0.20000
#EXT-X-MEDIA-SEQUENCE:4
#EXT-X-MAP:URI="init-0.mp4"
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T08:00:00.000Z
#EXT-X-PART:DURATION=0.20000,URI="part-20.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.20000,URI="part-21.m4s"
#EXT-X-PART:DURATION=0.20000,URI="part-22.m4s"
#EXT-X-PART:DURATION=0.20000,URI="part-23.m4s"
#EXT-X-PART:DURATION=0.20000,URI="part-24.m4s"
#EXTINF:1.00000,
seg-4.m4s
#EXT-X-PART:DURATION=0.20000,URI="part-25.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-26.m4s"
`

describe('checkPlaylist', () => {
  it('accepts a valid low-latency playlist', () => {
    expect(checkPlaylist(valid)).toEqual([])
  })

  it.each([
    [
      'a part longer than PART-TARGET',
      valid.replace('DURATION=0.20000,URI="part-21', 'DURATION=0.24000,URI="part-21'),
      /part part-21.m4s \(0.24\) is within PART-TARGET/,
    ],
    [
      'a segment longer than the target duration',
      valid.replace('#EXTINF:1.00000', '#EXTINF:1.60000'),
      /rounded, is within EXT-X-TARGETDURATION/,
    ],
    [
      'a preload hint that skips a part',
      valid.replace('part-26.m4s', 'part-27.m4s'),
      /names the part after the last listed one/,
    ],
    [
      'a media sequence that does not match the first segment',
      valid.replace('MEDIA-SEQUENCE:4', 'MEDIA-SEQUENCE:3'),
      /MEDIA-SEQUENCE \+ position/,
    ],
    [
      'a hold-back under three part targets',
      valid.replace('PART-HOLD-BACK=0.60000', 'PART-HOLD-BACK=0.40000'),
      /at least three times PART-TARGET/,
    ],
    [
      'a short part in the middle of a segment',
      valid.replace('DURATION=0.20000,URI="part-22', 'DURATION=0.10000,URI="part-22'),
      /at least 85% of PART-TARGET/,
    ],
    ['a duration with an exponent', valid.replace('#EXTINF:1.00000', '#EXTINF:1e0'), /decimal-floating-point/],
    ['no EXT-X-MAP', valid.replace('#EXT-X-MAP:URI="init-0.mp4"\n', ''), /EXT-X-MAP comes before the first segment/],
  ])('catches %s', (_name, text, message) => {
    expect(checkPlaylist(text).join('\n')).toMatch(message)
  })
})

describe('checkPlaylistSuccession', () => {
  it('catches a target duration that changed and a media sequence that went back', () => {
    const later = valid.replace('TARGETDURATION:1', 'TARGETDURATION:2').replace('MEDIA-SEQUENCE:4', 'MEDIA-SEQUENCE:3')
    expect(checkPlaylistSuccession(valid, later)).toEqual([
      'EXT-X-TARGETDURATION does not change (1 then 2)',
      'EXT-X-MEDIA-SEQUENCE never goes back',
    ])
  })
})
