import { describe, expect, it } from 'vitest'
import { gapsBetween, recordedRanges } from './recorded-ranges.ts'
import { renderVodPlaylist, type PlaylistFile } from './vod-playlist.ts'

const T = Date.UTC(2026, 11, 3, 2, 0, 0)
const file = (id: number | null, startMs: number, seconds: number, newRun = false): PlaylistFile => ({
  id,
  startMs,
  endMs: startMs + seconds * 1000,
  newRun,
  initBytes: 800,
  pieces: Array.from({ length: seconds }, () => [1000, 1000, 1] as [number, number, 0 | 1]),
})

describe('the VOD playlist over stored files', () => {
  it('lists byte ranges per piece, one EXT-X-MAP per file, and a discontinuity only where the timeline breaks', () => {
    const files = [file(1, T, 2, true), file(2, T + 2000, 2), file(3, T + 10_000, 2, true)]
    expect(renderVodPlaylist(files, T, T + 12_000).split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-MAP:URI="r1.mp4",BYTERANGE="800@0"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T02:00:00.000Z',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@800',
      'r1.mp4',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@1800',
      'r1.mp4',
      '#EXT-X-MAP:URI="r2.mp4",BYTERANGE="800@0"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T02:00:02.000Z',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@800',
      'r2.mp4',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@1800',
      'r2.mp4',
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-MAP:URI="r3.mp4",BYTERANGE="800@0"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T02:00:10.000Z',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@800',
      'r3.mp4',
      '#EXTINF:1.000,',
      '#EXT-X-BYTERANGE:1000@1800',
      'r3.mp4',
      '#EXT-X-ENDLIST',
      '',
    ])
  })

  it('trims to the asked range, reaching back to the keyframe before its start', () => {
    const f = file(1, T, 4, true)
    f.pieces[1]![2] = 0
    const lines = renderVodPlaylist([f], T + 1500, T + 2500).split('\n')
    expect(lines.filter((l) => l.startsWith('#EXT-X-BYTERANGE'))).toEqual([
      '#EXT-X-BYTERANGE:1000@800',
      '#EXT-X-BYTERANGE:1000@1800',
      '#EXT-X-BYTERANGE:1000@2800',
    ])
  })

  it('names the file being written by its start: it has no id before it closes', () => {
    const lines = renderVodPlaylist([file(7, T, 2, true), file(null, T + 2000, 2)], T, T + 4000).split('\n')
    expect(lines.filter((l) => l.includes('.mp4'))).toEqual([
      '#EXT-X-MAP:URI="r7.mp4",BYTERANGE="800@0"',
      'r7.mp4',
      'r7.mp4',
      `#EXT-X-MAP:URI="w${T + 2000}.mp4",BYTERANGE="800@0"`,
      `w${T + 2000}.mp4`,
      `w${T + 2000}.mp4`,
    ])
  })
})

describe('recorded ranges and gaps', () => {
  it('merges files that follow each other and reports the gaps around and between', () => {
    const files = [
      { startMs: T, endMs: T + 60_000 },
      { startMs: T + 60_000, endMs: T + 120_000 },
      { startMs: T + 180_000, endMs: T + 240_000 },
    ]
    const ranges = recordedRanges(files, T - 10_000, T + 200_000)
    expect(ranges).toEqual([
      { startMs: T, endMs: T + 120_000 },
      { startMs: T + 180_000, endMs: T + 200_000 },
    ])
    expect(gapsBetween(ranges, T - 10_000, T + 200_000)).toEqual([
      { startMs: T - 10_000, endMs: T },
      { startMs: T + 120_000, endMs: T + 180_000 },
    ])
  })
})
