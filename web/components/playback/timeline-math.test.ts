import { describe, expect, it } from 'vitest'
import {
  DAY_MS,
  following,
  HOUR_MS,
  layoutRanges,
  MIN_SPAN_MS,
  MINUTE_MS,
  panned,
  spanOf,
  ticks,
  timeAt,
  viewAround,
  xOf,
  zoneOffsetMs,
  zoomed,
} from './timeline-math.ts'

const NOW = Date.parse('2026-12-03T12:00:00Z')
const hour = { startMs: NOW - HOUR_MS, endMs: NOW }

describe('time and x', () => {
  it.each([
    ['the view start is at x 0', NOW - HOUR_MS, 0],
    ['the middle of the view is in the middle of the bar', NOW - HOUR_MS / 2, 300],
    ['now is at the right edge', NOW, 600],
  ])('%s', (_name, ms, x) => {
    expect(xOf(ms, hour, 600)).toBeCloseTo(x)
    expect(timeAt(x, hour, 600)).toBe(ms)
  })

  it('a click left of the bar means the view start, right of it the view end', () => {
    expect(timeAt(-20, hour, 600)).toBe(hour.startMs)
    expect(timeAt(650, hour, 600)).toBe(hour.endMs)
  })
})

describe('zooming', () => {
  it('zooming in around the pointer keeps the moment under the pointer where it was', () => {
    const anchor = NOW - HOUR_MS / 4
    const next = zoomed(hour, 0.5, anchor, NOW)
    expect(spanOf(next)).toBe(HOUR_MS / 2)
    expect(xOf(anchor, next, 600)).toBeCloseTo(xOf(anchor, hour, 600))
  })

  it('stops at two minutes and at a day', () => {
    expect(spanOf(zoomed(hour, 0.0001, NOW - MINUTE_MS, NOW))).toBe(MIN_SPAN_MS)
    expect(spanOf(zoomed(hour, 100, NOW - MINUTE_MS, NOW))).toBe(DAY_MS)
  })

  it('never shows the future: zooming out near now keeps the right edge at now', () => {
    const next = zoomed(hour, 2, NOW, NOW)
    expect(next).toEqual({ startMs: NOW - 2 * HOUR_MS, endMs: NOW })
    expect(panned(hour, HOUR_MS, NOW)).toEqual(hour)
  })

  it('a view around a moment puts it three quarters across, or ends now', () => {
    const at = NOW - 3 * HOUR_MS
    expect(xOf(at, viewAround(at, HOUR_MS, NOW), 100)).toBeCloseTo(75)
    expect(viewAround(NOW - MINUTE_MS, HOUR_MS, NOW).endMs).toBe(NOW)
  })

  it('follows the playhead when it runs off the bar, and stays put while it is on it', () => {
    expect(following(hour, NOW - 10 * MINUTE_MS, NOW)).toBe(hour)
    const paged = following(hour, NOW - 2 * HOUR_MS, NOW)
    expect(spanOf(paged)).toBe(HOUR_MS)
    expect(paged.startMs).toBeLessThan(NOW - 2 * HOUR_MS)
  })
})

describe('ranges on the bar', () => {
  it('clips ranges to the view, drops those outside, and gives a short range at least a pixel', () => {
    const spans = layoutRanges(
      [
        { startMs: NOW - 2 * HOUR_MS, endMs: NOW - HOUR_MS / 2 },
        { startMs: NOW - HOUR_MS / 4, endMs: NOW - HOUR_MS / 4 + 100 },
        { startMs: NOW - 3 * HOUR_MS, endMs: NOW - 2 * HOUR_MS },
      ],
      hour,
      600,
    )
    expect(spans).toHaveLength(2)
    expect(spans[0]!.left).toBe(0)
    expect(spans[0]!.width).toBeCloseTo(300)
    expect(spans[1]!.left).toBeCloseTo(450)
    expect(spans[1]!.width).toBe(1)
  })
})

describe('ticks', () => {
  it('an hour on 600 px with 60 px between ticks: every 10 minutes on round local minutes', () => {
    const marks = ticks(hour, 600, 60, 8 * HOUR_MS)
    expect(marks[1]! - marks[0]!).toBe(10 * MINUTE_MS)
    expect(marks.every((t) => t % (10 * MINUTE_MS) === 0)).toBe(true)
  })

  it('a day on 300 px with 40 px between ticks: every 6 hours, falling on local whole hours of the site zone', () => {
    const day = { startMs: NOW - DAY_MS, endMs: NOW }
    const marks = ticks(day, 300, 40, zoneOffsetMs(NOW, 'Asia/Shanghai'))
    const step = marks[1]! - marks[0]!
    expect(step).toBe(6 * HOUR_MS)
    expect(new Date(marks[0]! + 8 * HOUR_MS).getUTCMinutes()).toBe(0)
  })

  it('the zone offset of Asia/Shanghai is eight hours', () => {
    expect(zoneOffsetMs(NOW, 'Asia/Shanghai')).toBe(8 * HOUR_MS)
    expect(zoneOffsetMs(NOW, 'UTC')).toBe(0)
  })
})
