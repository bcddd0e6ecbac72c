import { describe, expect, it } from 'vitest'
import { renderReplayPlaylist, type ReplaySegment } from './replay-playlist.ts'

const T = Date.parse('2026-12-03T10:00:00Z')
const segment = (msn: number, generation: number, independent: boolean): ReplaySegment => ({
  msn,
  generation,
  programDateTimeMs: T + msn * 1000,
  durationMs: 1000,
  independent,
})

describe('instant replay playlist', () => {
  it('lists the newest run from its first keyframe segment, with wall-clock times, as a finished VOD', () => {
    const text = renderReplayPlaylist([
      segment(4, 0, true),
      segment(5, 1, false),
      segment(6, 1, true),
      segment(7, 1, false),
    ])
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-MEDIA-SEQUENCE:6',
        '#EXT-X-MAP:URI="init-1.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T10:00:06.000Z',
        '#EXTINF:1.000,',
        'seg-6.m4s',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T10:00:07.000Z',
        '#EXTINF:1.000,',
        'seg-7.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    )
  })

  it('has nothing to offer before a segment that starts at a keyframe is complete', () => {
    expect(renderReplayPlaylist([])).toBeUndefined()
    expect(renderReplayPlaylist([segment(0, 0, false)])).toBeUndefined()
  })
})
