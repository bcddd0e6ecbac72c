import { describe, expect, it } from 'vitest'
import { timelineLine, type PaintTimeline } from './wall-timeline.ts'

const timeline: PaintTimeline = {
  documentMs: 400,
  domContentLoadedMs: 900,
  requests: [
    { path: '/assets/index.js', startMs: 450, sentMs: 460, endMs: 2_000 },
    { path: '/api/wall/state', startMs: 2_500, sentMs: 2_500, endMs: 2_800 },
    { path: '/live/cam-1/sub/index.m3u8', startMs: 2_900, sentMs: 2_900, endMs: 3_000 },
    { path: '/live/cam-2/sub/index.m3u8', startMs: 2_950, sentMs: 4_100, endMs: 4_200 },
    { path: '/live/cam-2/sub/init-0.mp4', startMs: 4_250, sentMs: 4_260, endMs: 4_300 },
    { path: '/live/cam-2/sub/seg-3.m4s', startMs: 4_300, sentMs: 4_600, endMs: 4_700 },
  ],
  resourceEntries: 250,
  liveEntries: 231,
  marks: [
    { name: 'app:start', ms: 2_100 },
    { name: 'wall:state', ms: 2_850 },
    { name: 'wall:tile-playing:cam-1', ms: 3_300 },
    { name: 'wall:tile-playing:cam-2', ms: 5_000 },
  ],
}

describe('the timeline line', () => {
  it("tells the marks, the playlists, the tiles' frames, and the last tile's chain with its queued requests", () => {
    expect(timelineLine(timeline)).toBe(
      'html 0.40, app:start 2.10, wall:state 2.85, playlists asked 2.90, all answered 4.20, ' +
        "tiles' first frames 3.30-5.00, 231 of 250 requests live video, last tile cam-2: " +
        'playlist asked 2.95, sent 4.10, answered 4.20; init asked 4.25, answered 4.30; ' +
        'media asked 4.30, sent 4.60, answered 4.70; first frame 5.00',
    )
  })

  it('without tiles playing, no last tile', () => {
    expect(timelineLine({ ...timeline, marks: timeline.marks.slice(0, 2) })).not.toContain('last tile')
  })
})
