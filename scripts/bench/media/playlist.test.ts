import { describe, expect, it } from 'vitest'
import { listsSegment, nextReload, readPlaylist } from './playlist.ts'

const llHls = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:1
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.6
#EXT-X-PART-INF:PART-TARGET=0.2
#EXT-X-MEDIA-SEQUENCE:7
#EXT-X-MAP:URI="init-1.mp4"
#EXTINF:1.00000,
seg-7.m4s
#EXT-X-PART:DURATION=0.2,URI="part-40.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.2,URI="part-41.m4s"
#EXTINF:0.40000,
seg-8.m4s
#EXT-X-PART:DURATION=0.2,URI="part-42.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-43.m4s"
`

const ffmpegHls = (segments: string[]): string => `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:1
#EXT-X-MEDIA-SEQUENCE:0
${segments.map((s) => `#EXTINF:1.000000,\n${s}`).join('\n')}
`

describe('reading an LL-HLS playlist', () => {
  it('finds the segments, every part, the map and the preload hint', () => {
    expect(readPlaylist(llHls)).toEqual({
      mediaSequence: 7,
      segments: ['seg-7.m4s', 'seg-8.m4s'],
      parts: ['part-40.m4s', 'part-41.m4s', 'part-42.m4s'],
      openSegmentParts: 1,
      map: 'init-1.mp4',
      preloadHint: 'part-43.m4s',
    })
  })

  it("asks next for the open segment's next part", () => {
    expect(nextReload(readPlaylist(llHls))).toEqual({ msn: 9, part: 1 })
  })

  it('right after a segment closed, asks for part 0 of the next one', () => {
    expect(nextReload(readPlaylist(llHls.replace(/#EXT-X-PART:[^\n]*part-42[^\n]*\n/, '')))).toEqual({
      msn: 9,
      part: 0,
    })
  })
})

describe("is ffmpeg's playlist playable yet", () => {
  it('not before it lists a segment, and yes once it does', () => {
    expect(listsSegment('#EXTM3U\n#EXT-X-VERSION:3\n')).toBe(false)
    expect(listsSegment(ffmpegHls([]))).toBe(false)
    expect(listsSegment(ffmpegHls(['index0.ts']))).toBe(true)
  })
})
